#include "core/delta/FloDiffCodec.h"

#include "core/delta/BranchMap.h"
#include "core/delta/DeltaHeader.h"
#include "core/delta/DeltaOutput.h"
#include "core/delta/DeltaSupport.h"
#include "core/delta/FloDiffMatcher.h"
#include "core/delta/LzmaStream.h"

#include <QElapsedTimer>
#include <QFile>
#include <QLoggingCategory>
#include <QSaveFile>

#include <array>
#include <cstring>

using namespace Qt::StringLiterals;

namespace flotilla::delta {

namespace {

// Build phases and stream sizes: QT_LOGGING_RULES="flotilla.delta.debug=true".
Q_LOGGING_CATEGORY(lcDelta, "flotilla.delta", QtWarningMsg)

// Format 1 (112-byte header, FLODIFF1) is still applied; format 2 (compact header, tag FDF, the
// compact stream table and run encoding below) is what the builder writes.
const QByteArray Magic = QByteArrayLiteral("FLODIFF1");
const QByteArray Tag = QByteArrayLiteral("FDF");
constexpr quint32 FormatVersion = 1;
constexpr quint32 FlagX86References = 1; // BranchMap correction of x86 displacements
constexpr int StreamCount = 6;
enum Stream : int
{
    Control = 0,  // per instruction: copy length, literal length (varints)
    Seek = 1,     // per instruction: source move before the copy (zigzag varint)
    DiffRuns = 2, // per copy: alternating zero-run and data-run lengths (varints)
    Diff = 3,     // the data runs' bytes: target - source
    Literal = 4,  // target bytes with no source counterpart
    Preset = 5,   // source ranges that literals replaced: the literal stream's preset dictionary
};
// Format 1: stream count byte, then per stream at most: two 10-byte varints, method, dictionary
// varint (5 bytes), properties byte. Format 2 is smaller (no count, method inside the first varint).
constexpr qint64 MaxTableSize = 1 + StreamCount * (10 + 10 + 1 + 5 + 1);
constexpr qint64 MaxHeadSize = DeltaHeader::Size + MaxTableSize;
enum Method : quint8
{
    Stored = 0,
    Lzma2 = 1,
    X86Lzma2 = 2,
};

// Dictionary caps per stream: with the x86 map and the buffers below they keep any apply under
// 18 MiB, so that the applying process (flotillactl: 14 MiB of its own) stays under 32 MiB
// resident. Literals (new code and data, after their preset) gain most from a long reach; the other
// streams are far smaller. (Measured: a 10 MiB literal cap changed the corpus deltas by under
// 0.01 % but let the worst case reach 20 MiB.)
constexpr std::array<quint32, StreamCount> DictCap = {1u << 20, 1u << 20, 1u << 20, 2u << 20, 8u << 20, 1u << 20};
// New code often replaces old code in place: the literal stream starts with the source bytes that
// its literals replaced (at most this many, read by the decoder from the source), so LZMA finds
// the parts that survived. It shares the literal stream's dictionary.
constexpr qint64 PresetCap = 4 << 20;
// Zero gaps shorter than this stay inside a data run: two run lengths cost more than the zeros.
// (Measured on the corpus: 4 made the run stream cost more than the zeros it saved, 256 made the
// LZMA encoder crawl through zero runs for a 4 % smaller delta.)
constexpr qint64 MinZeroRun = 16;
constexpr qint64 CacheBlock = 8 * 1024;
constexpr qint64 CacheBlocks = 32;
constexpr qint64 WorkChunk = 64 * 1024;
constexpr qint64 ControlChunk = 4096;
// Source cache, output buffer, copy/diff work buffers and the three varint read-aheads.
constexpr quint64 ApplyOverhead = CacheBlock * CacheBlocks + IoChunkSize + 3 * WorkChunk + 3 * ControlChunk;

struct StreamEntry
{
    quint64 rawSize = 0;
    quint64 packedSize = 0;
    LzmaStream::Params params;
};

quint64 applyNeed(const std::array<StreamEntry, StreamCount> &streams, quint32 flags)
{
    quint64 need = ApplyOverhead;
    if (flags & FlagX86References)
        need += quint64(BranchMap::MaxEntries * BranchMap::EntryBytes);
    const quint64 before = need;
    for (const StreamEntry &s : streams) {
        const quint64 m = LzmaStream::decoderMemory(s.params);
        if (m == UINT64_MAX)
            return UINT64_MAX;
        need += m;
    }
    // The preset is gathered and handed to the literal decoder before the other decoders exist.
    if (streams[Preset].rawSize > 0)
        need = qMax(need, before + LzmaStream::decoderMemory(streams[Literal].params) + quint64(PresetCap));
    return need;
}

void appendVarint(QByteArray &out, quint64 v)
{
    while (v >= 0x80) {
        out.append(char((v & 0x7f) | 0x80));
        v >>= 7;
    }
    out.append(char(v));
}

quint64 zigzag(qint64 v)
{
    return (quint64(v) << 1) ^ quint64(v >> 63);
}

qint64 unzigzag(quint64 v)
{
    return qint64(v >> 1) ^ -qint64(v & 1);
}

// Where each copy starts in the source. Loosely related images alternate between a few alignments
// (source - target offsets), so the seek stream names one of the four most recent alignments by
// its rank (0-3), or else gives 4 + the zigzag move from the end of the previous copy.
class Alignments
{
public:
    static constexpr int Recent = 4;

