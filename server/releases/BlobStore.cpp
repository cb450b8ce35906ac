#include "server/releases/BlobStore.h"

#include "core/crypto/Hash.h"
#include "server/store/ReleaseRepositories.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QTemporaryFile>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace flotilla::server::releases {

namespace {

const QStringList &blobKinds()
{
    static const QStringList kinds = {u"image"_s, u"delta"_s, u"instruction"_s, u"package"_s, u"bundle"_s};
    return kinds;
}

Status syncFd(int fd, const QString &what)
{
    while (::fsync(fd) != 0) {
        if (errno != EINTR)
            return Error(u"cannot flush %1 to disk: %2"_s.arg(what, QString::fromLocal8Bit(std::strerror(errno))));
    }
    return {};
}

// A rename is durable only once the directory entry is on disk too.
Status syncDirectory(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return Error(u"cannot open %1: %2"_s.arg(path, QString::fromLocal8Bit(std::strerror(errno))));
    Status synced = syncFd(fd, path);
    ::close(fd);
    return synced;
}

// Removes the temporary file unless it was renamed into place.
class TemporaryPath final
{
public:
    explicit TemporaryPath(QString path)
        : m_path(std::move(path))
    {}
    ~TemporaryPath()
    {
        if (!m_path.isEmpty())
            QFile::remove(m_path);
    }
    TemporaryPath(const TemporaryPath &) = delete;
    TemporaryPath &operator=(const TemporaryPath &) = delete;
    void release() { m_path.clear(); }

private:
    QString m_path;
};

// The row as stored: an earlier import of the same bytes keeps its kind and time.
Result<BlobRecord> recordAndRead(QSqlDatabase &db, const BlobRecord &blob)
{
    store::BlobRepository blobs(db);
    if (Status recorded = blobs.insert(blob); !recorded)
        return recorded.error();
    Result<std::optional<BlobRecord>> stored = blobs.find(blob.sha256);
    if (!stored)
        return stored.error();
    return stored->value_or(blob);
}

} // namespace

BlobStore::BlobStore(QString root)
    : m_root(std::move(root))
{}

QString BlobStore::pathOf(const QString &sha256) const
{
    return m_root + u'/' + sha256;
}

bool BlobStore::isSha256(QStringView text)
{
    if (text.size() != 64)
        return false;
    for (QChar c : text) {
        if (!((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f')))
            return false;
    }
    return true;
}

Result<BlobRecord> BlobStore::copyFrom(QIODevice &source, const QString &what, const QString &kind, qint64 nowMs) const
{
    if (!blobKinds().contains(kind))
        return Error(u"unknown blob kind '%1'"_s.arg(kind));
    if (!QDir().mkpath(m_root))
        return Error(u"cannot create the blob folder %1"_s.arg(m_root));

    // The temporary file lives in the blob folder itself, so that the final rename is atomic (same
    // file system) and a reader never sees a partial blob under its digest's name.
    QTemporaryFile target(m_root + u"/.incoming-XXXXXX"_s);
    target.setAutoRemove(false);
    if (!target.open())
        return Error(u"cannot create a file in %1: %2"_s.arg(m_root, target.errorString()));
    TemporaryPath cleanup(target.fileName());

    crypto::MultiHasher hasher;
    QByteArray buffer(ChunkSize, Qt::Uninitialized);
    for (;;) {
        const qint64 count = source.read(buffer.data(), ChunkSize);
        if (count < 0)
            return Error(u"cannot read %1: %2"_s.arg(what, source.errorString()));
        if (count == 0)
            break;
        const QByteArrayView chunk(buffer.constData(), count);
        hasher.addData(chunk);
        if (target.write(chunk.data(), chunk.size()) != chunk.size())
            return Error(u"cannot write to %1: %2"_s.arg(m_root, target.errorString()));
    }
    if (!target.flush())
        return Error(u"cannot write to %1: %2"_s.arg(m_root, target.errorString()));
    if (Status synced = syncFd(target.handle(), target.fileName()); !synced)
        return synced.error();
    target.close();

    const crypto::Digests digests = hasher.result();
    const QString finalPath = pathOf(digests.sha256);
    // rename(2) replaces an existing file atomically: the same digest means the same bytes, and a
    // download still reading the old file keeps its own (identical) inode.
    if (::rename(QFile::encodeName(target.fileName()).constData(), QFile::encodeName(finalPath).constData()) != 0)
        return Error(u"cannot move the blob to %1: %2"_s.arg(finalPath, QString::fromLocal8Bit(std::strerror(errno))));
    cleanup.release();
    if (Status synced = syncDirectory(m_root); !synced)
        return synced.error();

    BlobRecord blob;
    blob.sha256 = digests.sha256;
    blob.sha1 = digests.sha1;
    blob.md5 = digests.md5;
    blob.length = digests.length;
    blob.kind = kind;
    blob.createdAtMs = nowMs;
    return blob;
}

Result<BlobRecord> BlobStore::copyFile(const QString &path, const QString &kind, qint64 nowMs) const
{
    QFile source(path);
    // Unbuffered: the chunks go straight into our buffer, not through QFile's.
    if (!source.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return Error(u"cannot open %1: %2"_s.arg(path, source.errorString()));
    return copyFrom(source, path, kind, nowMs);
}

Status BlobStore::record(QSqlDatabase &db, const BlobRecord &blob)
{
    return store::BlobRepository(db).insert(blob);
}

Result<BlobRecord> BlobStore::importFile(QSqlDatabase &db, const QString &path, const QString &kind, qint64 nowMs)
{
    Result<BlobRecord> blob = copyFile(path, kind, nowMs);
    if (!blob)
        return blob;
    return recordAndRead(db, *blob);
}

Result<BlobRecord> BlobStore::importData(QSqlDatabase &db, const QByteArray &data, const QString &kind, qint64 nowMs)
{
    QBuffer source;
    source.setData(data); // shares the bytes, no copy
    if (!source.open(QIODevice::ReadOnly))
        return Error(u"cannot read the data to import"_s);
    Result<BlobRecord> blob = copyFrom(source, u"the data to import"_s, kind, nowMs);
    if (!blob)
        return blob;
    return recordAndRead(db, *blob);
}

Result<std::optional<BlobRecord>> BlobStore::find(QSqlDatabase &db, const QString &sha256) const
{
    if (!isSha256(sha256))
        return std::optional<BlobRecord>();
    return store::BlobRepository(db).find(sha256);
}

} // namespace flotilla::server::releases
