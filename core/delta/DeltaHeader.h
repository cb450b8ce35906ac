#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QByteArrayView>

#include <array>

namespace flotilla::delta {

// The fields every Flotilla payload starts with (docs/delta-codecs.md): what the payload was made
// from, what it rebuilds and the memory applying it needs. 112 bytes, little-endian. Each codec
// has its own magic so that a payload is never applied by the wrong codec.
struct DeltaHeader
{
    static constexpr qsizetype Size = 112;
    using Digest = std::array<unsigned char, 32>;

    QByteArray magic; // 8 bytes
    quint32 version = 1;
    quint32 flags = 0;
    quint64 sourceSize = 0;
    Digest sourceSha256{};
    quint64 targetSize = 0;
    Digest targetSha256{};
    quint64 applyMemory = 0;
    quint64 reserved = 0;

    QByteArray serialize() const;
    // Corrupt when the bytes are not a header with this magic; Unsupported for a newer version.
    static Result<DeltaHeader> parse(QByteArrayView bytes, QByteArrayView expectedMagic, quint32 maxVersion);
};

} // namespace flotilla::delta