    quint64 encode(qint64 oldPos, qint64 newPos, qint64 oldEnd)
    {
        const qint64 alignment = oldPos - newPos;
        for (int k = 0; k < Recent; ++k) {
            if (m_recent[size_t(k)] == alignment) {
                promote(k, alignment);
                return quint64(k);
            }
        }
        promote(Recent - 1, alignment);
        return Recent + zigzag(oldPos - oldEnd);
    }

    // False when the position falls outside [0, sourceSize].
    bool decode(quint64 code, qint64 newPos, qint64 oldEnd, qint64 sourceSize, qint64 *oldPos)
    {
        qint64 pos = 0;
        int rank = Recent - 1;
        if (code < Recent) {
            rank = int(code);
            const qint64 alignment = m_recent[size_t(rank)];
            if ((alignment < 0 && -alignment > newPos) || (alignment > 0 && alignment > sourceSize - newPos))
                return false;
            pos = newPos + alignment;
            if (pos > sourceSize)
                return false;
        } else {
            const qint64 move = unzigzag(code - Recent);
            if ((move < 0 && -(move + 1) >= oldEnd) || (move > 0 && move > sourceSize - oldEnd))
                return false;
            pos = oldEnd + move;
        }
        promote(rank, pos - newPos);
        *oldPos = pos;
        return true;
    }

private:
    void promote(int rank, qint64 alignment)
    {
        for (int k = rank; k > 0; --k)
            m_recent[size_t(k)] = m_recent[size_t(k - 1)];
        m_recent[0] = alignment;
    }

    std::array<qint64, Recent> m_recent{};
};

quint32 dictFor(quint64 rawSize, quint32 cap)
{
    return quint32(qBound(quint64(LzmaStream::MinDict), rawSize, quint64(cap)));
}

quint32 le32(const uchar *p)
{
    return quint32(p[0]) | quint32(p[1]) << 8 | quint32(p[2]) << 16 | quint32(p[3]) << 24;
}

void putLe32(uchar *p, quint32 v)
{
    for (int i = 0; i < 4; ++i)
        p[i] = uchar(v >> (8 * i));
}

// How much the displacement field at source position field (holding raw) is expected to change
// in a cover that moves code by siteShift: its target's move minus the instruction's own.
quint32 expectedChange(const BranchMap &map, qint64 field, quint32 raw, qint64 siteShift, qint64 sourceSize)
{
    const qint64 target = field + 4 + qint64(qint32(raw));
    qint64 targetShift = 0;
    if (target < 0 || target >= sourceSize || !map.shiftFor(target, &targetShift))
        return 0;
    return quint32(targetShift - siteShift);
}

// Splits a copy's diff (target - source) into alternating zero runs and data runs: the zero runs
// (most of a copy) become one number, the data runs go to the diff stream. Format 2 writes a zero
// run as 0 when it reaches the end of the copy (the copy length is known) and else as length + 1.
void appendDiffRuns(QByteArray &runs, QByteArray &diff, const uchar *d, qint64 size)
{
    qint64 i = 0;
    while (i < size) {
        const qint64 zeroStart = i;
        while (i < size && d[i] == 0)
            ++i;
        appendVarint(runs, i == size ? 0 : quint64(i - zeroStart) + 1);
        if (i == size)
            break;
        const qint64 dataStart = i;
        qint64 dataEnd = i;
        while (i < size) {
            if (d[i] != 0) {
                dataEnd = ++i;
                continue;
            }
            qint64 z = i;
            while (z < size && d[z] == 0 && z - i < MinZeroRun)
                ++z;
            if (z - i >= MinZeroRun || z == size)
                break;
            i = z;
        }
        i = dataEnd;
        appendVarint(runs, quint64(dataEnd - dataStart));
        diff.append(reinterpret_cast<const char *>(d + dataStart), dataEnd - dataStart);
    }
}

// liblzma's x86 branch filter helps code, hurts anything else: use it for x86 executables.
bool looksLikeX86(const uchar *data, qint64 size)
{
    if (size >= 20 && std::memcmp(data,
                                  "\x7f"
                                  "ELF",
                                  4) == 0) {
        const int machine = data[18] | data[19] << 8;
        return machine == 3 || machine == 62; // EM_386, EM_X86_64
    }
    if (size >= 64 && data[0] == 'M' && data[1] == 'Z')
        return true; // PE images on Windows ECUs are x86 in practice
    return false;
}

// ---- apply-side readers ---------------------------------------------------------------------

// Random access to the source through a small direct-mapped block cache: most copies move forward
// through the source, and the far jumps of a loosely related pair cost one small read each.
class SourceReader
{
public:
    explicit SourceReader(QFile &file)
        : m_file(file)
        , m_cache(CacheBlock * CacheBlocks, Qt::Uninitialized)
    {
        m_tags.fill(-1);
    }

