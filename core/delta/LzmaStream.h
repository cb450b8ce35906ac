#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QFile>

#include <lzma.h>
#include <memory>

namespace flotilla::delta {

// One raw LZMA2 stream (optionally behind liblzma's x86 branch filter, or stored as is) of a delta: compressed
// whole at build time, decoded piecewise at apply time from a region of the delta file. The
// dictionary size is what bounds the decoder's memory, so it travels with the stream.
class LzmaStream final
{
public:
    struct Params
    {
        quint32 dictSize = 1 << 20;
        bool x86 = false; // liblzma's BCJ x86 filter in front of LZMA2
        int lc = 3;
        int lp = 0;
        int pb = 2;
        bool stored = false; // no compression: tiny streams, where LZMA's own bytes would cost more
        // History the stream starts with (LZMA2 preset dictionary); not stored in the stream, both
        // sides must supply the same bytes. Only needs to live until compress() / open() return.
        QByteArrayView preset;
    };
    // Smallest dictionary liblzma accepts; also the floor for empty streams.
    static constexpr quint32 MinDict = 4096;
    static constexpr quint32 MaxDict = 64u << 20; // no delta may ask for more

    static Result<QByteArray> compress(QByteArrayView raw, const Params &params);
    // Exact memory liblzma's decoder needs for these parameters (UINT64_MAX when invalid).
    static quint64 decoderMemory(const Params &params);

    LzmaStream();
    ~LzmaStream();
    LzmaStream(const LzmaStream &) = delete;
    LzmaStream &operator=(const LzmaStream &) = delete;

    // Decodes rawSize bytes from [offset, offset + packedSize) of file, which stays owned by the
    // caller and is shared with other streams (every read seeks).
    Status open(QFile *file, qint64 offset, qint64 packedSize, quint64 rawSize, const Params &params);
    // Exactly size bytes; Corrupt when the stream has fewer or is malformed.
    Status read(char *data, qint64 size);
    // Corrupt unless every raw and packed byte was used and the stream ended there.
    Status finish();
    quint64 remaining() const { return m_rawSize - m_rawDone; }

private:
    Status fill();
    Status step(); // one decoder call, feeding input as needed

    QFile *m_file = nullptr;
    qint64 m_packedPos = 0;
    qint64 m_packedEnd = 0;
    quint64 m_rawSize = 0;
    quint64 m_rawDone = 0;
    lzma_stream m_stream = LZMA_STREAM_INIT;
    bool m_ended = false;
    bool m_stored = false;
    QByteArray m_in;
};

} // namespace flotilla::delta
