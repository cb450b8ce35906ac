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

const QByteArray Magic = QByteArrayLiteral("FLODIFF1");
constexpr quint32 FormatVersion = 1;
constexpr quint32 FlagX86References = 1; // BranchMap correction of x86 displacements
constexpr int StreamCount = 5;
enum Stream : int
{
    Control = 0,  // per instruction: copy length, literal length (varints)
    Seek = 1,     // per instruction: source move before the copy (zigzag varint)
    DiffRuns = 2, // per copy: alternating zero-run and data-run lengths (varints)
    Diff = 3,     // the data runs' bytes: target - source
    Literal = 4,  // target bytes with no source counterpart
};
constexpr qint64 StreamEntrySize = 24;
constexpr qint64 TableOffset = DeltaHeader::Size;
constexpr qint64 DataOffset = TableOffset + 8 + StreamCount * StreamEntrySize;

// Dictionary caps per stream: with the buffers below they keep any apply under 16 MiB, so that
// even a small process stays under 32 MiB resident. Literals (new code and data) gain most from a
// long reach; the other streams are far smaller.
constexpr std::array<quint32, StreamCount> DictCap = {1u << 20, 1u << 20, 1u << 20, 3u << 20, 8u << 20};
// Zero gaps shorter than this stay inside a data run: two run lengths cost more than the zeros.
static qint64 MinZeroRun = qEnvironmentVariableIntValue("FD_ZR") ? qEnvironmentVariableIntValue("FD_ZR") : 4;
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
    for (const StreamEntry &s : streams) {
        const quint64 m = LzmaStream::decoderMemory(s.params);
        if (m == UINT64_MAX)
            return UINT64_MAX;
        need += m;
    }
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

quint32 dictFor(quint64 rawSize, quint32 cap)
{
    return quint32(qBound(quint64(LzmaStream::MinDict), rawSize, quint64(cap)));
}