    Status read(qint64 pos, char *data, qint64 size)
    {
        while (size > 0) {
            const qint64 block = pos / CacheBlock;
            const auto slot = size_t(block % CacheBlocks);
            char *cached = m_cache.data() + qint64(slot) * CacheBlock;
            if (m_tags[slot] != block) {
                const qint64 start = block * CacheBlock;
                const qint64 n = qMin<qint64>(CacheBlock, m_file.size() - start);
                if (Status s = readAt(m_file, start, cached, n); !s)
                    return deltaError(DeltaError::Io, u"cannot read the source"_s);
                m_tags[slot] = block;
            }
            const qint64 within = pos - block * CacheBlock;
            const qint64 n = qMin(size, CacheBlock - within);
            std::memcpy(data, cached + within, size_t(n));
            data += n;
            pos += n;
            size -= n;
        }
        return {};
    }

private:
    QFile &m_file;
    QByteArray m_cache;
    std::array<qint64, CacheBlocks> m_tags;
};

// Varints from the control stream, read ahead in small chunks.
class ControlReader
{
public:
    explicit ControlReader(LzmaStream &stream)
        : m_stream(stream)
        , m_buffer(ControlChunk, Qt::Uninitialized)
    {}

    bool atEnd() const { return m_pos == m_size && m_stream.remaining() == 0; }

