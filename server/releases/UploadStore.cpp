#include "server/releases/UploadStore.h"

#include "core/crypto/Hash.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace flotilla::server::releases {

namespace {

Error unknownUpload(const QString &id)
{
    return Error(u"no upload '%1' (unknown, or removed after an hour without data)"_s.arg(id), 404);
}

} // namespace

UploadStore::UploadStore(QString folder, const Clock &clock, qint64 maxIdleMs, qint64 maxBytes)
    : m_folder(std::move(folder))
    , m_clock(clock)
    , m_maxIdleMs(maxIdleMs)
    , m_maxBytes(maxBytes)
{
    // Files left by an earlier run are unknown to this one. Only old ones go: another server
    // sharing the folder (scale-out) may still be receiving the recent ones.
    const QDateTime cutoff = QDateTime::fromMSecsSinceEpoch(m_clock.nowMs() - m_maxIdleMs, Qt::UTC);
    const QFileInfoList leftovers = QDir(m_folder).entryInfoList(QDir::Files | QDir::Hidden);
    for (const QFileInfo &file : leftovers) {
        if (file.lastModified() < cutoff)
            QFile::remove(file.filePath());
    }
}

QString UploadStore::filePath(const QString &id) const
{
    return m_folder + u'/' + id;
}

UploadStore::Info UploadStore::infoLocked(const QString &id, const Entry &entry) const
{
    return Info{id, entry.size, entry.lastUsedMs + m_maxIdleMs};
}

void UploadStore::expireLocked(qint64 nowMs)
{
    for (auto it = m_uploads.begin(); it != m_uploads.end();) {
        if (!it->appending && nowMs - it->lastUsedMs > m_maxIdleMs) {
            QFile::remove(filePath(it.key()));
            it = m_uploads.erase(it);
        } else {
            ++it;
        }
    }
}

Result<UploadStore::Info> UploadStore::create()
{
    const qint64 now = m_clock.nowMs();
    std::lock_guard lock(m_mutex);
    expireLocked(now);
    if (m_uploads.size() >= MaxOpenUploads)
        return Error(u"%1 uploads are open already; finish or abandon one first"_s.arg(MaxOpenUploads), 503);
    if (!QDir().mkpath(m_folder))
        return Error(u"cannot create the upload folder %1"_s.arg(m_folder));
    const QString id = QString::fromLatin1(crypto::randomBytes(16).toHex());
    QFile file(filePath(id));
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly))
        return Error(u"cannot create %1: %2"_s.arg(file.fileName(), file.errorString()));
    file.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    const Entry entry{0, now, false};
    m_uploads.insert(id, entry);
    return infoLocked(id, entry);
}

Result<UploadStore::Info> UploadStore::append(const QString &id, qint64 offset, QByteArrayView data, qint64 *sizeOut)
{
    {
        std::lock_guard lock(m_mutex);
        expireLocked(m_clock.nowMs());
        const auto it = m_uploads.find(id);
        if (it == m_uploads.end())
            return unknownUpload(id);
        if (sizeOut)
            *sizeOut = it->size;
        if (it->appending)
            return Error(u"another append to upload %1 is running"_s.arg(id), 409);
        if (offset != it->size) {
            return Error(u"upload %1 has %2 bytes: append at offset %2, not %3"_s.arg(id).arg(it->size).arg(offset),
                         409);
        }
        if (data.size() > m_maxBytes - it->size)
            return Error(u"an upload may hold at most %1 bytes"_s.arg(m_maxBytes), 413);
        it->appending = true; // the write below runs unlocked; this keeps others and expiry away
    }

    QFile file(filePath(id));
    bool written = file.open(QIODevice::ReadWrite);
    // A write that failed halfway before may have left bytes past the size we count: cut them.
    written =
        written && file.resize(offset) && file.seek(offset) && file.write(data.data(), data.size()) == data.size();
    written = written && file.flush();
    const QString writeError = file.errorString();
    file.close();

    std::lock_guard lock(m_mutex);
    const auto it = m_uploads.find(id);
    if (it == m_uploads.end()) // removed meanwhile
        return unknownUpload(id);
    it->appending = false;
    it->lastUsedMs = m_clock.nowMs();
    if (!written)
        return Error(u"cannot write upload %1: %2"_s.arg(id, writeError));
    it->size += data.size();
    if (sizeOut)
        *sizeOut = it->size;
    return infoLocked(id, *it);
}

Result<UploadStore::Info> UploadStore::info(const QString &id)
{
    std::lock_guard lock(m_mutex);
    expireLocked(m_clock.nowMs());
    const auto it = m_uploads.constFind(id);
    if (it == m_uploads.cend())
        return unknownUpload(id);
    return infoLocked(id, *it);
}

Result<QString> UploadStore::pathOf(const QString &id)
{
    std::lock_guard lock(m_mutex);
    expireLocked(m_clock.nowMs());
    const auto it = m_uploads.find(id);
    if (it == m_uploads.end())
        return unknownUpload(id);
    if (it->appending)
        return Error(u"upload %1 is still being written"_s.arg(id), 409);
    it->lastUsedMs = m_clock.nowMs(); // an import is about to read it
    return filePath(id);
}

void UploadStore::remove(const QString &id)
{
    std::lock_guard lock(m_mutex);
    if (m_uploads.remove(id) > 0)
        QFile::remove(filePath(id));
}

} // namespace flotilla::server::releases
