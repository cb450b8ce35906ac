#include "core/delta/LzmaStream.h"

#include "core/delta/DeltaCodec.h"
#include "core/delta/DeltaSupport.h"

using namespace Qt::StringLiterals;

namespace flotilla::delta {

namespace {

constexpr qint64 InputChunk = 64 * 1024;

struct Filters
{
    lzma_options_lzma lzma{};
    lzma_filter chain[3]{};

    explicit Filters(const LzmaStream::Params &params, bool forEncoder)
    {
        lzma_lzma_preset(&lzma, 9 | LZMA_PRESET_EXTREME);
        lzma.dict_size = params.dictSize;
        if (!params.preset.isEmpty()) {
            lzma.preset_dict = reinterpret_cast<const uint8_t *>(params.preset.data());
            lzma.preset_dict_size = quint32(params.preset.size());
        }
        lzma.lc = quint32(params.lc);
        lzma.lp = quint32(params.lp);
        lzma.pb = quint32(params.pb);
        if (forEncoder) {
            // The longest match LZMA knows: delta streams are full of long zero and copy runs.
            lzma.nice_len = 273;
            lzma.mf = LZMA_MF_BT4;
        }
        int i = 0;
        if (params.x86)
            chain[i++] = lzma_filter{LZMA_FILTER_X86, nullptr};
        chain[i++] = lzma_filter{LZMA_FILTER_LZMA2, &lzma};
        chain[i] = lzma_filter{LZMA_VLI_UNKNOWN, nullptr};
    }
};

bool validParams(const LzmaStream::Params &p)
{
    return p.dictSize >= LzmaStream::MinDict && p.dictSize <= LzmaStream::MaxDict && p.lc >= 0 && p.lp >= 0 &&
           p.lc + p.lp <= 4 && p.pb >= 0 && p.pb <= 4;
}

} // namespace

Result<QByteArray> LzmaStream::compress(QByteArrayView raw, const Params &params)
{
    if (!validParams(params))
        return deltaError(DeltaError::Io, u"invalid LZMA parameters"_s);
    Filters filters(params, true);
    lzma_stream strm = LZMA_STREAM_INIT;
    if (lzma_raw_encoder(&strm, filters.chain) != LZMA_OK)
        return deltaError(DeltaError::OutOfMemory, u"cannot start the LZMA encoder"_s);
    QByteArray out;
    out.resize(qMax<qsizetype>(4096, raw.size() / 2 + 4096));
    strm.next_in = reinterpret_cast<const uint8_t *>(raw.data());
    strm.avail_in = size_t(raw.size());
    lzma_ret ret = LZMA_OK;
    while (ret == LZMA_OK) {
        if (strm.total_out == quint64(out.size()))
            out.resize(out.size() * 2);
        strm.next_out = reinterpret_cast<uint8_t *>(out.data()) + strm.total_out;
        strm.avail_out = size_t(out.size()) - size_t(strm.total_out);
        ret = lzma_code(&strm, LZMA_FINISH);
    }
    const quint64 produced = strm.total_out;
    lzma_end(&strm);
    if (ret != LZMA_STREAM_END)
        return deltaError(DeltaError::Io, u"LZMA encoder failed (%1)"_s.arg(int(ret)));
    out.truncate(qsizetype(produced));
    return out;
}

quint64 LzmaStream::decoderMemory(const Params &params)
{
    if (params.stored)
        return quint64(InputChunk);
    if (!validParams(params))
        return UINT64_MAX;
    Filters filters(params, false);
    return lzma_raw_decoder_memusage(filters.chain) + quint64(InputChunk);
}

LzmaStream::LzmaStream() = default;

LzmaStream::~LzmaStream()
{
    lzma_end(&m_stream);
}

Status LzmaStream::open(QFile *file, qint64 offset, qint64 packedSize, quint64 rawSize, const Params &params)
{
    m_stored = params.stored;
    if (m_stored) {
        if (quint64(packedSize) != rawSize)
            return deltaError(DeltaError::Corrupt, u"stored delta stream has the wrong length"_s);
        m_file = file;
        m_packedPos = offset;
        m_packedEnd = offset + packedSize;
        m_rawSize = rawSize;
        return {};
    }
    if (!validParams(params))
        return deltaError(DeltaError::Corrupt, u"delta stream has invalid LZMA parameters"_s);
    Filters filters(params, false);
    if (lzma_raw_decoder(&m_stream, filters.chain) != LZMA_OK)
        return deltaError(DeltaError::OutOfMemory, u"cannot start the LZMA decoder"_s);
    m_file = file;
    m_packedPos = offset;
    m_packedEnd = offset + packedSize;
    m_rawSize = rawSize;
    m_in.resize(InputChunk);
    m_stream.avail_in = 0;
    return {};
}

Status LzmaStream::fill()
{
    const qint64 n = qMin<qint64>(InputChunk, m_packedEnd - m_packedPos);
    if (n <= 0)
        return deltaError(DeltaError::Corrupt, u"delta stream is truncated"_s);
    if (Status s = readAt(*m_file, m_packedPos, m_in.data(), n); !s)
        return s;
    m_packedPos += n;
    m_stream.next_in = reinterpret_cast<const uint8_t *>(m_in.constData());
    m_stream.avail_in = size_t(n);
    return {};
}

Status LzmaStream::step()
{
    // Once all packed bytes are in, the decoder is told so: filters (x86) hold back their last
    // bytes until they know the input has ended.
    if (m_stream.avail_in == 0 && m_packedPos < m_packedEnd) {
        if (Status s = fill(); !s)
            return s;
    }
    const lzma_ret ret = lzma_code(&m_stream, m_packedPos == m_packedEnd ? LZMA_FINISH : LZMA_RUN);
    if (ret == LZMA_STREAM_END) {
        m_ended = true;
        return {};
    }
    if (ret == LZMA_BUF_ERROR)
        return deltaError(DeltaError::Corrupt, u"delta stream is truncated"_s);
    if (ret != LZMA_OK)
        return deltaError(DeltaError::Corrupt, u"delta stream is corrupt (LZMA error %1)"_s.arg(int(ret)));
    return {};
}

Status LzmaStream::read(char *data, qint64 size)
{
    if (size < 0 || quint64(size) > remaining())
        return deltaError(DeltaError::Corrupt, u"delta reads past the end of one of its streams"_s);
    if (m_stored) {
        if (Status s = readAt(*m_file, m_packedPos, data, size); !s)
            return s;
        m_packedPos += size;
        m_rawDone += quint64(size);
        return {};
    }
    m_stream.next_out = reinterpret_cast<uint8_t *>(data);
    m_stream.avail_out = size_t(size);
    while (m_stream.avail_out > 0) {
        if (m_ended)
            return deltaError(DeltaError::Corrupt, u"delta stream ends early"_s);
        if (Status s = step(); !s)
            return s;
    }
    m_rawDone += quint64(size);
    return {};
}

Status LzmaStream::finish()
{
    if (m_rawDone != m_rawSize)
        return deltaError(DeltaError::Corrupt, u"delta stream has unused data"_s);
    if (m_stored)
        return {};
    // The end marker may still be pending in the decoder: drive it with no room for output.
    char probe = 0;
    while (!m_ended) {
        m_stream.next_out = reinterpret_cast<uint8_t *>(&probe);
        m_stream.avail_out = 1;
        if (Status s = step(); !s)
            return s;
        if (m_stream.avail_out == 0)
            return deltaError(DeltaError::Corrupt, u"delta stream has more data than its header says"_s);
    }
    if (m_stream.avail_in != 0 || m_packedPos != m_packedEnd)
        return deltaError(DeltaError::Corrupt, u"delta stream has trailing bytes"_s);
    return {};
}

} // namespace flotilla::delta