FloDiffMatcher::Tuning tuningFromEnv()
{
    FloDiffMatcher::Tuning t;
    if (qEnvironmentVariableIsSet("FD_SM"))
        t.switchMargin = qEnvironmentVariableIntValue("FD_SM");
    return t;
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
// (most of a copy) become one number, the data runs go to the diff stream.
void appendDiffRuns(QByteArray &runs, QByteArray &diff, const uchar *d, qint64 size)
{
    qint64 i = 0;
    while (i < size) {
        const qint64 zeroStart = i;
        while (i < size && d[i] == 0)
            ++i;
        appendVarint(runs, quint64(i - zeroStart));
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
    std::array<StreamEntry, StreamCount> streams;
};

Result<Layout> readLayout(QFile &delta)
{
    char bytes[DataOffset];
    if (delta.size() < DataOffset)
        return deltaError(DeltaError::Corrupt, u"delta is truncated"_s);
    if (Status s = readAt(delta, 0, bytes, DataOffset); !s)
        return s.error();
    Result<DeltaHeader> header = DeltaHeader::parse(QByteArrayView(bytes, DeltaHeader::Size), Magic, FormatVersion);
    if (!header)
        return header.error();
    Layout layout;
    layout.header = *header;
    if ((layout.header.flags & ~FlagX86References) != 0)
        return deltaError(DeltaError::Unsupported, u"delta uses features this version does not know"_s);
    const auto *p = reinterpret_cast<const unsigned char *>(bytes) + TableOffset;
    if (readLe32(p) != quint32(StreamCount) || readLe32(p + 4) != 0)
        return deltaError(DeltaError::Corrupt, u"delta has an unknown stream table"_s);
    p += 8;
    quint64 packedTotal = 0;
    const quint64 available = quint64(delta.size() - DataOffset);
    for (StreamEntry &s : layout.streams) {
        s.rawSize = readLe64(p);
        s.packedSize = readLe64(p + 8);
        s.params.dictSize = readLe32(p + 16);
        if (p[20] > 1)
            return deltaError(DeltaError::Corrupt, u"delta stream has an unknown filter"_s);
        s.params.x86 = p[20] == 1;
        s.params.lc = p[21];
        s.params.lp = p[22];
        s.params.pb = p[23];
        if (s.packedSize > available || s.rawSize > layout.header.targetSize + (quint64(1) << 40))
            return deltaError(DeltaError::Corrupt, u"delta stream sizes lie"_s);
        packedTotal += s.packedSize;
        p += StreamEntrySize;
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
    header.magic = Magic;
    header.version = FormatVersion;
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
    Result<std::vector<FloDiffOp>> ops = matcher.match(nw, newSize, tuningFromEnv(), options.progress);
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
    qint64 newPos = 0;
    qint64 oldEnd = 0;
    for (const FloDiffOp &op : *ops) {
        appendVarint(raw[Seek], zigzag(op.oldPos - oldEnd));
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

    std::array<StreamEntry, StreamCount> streams;
    std::array<QByteArray, StreamCount> packed;
    for (int i = 0; i < StreamCount; ++i) {
        StreamEntry &s = streams[size_t(i)];
        s.rawSize = quint64(raw[size_t(i)].size());
        s.params.dictSize = dictFor(s.rawSize, DictCap[size_t(i)]);
        s.params.x86 = i == Literal && looksLikeX86(nw, newSize);
        if (qEnvironmentVariableIsSet("FD_DUMP")) {
            QFile dump(qEnvironmentVariable("FD_DUMP") + QString::number(i));
            if (dump.open(QIODevice::WriteOnly))
                dump.write(raw[size_t(i)]);
        }
        Result<QByteArray> p = LzmaStream::compress(raw[size_t(i)], s.params);
        if (!p)
            return p.error();
        packed[size_t(i)] = std::move(*p);
        s.packedSize = quint64(packed[size_t(i)].size());
        raw[size_t(i)] = QByteArray();
        qCDebug(lcDelta) << "stream" << i << s.rawSize << "->" << s.packedSize << "bytes in" << timer.restart() << "ms";
    }
    header.applyMemory = applyNeed(streams, header.flags);

    QByteArray head = header.serialize();
    appendLe32(head, quint32(StreamCount));
    appendLe32(head, 0);
    for (const StreamEntry &s : streams) {
        appendLe64(head, s.rawSize);
        appendLe64(head, s.packedSize);
        appendLe32(head, s.params.dictSize);
        head.append(char(s.params.x86 ? 1 : 0));
        head.append(char(s.params.lc));
        head.append(char(s.params.lp));
        head.append(char(s.params.pb));
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
                            qint64(ops->size() * sizeof(FloDiffOp)) + 11 * qint64(DictCap[Literal]);
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
    for (qint64 i = 0, offset = DataOffset; i < StreamCount; ++i) {
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
        qint64 oldPos = 0;
        qint64 newPos = 0;
        while (!control.atEnd() && !map.full()) {
            Result<quint64> copyLen = control.next();
            Result<quint64> litLen = copyLen ? control.next() : copyLen;
            Result<quint64> seek = litLen ? seeks.next() : litLen;
            if (!seek)
                return seek.error();
            const qint64 move = unzigzag(*seek);
            if ((move < 0 && -(move + 1) >= oldPos) || (move > 0 && move > sourceSize - oldPos) ||
                *copyLen > header.targetSize || *litLen > header.targetSize)
                return deltaError(DeltaError::Corrupt, u"delta instruction is out of range"_s);
            oldPos += move;
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

    std::array<LzmaStream, StreamCount> streams;
    for (int i = 0; i < StreamCount; ++i) {
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
    const auto fillDiff = [&](char *dst, qint64 n, qint64 copyLeft) -> Status {
        while (n > 0) {
            if (runLeft == 0) {
                Result<quint64> next = runs.next();
                if (!next)
                    return next.error();
                inData = !inData;
                if (*next > quint64(copyLeft) || (inData && *next == 0))
                    return deltaError(DeltaError::Corrupt, u"delta diff run is out of range"_s);
                runLeft = qint64(*next);
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
        const qint64 move = unzigzag(*seek);
        // Checked against the sizes before any arithmetic, so that nothing overflows.
        if ((move < 0 && -(move + 1) >= oldPos) || (move > 0 && move > sourceSize - oldPos) ||
            *copyLen > quint64(output.remaining()) || *litLen > quint64(output.remaining()) - *copyLen ||
            (*copyLen == 0 && *litLen == 0))
            return deltaError(DeltaError::Corrupt, u"delta instruction is out of range"_s);
        oldPos += move;
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
    for (LzmaStream &s : streams) {
        if (Status st = s.finish(); !st)
            return st;
    }
    return output.finish();
}

} // namespace flotilla::delta
