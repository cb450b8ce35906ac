#include "agent/update/SlotInstaller.h"

#include "agent/update/UpdateError.h"
#include "core/delta/DeltaCodec.h"
#include "core/omadm/Codes.h"
#include "core/update/SyntheticImage.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace flotilla::agent {

namespace {

Status writeAtomically(const QString &path, const QByteArray &content)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size() || !file.commit())
        return Error(u"cannot write %1: %2"_s.arg(path, file.errorString()));
    return {};
}

Error codecError(const Error &error)
{
    switch (delta::DeltaError(error.code)) {
    case delta::DeltaError::Corrupt:
        return updateError(int(omadm::FumoResult::CorruptedPackage), u"payload-corrupt"_s, error.message);
    case delta::DeltaError::SourceMismatch:
        return updateError(int(omadm::FumoResult::DeviceMismatch), u"source-mismatch"_s, error.message);
    case delta::DeltaError::OutOfMemory:
        return updateError(int(omadm::FumoResult::UpdateOutOfMemory), u"memory"_s, error.message);
    case delta::DeltaError::Unsupported:
        return updateError(int(omadm::FumoResult::NotAcceptable), u"codec"_s, error.message);
    case delta::DeltaError::Cancelled:
        return updateError(int(omadm::FumoResult::ClientError), u"cancelled"_s, error.message);
    case delta::DeltaError::Io:
        break;
    }
    return updateError(int(omadm::FumoResult::UpdateFailed), u"io"_s, error.message);
}

} // namespace

SlotInstaller::SlotInstaller(QString root, QString imageKey, QString runningVersion)
    : m_root(std::move(root))
    , m_imageKey(std::move(imageKey))
    , m_runningVersion(std::move(runningVersion))
{}

QString SlotInstaller::activeSlot() const
{
    QFile marker(m_root + u"/active"_s);
    if (marker.open(QIODevice::ReadOnly) && marker.readAll().trimmed() == "B")
        return u"B"_s;
    return u"A"_s;
}

QString SlotInstaller::inactiveSlot() const
{
    return activeSlot() == u"A" ? u"B"_s : u"A"_s;
}

QString SlotInstaller::imagePath(const QString &slot) const
{
    return m_root + u'/' + slot + u"/image.bin"_s;
}

bool SlotInstaller::isMaterialized(const QString &slot) const
{
    return QFile::exists(imagePath(slot));
}

Result<QString> SlotInstaller::activeImage() const
{
    const QString slot = activeSlot();
    const QString path = imagePath(slot);
    if (QFile::exists(path))
        return path;
    if (slot != u"A")
        return updateError(int(omadm::FumoResult::UpdateFailed), u"io"_s, u"slot %1 is active but empty"_s.arg(path));
    // The factory image was always there; the simulation writes it down only now that it is read.
    if (auto s = update::SyntheticImage(m_imageKey, m_runningVersion).writeFile(path); !s)
        return updateError(int(omadm::FumoResult::UpdateFailed), u"io"_s, s.errorString());
    return path;
}