    Result<quint64> next()
    {
        quint64 value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (m_pos == m_size) {
                m_size = qint64(qMin<quint64>(ControlChunk, m_stream.remaining()));
                m_pos = 0;
                if (m_size == 0)
                    return deltaError(DeltaError::Corrupt, u"control stream ends inside an instruction"_s);
                if (Status s = m_stream.read(m_buffer.data(), m_size); !s)
                    return s.error();
            }
            const auto byte = quint8(m_buffer[m_pos++]);
            if (shift == 63 && byte > 1)
                return deltaError(DeltaError::Corrupt, u"control stream has an oversized number"_s);
            value |= quint64(byte & 0x7f) << shift;
            if (!(byte & 0x80))
                return value;
        }
        return deltaError(DeltaError::Corrupt, u"control stream has an oversized number"_s);
    }

private:
    LzmaStream &m_stream;
    QByteArray m_buffer;
    qint64 m_pos = 0;
    qint64 m_size = 0;
};

struct Layout
{
    DeltaHeader header;
    int format = 2;
    qint64 dataOffset = 0;
    std::array<StreamEntry, StreamCount> streams;
};

Result<Layout> readLayout(QFile &delta)
{
    char bytes[MaxHeadSize] = {};
    const qint64 headSize = qMin<qint64>(delta.size(), MaxHeadSize);
    if (headSize < 5)
        return deltaError(DeltaError::Corrupt, u"delta is truncated"_s);
    if (Status s = readAt(delta, 0, bytes, headSize); !s)
        return s.error();
    Layout layout;
    qsizetype tableOffset = 0;
    if (QByteArrayView(bytes, 8) == Magic) {
        if (headSize < DeltaHeader::Size + 1)
            return deltaError(DeltaError::Corrupt, u"delta is truncated"_s);
        Result<DeltaHeader> header = DeltaHeader::parse(QByteArrayView(bytes, DeltaHeader::Size), Magic, FormatVersion);
        if (!header)
            return header.error();
        layout.header = *header;
        layout.format = 1;
        tableOffset = DeltaHeader::Size;
    } else {
        Result<DeltaHeader> header = DeltaHeader::parseCompact(QByteArrayView(bytes, headSize), Tag, &tableOffset);
        if (!header)
            return header.error();
        layout.header = *header;
    }
    if ((layout.header.flags & ~FlagX86References) != 0)
        return deltaError(DeltaError::Unsupported, u"delta uses features this version does not know"_s);

    const auto *p = reinterpret_cast<const unsigned char *>(bytes) + tableOffset;
    const auto *end = reinterpret_cast<const unsigned char *>(bytes) + headSize;
    const auto varint = [&](quint64 *value) {
        *value = 0;
        for (int shift = 0; shift < 64 && p < end; shift += 7) {
            const quint8 byte = *p++;
            *value |= quint64(byte & 0x7f) << shift;
            if (!(byte & 0x80))
                return shift < 63 || byte <= 1;
        }
        return false;
    };
    if (layout.format == 1 && (p >= end || *p++ != StreamCount))
        return deltaError(DeltaError::Corrupt, u"delta has an unknown stream table"_s);
    for (StreamEntry &s : layout.streams) {
        quint8 method = Stored;
        if (layout.format == 1) {
            if (!varint(&s.rawSize) || !varint(&s.packedSize) || p >= end)
                return deltaError(DeltaError::Corrupt, u"delta stream table is truncated"_s);
            method = *p++;
        } else {
            // raw size × 3 + method; the packed size follows unless the stream is stored.
            quint64 code = 0;
            if (!varint(&code))
                return deltaError(DeltaError::Corrupt, u"delta stream table is truncated"_s);
            s.rawSize = code / 3;
            method = quint8(code % 3);
            s.packedSize = s.rawSize;
            if (method != Stored && !varint(&s.packedSize))
                return deltaError(DeltaError::Corrupt, u"delta stream table is truncated"_s);
        }
        if (method > X86Lzma2)
            return deltaError(DeltaError::Corrupt, u"delta stream has an unknown method"_s);
        s.params.stored = method == Stored;
        s.params.x86 = method == X86Lzma2;
        if (method != Stored) {
            quint64 dict = 0;
            if (!varint(&dict) || p >= end || dict > LzmaStream::MaxDict)
                return deltaError(DeltaError::Corrupt, u"delta stream has invalid LZMA parameters"_s);
            s.params.dictSize = quint32(dict);
            const quint8 props = *p++;
            if (props >= 9 * 5 * 5)
                return deltaError(DeltaError::Corrupt, u"delta stream has invalid LZMA parameters"_s);
            s.params.lc = props % 9;
            s.params.lp = (props / 9) % 5;
            s.params.pb = props / 45;
        }
    }
    layout.dataOffset = p - reinterpret_cast<const unsigned char *>(bytes);
    quint64 packedTotal = 0;
    const quint64 available = quint64(delta.size() - layout.dataOffset);
    for (const StreamEntry &s : layout.streams) {
        if (s.packedSize > available || s.rawSize > layout.header.targetSize + (quint64(1) << 40))
            return deltaError(DeltaError::Corrupt, u"delta stream sizes lie"_s);
        packedTotal += s.packedSize;
    }
    if (packedTotal != available)
        return deltaError(DeltaError::Corrupt, u"delta length disagrees with its stream table"_s);
    // Diff and literal bytes each make target bytes, so neither can outnumber them.
    if (layout.streams[Diff].rawSize > layout.header.targetSize ||
        layout.streams[Literal].rawSize > layout.header.targetSize)
        return deltaError(DeltaError::Corrupt, u"delta stream sizes disagree with the target size"_s);
    const quint64 need = applyNeed(layout.streams, layout.header.flags);
    if (need == UINT64_MAX)
        return deltaError(DeltaError::Corrupt, u"delta stream has invalid LZMA parameters"_s);
    if (need > layout.header.applyMemory)
        return deltaError(DeltaError::Corrupt, u"delta needs more memory than its header declares"_s);
    return layout;
}

} // namespace

QString FloDiffCodec::name() const
{
    return u"x-flodiff"_s;
}

QString FloDiffCodec::description() const
{
    return u"Suffix-array delta with approximate covers and LZMA2 streams; applies in under 32 MiB"_s;
}

