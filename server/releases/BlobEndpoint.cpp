#include "server/releases/BlobEndpoint.h"

#include "core/omadm/Codec.h"
#include "server/releases/BlobStore.h"

#include <QFileInfo>

#include <optional>

using namespace Qt::StringLiterals;

namespace flotilla::server::releases {

namespace {

struct ByteRange
{
    qint64 first = 0;
    qint64 length = 0;
};

// What a Range header asks of a file of `size` bytes (RFC 9110 §14.1.2).
struct RangeRequest
{
    enum Kind
    {
        Whole,         // no usable Range: send everything with 200
        Partial,       // one satisfiable range: 206
        Unsatisfiable, // 416
    };
    Kind kind = Whole;
    ByteRange range;
};

std::optional<qint64> parseOffset(QByteArrayView text)
{
    if (text.isEmpty() || text.size() > 18) // 18 digits fit in qint64; larger is nonsense for a file
        return std::nullopt;
    qint64 value = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

RangeRequest parseRange(QByteArrayView header, qint64 size)
{
    RangeRequest request;
    const QByteArrayView trimmed = header.trimmed();
    constexpr QByteArrayView unit("bytes=");
    // A unit we do not know or a malformed set is ignored, as RFC 9110 allows: the client gets 200.
    if (trimmed.size() <= unit.size() || trimmed.first(unit.size()).compare(unit, Qt::CaseInsensitive) != 0)
        return request;
    const QByteArrayView spec = trimmed.sliced(unit.size()).trimmed();
    // Several ranges would need multipart/byteranges; no vehicle asks for them (a resume asks for
    // one open-ended range), so they get the whole blob with 200, which RFC 9110 permits.
    if (spec.contains(','))
        return request;
    const qsizetype dash = spec.indexOf('-');
    if (dash < 0)
        return request;
    const QByteArrayView firstText = spec.first(dash).trimmed();
    const QByteArrayView lastText = spec.sliced(dash + 1).trimmed();

    if (firstText.isEmpty()) { // "-n": the last n bytes
        const std::optional<qint64> suffix = parseOffset(lastText);
        if (!suffix)
            return request;
        if (*suffix == 0 || size == 0) {
            request.kind = RangeRequest::Unsatisfiable;
            return request;
        }
        const qint64 length = std::min(*suffix, size);
        request.kind = RangeRequest::Partial;
        request.range = {size - length, length};
        return request;
    }
    const std::optional<qint64> first = parseOffset(firstText);
    if (!first)
        return request;
    qint64 last = size - 1; // "a-": to the end
    if (!lastText.isEmpty()) {
        const std::optional<qint64> parsed = parseOffset(lastText);
        if (!parsed || *parsed < *first) // "5-3" is invalid, not unsatisfiable: ignored
            return request;
        last = std::min(*parsed, size - 1);
    }
    if (*first >= size) {
        request.kind = RangeRequest::Unsatisfiable;
        return request;
    }
    request.kind = RangeRequest::Partial;
    request.range = {*first, last - *first + 1};
    return request;
}

http::Response errorResponse(int status, const QString &reason)
{
    return http::Response::json(status, omadm::encode(omadm::ErrorBody{status, reason}));
}

} // namespace

BlobEndpoint::BlobEndpoint(const BlobStore &store)
    : m_store(store)
{}

http::Response BlobEndpoint::serve(const http::Request &request, const QString &sha256,
                                   std::function<void(qint64 bytesSent, bool complete)> served) const
{
    const bool head = request.method == "HEAD";
    if (!head && request.method != "GET") {
        http::Response response = errorResponse(405, u"Method Not Allowed"_s);
        response.headers.set("Allow", "GET, HEAD");
        return response;
    }
    // Only a well-formed digest reaches the file system: anything else could name another path.
    if (!BlobStore::isSha256(sha256))
        return errorResponse(404, u"Not Found"_s);
    const QString path = m_store.pathOf(sha256);
    const QFileInfo info(path);
    if (!info.isFile())
        return errorResponse(404, u"Not Found"_s);
    const qint64 size = info.size();
    const QByteArray etag = '"' + sha256.toLatin1() + '"';

    RangeRequest range;
    if (request.headers.contains("Range")) {
        // If-Range with another validator (an older blob's ETag, or a date, which a blob does not
        // have) means the client's partial copy is of something else: send the whole blob.
        const bool rangeApplies =
            !request.headers.contains("If-Range") || request.headers.value("If-Range").trimmed() == etag;
        if (rangeApplies)
            range = parseRange(request.headers.value("Range"), size);
    }

    http::Response response;
    response.headers.set("Accept-Ranges", "bytes");
    response.headers.set("ETag", etag);
    response.headOnly = head;
    if (range.kind == RangeRequest::Unsatisfiable) {
        response.status = 416;
        response.headers.set("Content-Range", "bytes */" + QByteArray::number(size));
        return response;
    }
    response.headers.set("Content-Type", "application/octet-stream");
    auto file = std::make_shared<http::FileBody>();
    file->path = path;
    if (range.kind == RangeRequest::Partial) {
        response.status = 206;
        file->offset = range.range.first;
        file->length = range.range.length;
        response.headers.set("Content-Range", "bytes " + QByteArray::number(range.range.first) + '-' +
                                                  QByteArray::number(range.range.first + range.range.length - 1) + '/' +
                                                  QByteArray::number(size));
    } else {
        response.status = 200;
        file->length = size;
    }
    response.file = std::move(file);
    // A HEAD sends no body, so it serves nothing to count.
    if (!head && served)
        response.onFinished = std::move(served);
    return response;
}

} // namespace flotilla::server::releases