Result<crypto::Digests> SlotInstaller::rebuild(const update::Target &target, const QString &payloadPath,
                                               qint64 memoryLimitBytes, const std::atomic<bool> &cancelled) const
{
    const delta::Codec *codec = delta::codecByName(target.payload.codec);
    if (!codec)
        return updateError(int(omadm::FumoResult::NotAcceptable), u"codec"_s,
                           u"no codec %1 on this vehicle"_s.arg(target.payload.codec));
    QString source;
    if (codec->usesSource()) {
        auto active = activeImage();
        if (!active)
            return active.error();
        // Refused before patching (security.md T13 i): the delta was made from another image.
        auto digests = crypto::digestFile(*active);
        if (!digests)
            return updateError(int(omadm::FumoResult::UpdateFailed), u"io"_s, digests.errorString());
        if (digests->sha256 != target.payload.fromSha256)
            return updateError(
                int(omadm::FumoResult::DeviceMismatch), u"source-mismatch"_s,
                u"%1 runs %2, the delta applies to %3"_s.arg(target.ecu, digests->sha256, target.payload.fromSha256));
        source = *active;
    }
    const QString slot = inactiveSlot();
    if (!QDir().mkpath(m_root + u'/' + slot))
        return updateError(int(omadm::FumoResult::UpdateFailed), u"io"_s, u"cannot create slot %1"_s.arg(slot));
    const QString finalPath = imagePath(slot);
    const QString output = finalPath + u".new"_s;
    QFile::remove(finalPath); // the inactive slot's old image: not running, about to be replaced
    delta::ApplyOptions options;
    options.memoryLimitBytes = memoryLimitBytes;
    options.progress = [&cancelled](qint64, qint64) { return !cancelled.load(); };
    if (auto s = codec->apply(source, payloadPath, output, options); !s) {
        QFile::remove(output);
        return codecError(s.error());
    }
    auto digests = crypto::digestFile(output);
    if (!digests) {
        QFile::remove(output);
        return updateError(int(omadm::FumoResult::UpdateFailed), u"io"_s, digests.errorString());
    }
    QString reason;
    if (digests->length != target.length)
        reason = u"image-length"_s;
    else if (digests->sha256 != target.sha256)
        reason = u"image-sha256"_s;
    else if (!target.sha1.isEmpty() && digests->sha1 != target.sha1.toLower())
        reason = u"image-sha1"_s; // the seed's accuracy check, never a reason to accept
    if (!reason.isEmpty()) {
        QFile::remove(output);
        return updateError(int(omadm::FumoResult::CorruptedPackage), reason,
                           u"the rebuilt image of %1 is not version %2 (%3)"_s.arg(target.ecu, target.version, reason));
    }
    if (!QFile::rename(output, finalPath))
        return updateError(int(omadm::FumoResult::UpdateFailed), u"io"_s, u"cannot rename %1"_s.arg(output));
    return *digests;
}

std::optional<SlotInstaller::Switch> SlotInstaller::pendingSwitch() const
{
    QFile file(m_root + u"/pending"_s);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QJsonObject o = QJsonDocument::fromJson(file.readAll()).object();
    Switch s{o.value(u"Previous"_s).toString(), o.value(u"Next"_s).toString()};
    if ((s.previous != u"A" && s.previous != u"B") || (s.next != u"A" && s.next != u"B"))
        return std::nullopt;
    return s;
}

Status SlotInstaller::switchTo(const QString &slot)
{
    if (!QDir().mkpath(m_root))
        return Error(u"cannot create %1"_s.arg(m_root));
    const QJsonObject pending{{u"Previous"_s, activeSlot()}, {u"Next"_s, slot}};
    if (auto s = writeAtomically(m_root + u"/pending"_s, QJsonDocument(pending).toJson(QJsonDocument::Compact)); !s)
        return s;
    return writeAtomically(m_root + u"/active"_s, slot.toLatin1() + '\n');
}

Status SlotInstaller::commit()
{
    QFile pending(m_root + u"/pending"_s);
    if (pending.exists() && !pending.remove())
        return Error(u"cannot remove %1: %2"_s.arg(pending.fileName(), pending.errorString()));
    return {};
}

Status SlotInstaller::rollback()
{
    const std::optional<Switch> pending = pendingSwitch();
    if (pending) {
        if (auto s = writeAtomically(m_root + u"/active"_s, pending->previous.toLatin1() + '\n'); !s)
            return s;
    }
    return commit();
}

Status SlotInstaller::bootCheck(const QString &expectedSha256) const
{
    auto digests = crypto::digestFile(imagePath(activeSlot()));
    if (!digests)
        return Error(u"the active slot does not boot: %1"_s.arg(digests.errorString()));
    if (digests->sha256 != expectedSha256)
        return Error(u"the active slot does not hold the installed image"_s);
    return {};
}

} // namespace flotilla::agent