Result<BuildStats> FloDiffCodec::build(const QString &sourcePath, const QString &targetPath, const QString &deltaPath,
                                       const BuildOptions &options) const
{
    DeltaHeader header;
    header.magic = Tag;
    if (Status s = describeFiles(header, sourcePath, targetPath); !s)
        return s.error();
    QFile source;
    QFile target;
    if (Status s = openForReading(source, sourcePath, u"source"_s); !s)
        return s.error();
    if (Status s = openForReading(target, targetPath, u"target"_s); !s)
        return s.error();
    static const uchar empty = 0;
    const uchar *old = header.sourceSize ? source.map(0, qint64(header.sourceSize)) : &empty;
    const uchar *nw = header.targetSize ? target.map(0, qint64(header.targetSize)) : &empty;
    if (!old || !nw)
        return deltaError(DeltaError::Io, u"cannot map the source or the target"_s);
    const auto oldSize = qint64(header.sourceSize);
    const auto newSize = qint64(header.targetSize);

    QElapsedTimer timer;
    timer.start();
    FloDiffMatcher matcher(old, oldSize);
    if (Status s = matcher.index(); !s)
        return s.error();
    qCDebug(lcDelta) << "suffix array" << timer.restart() << "ms";
    Result<std::vector<FloDiffOp>> ops = matcher.match(nw, newSize, {}, options.progress);
    if (!ops)
        return ops.error();
    qCDebug(lcDelta) << "matching" << timer.restart() << "ms," << ops->size() << "instructions";

    BranchMap map;
    if (looksLikeX86(nw, newSize) && oldSize < (qint64(1) << 32) && newSize < (qint64(1) << 32)) {
        header.flags |= FlagX86References;
        qint64 at = 0;
        for (const FloDiffOp &op : *ops) {
            if (map.full())
                break;
            map.add(op.oldPos, at, op.copyLen);
            at += op.copyLen + op.litLen;
        }
        map.finish();
    }

    std::array<QByteArray, StreamCount> raw;
    std::vector<uchar> diff;
    Alignments alignments;
    qint64 newPos = 0;
    qint64 oldEnd = 0;
    for (const FloDiffOp &op : *ops) {
        appendVarint(raw[Seek], alignments.encode(op.oldPos, newPos, oldEnd));
        appendVarint(raw[Control], quint64(op.copyLen));
        appendVarint(raw[Control], quint64(op.litLen));
        diff.resize(size_t(op.copyLen));
        const uchar *src = old + op.oldPos;
        const uchar *dst = nw + newPos;
        for (qint64 i = 0; i < op.copyLen; ++i)
            diff[size_t(i)] = uchar(dst[i] - src[i]);
        if (header.flags & FlagX86References) {
            const qint64 siteShift = newPos - op.oldPos;
            const qint64 end = op.oldPos + op.copyLen;
            for (qint64 f = op.oldPos; f + 4 <= end;) {
                if (!BranchMap::fieldFollows(f >= 2 ? old[f - 2] : 0, f >= 1 ? old[f - 1] : 0)) {
                    ++f;
                    continue;
                }
                const qint64 i = f - op.oldPos;
                const quint32 change = expectedChange(map, f, le32(src + i), siteShift, oldSize);
                if (change != 0)
                    putLe32(diff.data() + i, le32(dst + i) - le32(src + i) - change);
                f += 4;
            }
        }
        appendDiffRuns(raw[DiffRuns], raw[Diff], diff.data(), op.copyLen);
        newPos += op.copyLen;
        raw[Literal].append(reinterpret_cast<const char *>(nw + newPos), op.litLen);
        newPos += op.litLen;
        oldEnd = op.oldPos + op.copyLen;
    }

    // The source spans that literals replaced: between the end of a copy and the start of the
    // next one, when the source moves forward there.
    QByteArray preset;
    {
        qint64 presetEnd = 0;
        const std::vector<FloDiffOp> &list = *ops;
        for (size_t i = 0; i + 1 < list.size(); ++i) {
            const FloDiffOp &op = list[i];
            const qint64 start = op.oldPos + op.copyLen;
            qint64 length = qMin(list[i + 1].oldPos - start, 2 * op.litLen + 256);
            length = qMin(length, PresetCap - preset.size());
            if (op.litLen == 0 || length <= 0)
                continue;
            appendVarint(raw[Preset], zigzag(start - presetEnd));
            appendVarint(raw[Preset], quint64(length));
            preset.append(reinterpret_cast<const char *>(old + start), length);
            presetEnd = start + length;
        }
    }

    std::array<StreamEntry, StreamCount> streams;
    std::array<QByteArray, StreamCount> packed;
    // The literals first: when LZMA cannot shrink them (a few bytes), they are stored and the
    // preset that would have helped their compression is dropped.
    for (const int i : {int(Literal), int(Control), int(Seek), int(DiffRuns), int(Diff), int(Preset)}) {
        StreamEntry &s = streams[size_t(i)];
        if (i == Preset && streams[Literal].params.stored) {
            raw[Preset].clear();
            preset.clear();
        }
        s.rawSize = quint64(raw[size_t(i)].size());
        s.params.dictSize = dictFor(s.rawSize + (i == Literal ? quint64(preset.size()) : 0), DictCap[size_t(i)]);
        if (i == Literal)
            s.params.preset = preset;
        s.params.x86 = i == Literal && looksLikeX86(nw, newSize);
        Result<QByteArray> p = LzmaStream::compress(raw[size_t(i)], s.params);
        if (!p)
            return p.error();
        s.params.preset = {};
        if (p->size() >= raw[size_t(i)].size()) {
            s.params = LzmaStream::Params();
            s.params.stored = true;
            packed[size_t(i)] = raw[size_t(i)];
        } else {
            packed[size_t(i)] = std::move(*p);
        }
        s.packedSize = quint64(packed[size_t(i)].size());
        raw[size_t(i)] = QByteArray();
        qCDebug(lcDelta) << "stream" << i << s.rawSize << "->" << s.packedSize << "bytes in" << timer.restart() << "ms";
    }
    header.applyMemory = applyNeed(streams, header.flags);

    QByteArray head = header.serializeCompact();
    for (const StreamEntry &s : streams) {
        if (s.params.stored) {
            appendVarint(head, s.rawSize * 3 + Stored);
            continue;
        }
        appendVarint(head, s.rawSize * 3 + (s.params.x86 ? X86Lzma2 : Lzma2));
        appendVarint(head, s.packedSize);
        appendVarint(head, s.params.dictSize);
        head.append(char((s.params.pb * 5 + s.params.lp) * 9 + s.params.lc));
    }
    QSaveFile out(deltaPath);
    if (!out.open(QIODevice::WriteOnly))
        return deltaError(DeltaError::Io, u"cannot create %1: %2"_s.arg(deltaPath, out.errorString()));
    out.write(head);
    for (const QByteArray &p : packed)
        out.write(p);
    if (!out.commit())
        return deltaError(DeltaError::Io, u"cannot write %1: %2"_s.arg(deltaPath, out.errorString()));

    BuildStats stats;
    stats.deltaBytes = qint64(head.size());
    for (const QByteArray &p : packed)
        stats.deltaBytes += p.size();
    stats.applyMemoryBytes = qint64(header.applyMemory);
    // Mapped source and target, the suffix array, the raw streams (about the target) and the LZMA
    // encoder (about 11 times the largest dictionary with the bt4 match finder).
    stats.peakMemoryBytes = oldSize * (1 + FloDiffMatcher::indexBytesPerSourceByte()) + 2 * newSize +
                            FloDiffMatcher::GramFilterBytes + qint64(ops->size() * sizeof(FloDiffOp)) +
                            11 * qint64(DictCap[Literal]);
    return stats;
}

