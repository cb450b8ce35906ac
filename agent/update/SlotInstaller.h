#pragma once

#include "core/Result.h"
#include "core/crypto/Hash.h"
#include "core/update/UpdateInstruction.h"

#include <QString>

#include <atomic>
#include <optional>

namespace flotilla::agent {

// One ECU's (or one SCOMO component's) A/B slots in the agent's folder (security.md R13, R14):
//
//   <root>/A/image.bin, <root>/B/image.bin   the two slots
//   <root>/active                            "A" or "B", written atomically; absent = A
//   <root>/pending                           {"Previous","Next"} while a switch is not committed
//
// A slot that was never written holds the factory image of the unit's running version: it is
// materialized (SyntheticImage of the unit's key and version) only when an update needs it, so a
// simulated fleet costs no disk until it updates. The running slot is never written by an install.
class SlotInstaller final
{
public:
    // imageKey: the SyntheticImage key (ECU hardware id, or component id); runningVersion: what the
    // vehicle reports for the unit, the image of the active slot when it was never written.
    SlotInstaller(QString root, QString imageKey, QString runningVersion);

    QString activeSlot() const; // "A" or "B"
    QString inactiveSlot() const;
    QString imagePath(const QString &slot) const;
    bool isMaterialized(const QString &slot) const;
    // The running image's path, generated into the active slot first if it was never written.
    Result<QString> activeImage() const;

    // Rebuilds target into the inactive slot from payloadPath with its codec (the delta's source is
    // the active image), then checks length, SHA-256 and SHA-1 against the target before the
    // image takes the slot's name. Errors (UpdateError.h): 403 source-mismatch, 402 payload-corrupt /
    // image-length / image-sha256 / image-sha1, 405 codec, 502 memory, 410 io, 400 cancelled.
    Result<crypto::Digests> rebuild(const update::Target &target, const QString &payloadPath, qint64 memoryLimitBytes,
                                    const std::atomic<bool> &cancelled) const;

    struct Switch
    {
        QString previous;
        QString next;
    };
    std::optional<Switch> pendingSwitch() const;
    Status switchTo(const QString &slot); // records the pending switch, then moves the active marker
    Status commit();                      // the new slot stays: forget the pending switch
    Status rollback();                    // back to the previous slot
    // The boot check of the simulated ECU: the active image is the one expected.
    Status bootCheck(const QString &expectedSha256) const;

private:
    QString m_root;
    QString m_imageKey;
    QString m_runningVersion;
};

} // namespace flotilla::agent
