#pragma once

#include "server/http/HttpTypes.h"

#include <functional>

namespace flotilla::server::releases {

class BlobStore;

// GET/HEAD /dm/blob/<sha256> for an authenticated vehicle (the DeviceEndpoint checked the token):
// streamed from disk (http::FileBody), Range (one range; RFC 9110), If-Range against the ETag
// (the quoted SHA-256), 200/206/416 with Content-Range, 404 for an unknown blob. served is called
// once the body went out (or the connection died), with the bytes actually sent, so that the server
// can count a job's download progress.
class BlobEndpoint final
{
public:
    explicit BlobEndpoint(const BlobStore &store);
    http::Response serve(const http::Request &request, const QString &sha256,
                         std::function<void(qint64 bytesSent, bool complete)> served) const;

private:
    const BlobStore &m_store;
};

} // namespace flotilla::server::releases