Result<qint64> FloDiffCodec::applyMemory(const QString &deltaPath) const
{
    QFile delta;
    if (Status s = openForReading(delta, deltaPath, u"delta"_s); !s)
        return s.error();
    Result<Layout> layout = readLayout(delta);
    if (!layout)
        return layout.error();
    return qint64(layout->header.applyMemory);
}

Status FloDiffCodec::apply(const QString &sourcePath, const QString &deltaPath, const QString &outputPath,
                           const ApplyOptions &options) const
{
    if (Status s = checkDistinctPaths(outputPath, {sourcePath, deltaPath}); !s)
        return s;
    Status applied = applyChecked(sourcePath, deltaPath, outputPath, options);
    if (!applied)
        QFile::remove(outputPath); // also a stale one from before: a failed apply leaves no image
    return applied;
}

Status FloDiffCodec::applyChecked(const QString &sourcePath, const QString &deltaPath, const QString &outputPath,
                                  const ApplyOptions &options) const
{
    QFile delta;
    delta.setFileName(deltaPath);
    if (!delta.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return deltaError(DeltaError::Io, u"cannot open the delta %1: %2"_s.arg(deltaPath, delta.errorString()));
    Result<Layout> parsed = readLayout(delta);
    if (!parsed)
        return parsed.error();
    const Layout &layout = *parsed;
    const DeltaHeader &header = layout.header;
    if (Status s = checkMemory(header, options); !s)
        return s;
    if (Status s = checkSource(sourcePath, header); !s)
        return s;
    QFile sourceFile;
    sourceFile.setFileName(sourcePath);
    if (!sourceFile.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return deltaError(DeltaError::Io, u"cannot open the source %1"_s.arg(sourcePath));
    SourceReader source(sourceFile);

    std::array<qint64, StreamCount> offsets{};
    for (qint64 i = 0, offset = layout.dataOffset; i < StreamCount; ++i) {
        offsets[size_t(i)] = offset;
        offset += qint64(layout.streams[size_t(i)].packedSize);
    }
    const auto openStream = [&](LzmaStream &stream, int i) {
        const StreamEntry &e = layout.streams[size_t(i)];
        return stream.open(&delta, offsets[size_t(i)], qint64(e.packedSize), e.rawSize, e.params);
    };
    const auto sourceSize = qint64(header.sourceSize);
    const bool references = header.flags & FlagX86References;

    // Pre-pass for the reference correction: the map is made of the covers, which the control and
    // seek streams describe; read them once (and let go of their decoders) before applying.
    BranchMap map;
    if (references) {
        LzmaStream controlStream;
        LzmaStream seekStream;
        if (Status s = openStream(controlStream, Control); !s)
            return s;
        if (Status s = openStream(seekStream, Seek); !s)
            return s;
        ControlReader control(controlStream);
        ControlReader seeks(seekStream);
        Alignments alignments;
        qint64 oldPos = 0;
        qint64 newPos = 0;
        while (!control.atEnd() && !map.full()) {
            Result<quint64> copyLen = control.next();
            Result<quint64> litLen = copyLen ? control.next() : copyLen;
            Result<quint64> seek = litLen ? seeks.next() : litLen;
            if (!seek)
                return seek.error();
            if (*copyLen > header.targetSize || *litLen > header.targetSize ||
                !alignments.decode(*seek, newPos, oldPos, sourceSize, &oldPos))
                return deltaError(DeltaError::Corrupt, u"delta instruction is out of range"_s);
            if (qint64(*copyLen) > sourceSize - oldPos)
                return deltaError(DeltaError::Corrupt, u"delta copies past the end of the source"_s);
            map.add(oldPos, newPos, qint64(*copyLen));
            oldPos += qint64(*copyLen);
            newPos += qint64(*copyLen + *litLen);
            if (quint64(newPos) > header.targetSize)
                return deltaError(DeltaError::Corrupt, u"delta instruction is out of range"_s);
        }
        map.finish();
    }

    // The literal stream's preset: source ranges the delta names, read before any other decoder
    // exists (and released once the literal decoder has copied it).
    std::array<LzmaStream, StreamCount> streams;
    {
        QByteArray preset;
        if (layout.streams[Preset].rawSize > 0) {
            LzmaStream presetStream;
            if (Status s = openStream(presetStream, Preset); !s)
                return s;
            ControlReader ranges(presetStream);
            qint64 end = 0;
            while (!ranges.atEnd()) {
                Result<quint64> move = ranges.next();
                Result<quint64> length = move ? ranges.next() : move;
                if (!length)
                    return length.error();
                const qint64 m = unzigzag(*move);
                if ((m < 0 && -(m + 1) >= end) || (m > 0 && m > sourceSize - end) || *length == 0 ||
                    *length > quint64(PresetCap - preset.size()) || qint64(*length) > sourceSize - (end + m))
                    return deltaError(DeltaError::Corrupt, u"delta preset range is out of range"_s);
                const qint64 start = end + m;
                const qsizetype at = preset.size();
                preset.resize(at + qsizetype(*length));
                if (Status s = source.read(start, preset.data() + at, qint64(*length)); !s)
                    return s;
                end = start + qint64(*length);
            }
            if (Status s = presetStream.finish(); !s)
                return s;
        }
        const StreamEntry &e = layout.streams[Literal];
        LzmaStream::Params params = e.params;
        params.preset = preset;
        if (Status s = streams[Literal].open(&delta, offsets[Literal], qint64(e.packedSize), e.rawSize, params); !s)
            return s;
    }
    for (int i = 0; i < StreamCount; ++i) {
        if (i == Literal || i == Preset)
            continue;
        if (Status s = openStream(streams[size_t(i)], i); !s)
            return s;
    }

    DeltaOutput output(outputPath, header, options.progress);
    if (Status s = output.open(); !s)
        return s;
    ControlReader control(streams[Control]);
    ControlReader seeks(streams[Seek]);
    ControlReader runs(streams[DiffRuns]);
    // Source bytes of a chunk with two bytes before it (field detection) and three after (a field
    // that starts near the chunk's end extends it).
    constexpr qint64 Behind = 2;
    QByteArray oldBuf(WorkChunk + 8, Qt::Uninitialized);
    QByteArray diffBuf(WorkChunk + 8, Qt::Uninitialized);
    QByteArray outBuf(WorkChunk + 8, Qt::Uninitialized);
    std::vector<qint64> fields;

    // The diff of a copy alternates zero runs and data runs, starting with a zero run.
    bool inData = false;
    qint64 runLeft = 0;
    const bool compactRuns = layout.format >= 2;
    const auto fillDiff = [&](char *dst, qint64 n, qint64 copyLeft) -> Status {
        while (n > 0) {
            if (runLeft == 0) {
                Result<quint64> next = runs.next();
                if (!next)
                    return next.error();
                inData = !inData;
                quint64 run = *next;
                if (compactRuns && !inData)
                    run = run == 0 ? quint64(copyLeft) : run - 1;
                if (run > quint64(copyLeft) || (inData && run == 0))
                    return deltaError(DeltaError::Corrupt, u"delta diff run is out of range"_s);
                runLeft = qint64(run);
                continue;
            }
            const qint64 k = qMin(n, runLeft);
            if (inData) {
                if (Status s = streams[Diff].read(dst, k); !s)
                    return s;
            } else {
                std::memset(dst, 0, size_t(k));
            }
            dst += k;
            n -= k;
            runLeft -= k;
            copyLeft -= k;
        }
        return {};
    };

    Alignments alignments;
    qint64 oldPos = 0;
    while (!control.atEnd()) {
        Result<quint64> copyLen = control.next();
        if (!copyLen)
            return copyLen.error();
        Result<quint64> litLen = control.next();
        if (!litLen)
            return litLen.error();
        Result<quint64> seek = seeks.next();
        if (!seek)
            return seek.error();
        // Checked against the sizes before any arithmetic, so that nothing overflows.
        if (*copyLen > quint64(output.remaining()) || *litLen > quint64(output.remaining()) - *copyLen ||
            (*copyLen == 0 && *litLen == 0) || !alignments.decode(*seek, output.written(), oldPos, sourceSize, &oldPos))
            return deltaError(DeltaError::Corrupt, u"delta instruction is out of range"_s);
        if (qint64(*copyLen) > sourceSize - oldPos)
            return deltaError(DeltaError::Corrupt, u"delta copies past the end of the source"_s);

        const qint64 length = qint64(*copyLen);
        const qint64 siteShift = output.written() - oldPos;
        inData = true; // the first run read is a zero run
        runLeft = 0;
        qint64 nextField = oldPos;
        for (qint64 pos = 0; pos < length;) {
            // Read [start - Behind, start + chunk + 3) of the source, clamped to the copy's end
            // and the source's start.
            const qint64 start = oldPos + pos;
            const qint64 readFrom = qMax<qint64>(0, start - Behind);
            const qint64 readTo = qMin(oldPos + length, start + WorkChunk + 3);
            if (Status s = source.read(readFrom, oldBuf.data(), readTo - readFrom); !s)
                return s;
            const auto at = [&](qint64 p) { return quint8(oldBuf[p - readFrom]); };
            qint64 end = qMin(oldPos + length, start + WorkChunk);
            fields.clear();
            if (references) {
                qint64 f = qMax(nextField, start);
                while (f < end && f + 4 <= oldPos + length) {
                    const uchar b2 = f >= 2 ? (f - 2 >= readFrom ? at(f - 2) : 0) : 0;
                    const uchar b1 = f >= 1 ? (f - 1 >= readFrom ? at(f - 1) : 0) : 0;
                    if (!BranchMap::fieldFollows(b2, b1)) {
                        ++f;
                        continue;
                    }
                    fields.push_back(f);
                    f += 4;
                    end = qMax(end, f);
                }
                nextField = f;
            }
            const qint64 n = end - start;
            if (Status s = fillDiff(diffBuf.data(), n, length - pos); !s)
                return s;
            for (qint64 i = 0; i < n; ++i)
                outBuf[i] = char(at(start + i) + quint8(diffBuf[i]));
            for (const qint64 f : fields) {
                const auto *o = reinterpret_cast<const uchar *>(oldBuf.constData()) + (f - readFrom);
                const quint32 change = expectedChange(map, f, le32(o), siteShift, sourceSize);
                if (change == 0)
                    continue;
                const auto *d = reinterpret_cast<const uchar *>(diffBuf.constData()) + (f - start);
                putLe32(reinterpret_cast<uchar *>(outBuf.data()) + (f - start), le32(o) + change + le32(d));
            }
            if (Status s = output.write(outBuf.constData(), n); !s)
                return s;
            pos += n;
        }
        if (runLeft != 0)
            return deltaError(DeltaError::Corrupt, u"delta diff run is out of range"_s);
        oldPos += length;

        for (qint64 left = qint64(*litLen); left > 0;) {
            const qint64 n = qMin(left, WorkChunk);
            if (Status s = streams[Literal].read(diffBuf.data(), n); !s)
                return s;
            if (Status s = output.write(diffBuf.constData(), n); !s)
                return s;
            left -= n;
        }
    }
    for (int i = 0; i < StreamCount; ++i) {
        if (i == Preset)
            continue; // checked when the preset was read
        if (Status st = streams[size_t(i)].finish(); !st)
            return st;
    }
    return output.finish();
}

} // namespace flotilla::delta
