#pragma once

#include "agent/net/AsioRuntime.h"
#include "agent/update/BackgroundWorker.h"
#include "agent/update/UpdateOptions.h"
#include "core/Result.h"

#include <QString>
#include <QUrl>

#include <functional>
#include <memory>

namespace flotilla::agent {

struct DownloadSpec
{
    QUrl url;          // https://<host>/dm/blob/<sha256>
    qint64 length = 0; // exact length; 0 = unknown (then maxBytes bounds it)
    qint64 maxBytes = 0;
    QString sha256; // empty: not checked here (the caller checks)
    QString md5;    // the seed's check, when the instruction gives one
    QString partPath;
    QString finalPath;
};

// One resumable download (PROTOCOL.md §6 step 4, security.md R8-R11): continues a partial file
// left by a dropped connection or a previous run with Range + If-Range (ETag = the quoted SHA-256
// of the URL), reads at most the signed length (endless data), then checks length, SHA-256 and
// MD5 on a worker thread and renames the file into place. Network failures are retried with
// exponential back-off; a mismatch drops the file and downloads it once more from the start.
// Failures (UpdateError.h): 402 payload-length / payload-sha256 / payload-md5, 411 not-found,
// 500 http-<status> / tls-config, 501 space, 503 network.
class Downloader final
{
public:
    Downloader(net::Lane &lane, std::unique_ptr<net::HttpsClient> client,
               QList<std::pair<QByteArray, QByteArray>> headers, const UpdateOptions &options,
               BackgroundWorker &worker);
    ~Downloader();
    Downloader(const Downloader &) = delete;
    Downloader &operator=(const Downloader &) = delete;

    // progress gets the bytes on disk; returning false stops the download for good (no callback).
    void start(DownloadSpec spec, std::function<bool(qint64 fileBytes)> progress, std::function<void(Status)> done);
    void stop(); // no callback after this
    qint64 bytesReceived() const { return m_bytesReceived; }

private:
    void attempt();
    void onResult(Result<net::DownloadResult> result);
    void retry(bool madeProgress, const QString &why);
    void verify();
    void fail(Error error);

    net::Lane &m_lane;
    std::unique_ptr<net::HttpsClient> m_client;
    QList<std::pair<QByteArray, QByteArray>> m_headers;
    const UpdateOptions &m_options;
    BackgroundWorker &m_worker;
    std::unique_ptr<net::Timer> m_timer;
    std::shared_ptr<int> m_alive = std::make_shared<int>(0);
    DownloadSpec m_spec;
    std::function<bool(qint64)> m_progress;
    std::function<void(Status)> m_done;
    int m_failures = 0;
    int m_attempts = 0;
    qint64 m_sizeAtAttempt = 0;
    bool m_refetched = false; // the one full retry after a mismatch
    bool m_stopped = false;
    qint64 m_bytesReceived = 0;
};

} // namespace flotilla::agent
