#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QByteArrayView>

#include <array>

namespace flotilla::delta {

// The fields every Flotilla payload starts with (docs/delta-codecs.md): what the payload was made
// from, what it rebuilds and the memory applying it needs. Each codec has its own magic so that a
// payload is never applied by the wrong codec. Two layouts:
//  - format 1: 112 bytes, little-endian, 8-byte magic, both SHA-256 whole (still applied);
//  - format 2 (written since): 3-byte codec tag + version character '2', varint flags and sizes,
//    and the first 16 bytes of each SHA-256: 38-76 bytes (the signed instruction carries the full
//    digests of the payload and the target; these only tell a wrong source or a bad rebuild).
struct DeltaHeader
{
    static constexpr qsizetype Size = 112;
    static constexpr int CompactDigestBytes = 16;
    static constexpr qsizetype CompactMaxSize = 4 + 4 * 10 + 2 * CompactDigestBytes;
    using Digest = std::array<unsigned char, 32>;

    QByteArray magic; // format 1: 8 bytes; format 2: tag + version character
    quint32 version = 1;
    int digestBytes = 32; // leading bytes of each SHA-256 that the payload records
    quint32 flags = 0;
    quint64 sourceSize = 0;
    Digest sourceSha256{};
    quint64 targetSize = 0;
    Digest targetSha256{};
    quint64 applyMemory = 0;
    quint64 reserved = 0;

    QByteArray serialize() const;        // format 1
    QByteArray serializeCompact() const; // format 2; magic = the 3-byte tag
    // Corrupt when the bytes are not a header with this magic; Unsupported for a newer version.
    static Result<DeltaHeader> parse(QByteArrayView bytes, QByteArrayView expectedMagic, quint32 maxVersion);
    // Format 2 with this 3-byte tag; *consumed = the header's length. Corrupt when truncated or
    // malformed, Unsupported for a version character above '2'.
    static Result<DeltaHeader> parseCompact(QByteArrayView bytes, QByteArrayView tag, qsizetype *consumed);

    // Whether a whole SHA-256 agrees with the recorded (possibly shortened) one.
    bool sourceMatches(const Digest &sha256) const;
    bool targetMatches(const Digest &sha256) const;
};

} // namespace flotilla::delta
