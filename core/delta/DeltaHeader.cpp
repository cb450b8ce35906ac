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
    constexpr quint64 MaxImage = quint64(1) << 62;
    if (h.sourceSize > MaxImage || h.targetSize > MaxImage || h.applyMemory > MaxImage)
        return deltaError(DeltaError::Corrupt, u"delta header claims impossible sizes"_s);
    return h;
}

} // namespace flotilla::delta
