#pragma once

#include "core/Clock.h"
#include "core/Result.h"

#include <QByteArrayView>
#include <QHash>
#include <QString>

#include <mutex>

namespace flotilla::server::releases {

// Resumable uploads of release images through the management API, whose requests are at most
// 1 MiB: a client creates an upload, appends chunks at the offset it has reached (which must equal
// the upload's size, so a lost answer is recovered by asking the size), then names the upload in
// a release import. Files in one folder, never held in memory. An upload nobody touched for
// maxIdleMs is removed (clock-driven, checked on every call). Thread-safe.
//
// Uploads are known to the process that created them: after a restart, or on another server of a
// scale-out, their ids are unknown (404) and the client starts over.
class UploadStore final
{
public:
    static constexpr qint64 DefaultMaxIdleMs = 60 * 60 * 1000;
    static constexpr qint64 DefaultMaxBytes = 64LL * 1024 * 1024 * 1024; // per upload
    static constexpr int MaxOpenUploads = 64;

    struct Info
    {
        QString id;
        qint64 size = 0;
        qint64 expiresAtMs = 0; // unless it is appended to again
    };

    UploadStore(QString folder, const Clock &clock, qint64 maxIdleMs = DefaultMaxIdleMs,
                qint64 maxBytes = DefaultMaxBytes);

    const QString &folder() const { return m_folder; }

    // Error code 503 when MaxOpenUploads are open.
    Result<Info> create();
    // Appends data at offset. Error code 404: unknown or expired id; 409: offset is not the upload's
    // size (Error::message names the size; sizeOut receives it) or another append is running;
    // 413: past maxBytes.
    Result<Info> append(const QString &id, qint64 offset, QByteArrayView data, qint64 *sizeOut = nullptr);
    Result<Info> info(const QString &id);
    // The file of a complete upload, for an import; Error code 404 when unknown.
    Result<QString> pathOf(const QString &id);
    void remove(const QString &id);

private:
    struct Entry
    {
        qint64 size = 0;
        qint64 lastUsedMs = 0;
        bool appending = false;
    };
    void expireLocked(qint64 nowMs);
    Info infoLocked(const QString &id, const Entry &entry) const;
    QString filePath(const QString &id) const;

    QString m_folder;
    const Clock &m_clock;
    const qint64 m_maxIdleMs;
    const qint64 m_maxBytes;
    std::mutex m_mutex;
    QHash<QString, Entry> m_uploads;
};

} // namespace flotilla::server::releases
