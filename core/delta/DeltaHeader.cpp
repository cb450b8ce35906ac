#include "core/delta/DeltaHeader.h"

#include "core/delta/DeltaCodec.h"
#include "core/delta/DeltaSupport.h"

#include <cstring>

using namespace Qt::StringLiterals;

namespace flotilla::delta {

QByteArray DeltaHeader::serialize() const
{
    QByteArray out;
    out.reserve(Size);
    out.append(magic.left(8).leftJustified(8, '\0'));
    appendLe32(out, version);
    appendLe32(out, flags);
    appendLe64(out, sourceSize);
    out.append(reinterpret_cast<const char *>(sourceSha256.data()), 32);
    appendLe64(out, targetSize);
    out.append(reinterpret_cast<const char *>(targetSha256.data()), 32);
    appendLe64(out, applyMemory);
    appendLe64(out, reserved);
    return out;
}

namespace {

constexpr quint64 MaxImage = quint64(1) << 62;
constexpr char CompactVersion = '2';

void appendVarint(QByteArray &out, quint64 v)
{
    for (; v >= 0x80; v >>= 7)
        out.append(char((v & 0x7f) | 0x80));
    out.append(char(v));
}

// Unsigned LEB128 of at most 9 bytes (63 bits: anything larger is refused as a size anyway).
bool readVarint(const unsigned char *&p, const unsigned char *end, quint64 *value)
{
    *value = 0;
    for (int shift = 0; shift < 63 && p < end; shift += 7) {
        const unsigned char byte = *p++;
        *value |= quint64(byte & 0x7f) << shift;
        if (!(byte & 0x80))
            return true;
    }
    return false;
}

} // namespace

QByteArray DeltaHeader::serializeCompact() const
{
    QByteArray out = magic.left(3).leftJustified(3, '\0');
    out.append(CompactVersion);
    appendVarint(out, flags);
    appendVarint(out, sourceSize);
    appendVarint(out, targetSize);
    appendVarint(out, applyMemory);
    out.append(reinterpret_cast<const char *>(sourceSha256.data()), CompactDigestBytes);
    out.append(reinterpret_cast<const char *>(targetSha256.data()), CompactDigestBytes);
    return out;
}

Result<DeltaHeader> DeltaHeader::parseCompact(QByteArrayView bytes, QByteArrayView tag, qsizetype *consumed)
{
    if (bytes.size() < 4)
        return deltaError(DeltaError::Corrupt, u"delta header is truncated"_s);
    if (bytes.first(3) != tag || bytes[3] < '2' || bytes[3] > '9')
        return deltaError(DeltaError::Corrupt, u"not a delta of this codec (wrong magic)"_s);
    if (bytes[3] != CompactVersion)
        return deltaError(DeltaError::Unsupported,
                          u"delta format version %1 is not supported"_s.arg(QChar::fromLatin1(bytes[3])));
    DeltaHeader h;
    h.magic = bytes.first(3).toByteArray();
    h.version = 2;
    h.digestBytes = CompactDigestBytes;
    const auto *begin = reinterpret_cast<const unsigned char *>(bytes.data());
    const auto *end = begin + bytes.size();
    const unsigned char *p = begin + 4;
    quint64 flags = 0;
    if (!readVarint(p, end, &flags) || !readVarint(p, end, &h.sourceSize) || !readVarint(p, end, &h.targetSize) ||
        !readVarint(p, end, &h.applyMemory) || end - p < 2 * CompactDigestBytes)
        return deltaError(DeltaError::Corrupt, u"delta header is truncated or malformed"_s);
    if (flags > 0xffffffffu || h.sourceSize > MaxImage || h.targetSize > MaxImage || h.applyMemory > MaxImage)
        return deltaError(DeltaError::Corrupt, u"delta header claims impossible sizes"_s);
    h.flags = quint32(flags);
    std::memcpy(h.sourceSha256.data(), p, CompactDigestBytes);
    std::memcpy(h.targetSha256.data(), p + CompactDigestBytes, CompactDigestBytes);
    *consumed = (p - begin) + 2 * CompactDigestBytes;
    return h;
}

bool DeltaHeader::sourceMatches(const Digest &sha256) const
{
    return std::memcmp(sha256.data(), sourceSha256.data(), size_t(digestBytes)) == 0;
}

bool DeltaHeader::targetMatches(const Digest &sha256) const
{
    return std::memcmp(sha256.data(), targetSha256.data(), size_t(digestBytes)) == 0;
}

Result<DeltaHeader> DeltaHeader::parse(QByteArrayView bytes, QByteArrayView expectedMagic, quint32 maxVersion)
{
    if (bytes.size() < Size)
        return deltaError(DeltaError::Corrupt, u"delta header is truncated"_s);
    if (bytes.first(8) != expectedMagic)
        return deltaError(DeltaError::Corrupt, u"not a delta of this codec (wrong magic)"_s);
    DeltaHeader h;
    h.magic = bytes.first(8).toByteArray();
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.data());
    h.version = readLe32(p + 8);
    h.flags = readLe32(p + 12);
    h.sourceSize = readLe64(p + 16);
    std::memcpy(h.sourceSha256.data(), p + 24, 32);
    h.targetSize = readLe64(p + 56);
    std::memcpy(h.targetSha256.data(), p + 64, 32);
    h.applyMemory = readLe64(p + 96);
    h.reserved = readLe64(p + 104);
    if (h.version == 0 || h.version > maxVersion)
        return deltaError(DeltaError::Unsupported, u"delta format version %1 is not supported"_s.arg(h.version));
    // Sizes are file offsets; anything past 2^62 is a lie, not an image.
    if (h.sourceSize > MaxImage || h.targetSize > MaxImage || h.applyMemory > MaxImage)
        return deltaError(DeltaError::Corrupt, u"delta header claims impossible sizes"_s);
    return h;
}

} // namespace flotilla::delta
