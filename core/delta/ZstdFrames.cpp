#include "core/delta/ZstdFrames.h"

#include "core/delta/DeltaHeader.h"
#include "core/delta/DeltaOutput.h"
#include "core/delta/DeltaSupport.h"

#include <QFile>
#include <QSaveFile>

// The frame-header and memory-estimate functions are in zstd's "static" API, which Debian's
// shared libzstd exports too.
#define ZSTD_STATIC_LINKING_ONLY
#include <zstd.h>

#include <bit>

using namespace Qt::StringLiterals;

namespace flotilla::delta::zstdframes {

namespace {

constexpr quint32 SkippableMagic = 0x184D2A5E;
constexpr qint64 SkippableHeader = 8;
// full-zstd keeps the decoder's window at 8 MiB (zstd's own level-19 default) so that any image
// applies in a fixed amount of memory.
constexpr int FullWindowLog = 23;

struct CCtxDeleter
{
    void operator()(ZSTD_CCtx *c) const { ZSTD_freeCCtx(c); }
};
struct DCtxDeleter
{
    void operator()(ZSTD_DCtx *d) const { ZSTD_freeDCtx(d); }
};

QString zstdMessage(size_t code)
{
    return QString::fromLatin1(ZSTD_getErrorName(code));
}

int windowLogFor(quint64 bytes)
{
    int log = 10;
    while (log < 31 && (quint64(1) << log) < bytes)
        ++log;
    return log;
}

// What the decoder allocates for a frame of this window and content size, plus our I/O buffers;
// zstd-patch adds the mapped source, which is resident while the frame refers to it.
quint64 memoryNeed(const Params &params, quint64 windowSize, quint64 sourceSize, quint64 targetSize)
{
    const quint64 window = qMax<quint64>(1, qMin(windowSize, targetSize + 1));
    quint64 need = ZSTD_estimateDStreamSize(size_t(window)) + 2 * IoChunkSize;
    if (params.withPrefix)
        need += sourceSize;
    return need;
}

} // namespace

Result<BuildStats> build(const Params &params, const QString &sourcePath, const QString &targetPath,
                         const QString &deltaPath, const BuildOptions &options)
{
    DeltaHeader header;
    header.magic = params.tag;
    if (Status s = describeFiles(header, params.withPrefix ? sourcePath : QString(), targetPath); !s)
        return s.error();

    QFile source;
    const uchar *prefix = nullptr;
    if (params.withPrefix) {
        if (Status s = openForReading(source, sourcePath, u"source"_s); !s)
            return s.error();
        if (header.sourceSize > 0) {
            prefix = source.map(0, qint64(header.sourceSize));
            if (!prefix)
                return deltaError(DeltaError::Io, u"cannot map the source %1"_s.arg(sourcePath));
        }
    }
    QFile target;
    if (Status s = openForReading(target, targetPath, u"target"_s); !s)
        return s.error();

    std::unique_ptr<ZSTD_CCtx, CCtxDeleter> cctx(ZSTD_createCCtx());
    const int level = options.level > 0 ? qBound(1, options.level, ZSTD_maxCLevel()) : params.level;
    const int windowLog = params.withPrefix ? windowLogFor(header.sourceSize + header.targetSize) : FullWindowLog;
    size_t rc = ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_compressionLevel, level);
    if (!ZSTD_isError(rc))
        rc = ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_windowLog, windowLog);
    if (!ZSTD_isError(rc))
        rc = ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_checksumFlag, 1);
    // Long-distance matching is left to zstd (ZSTD_ps_auto): it turns it on for the optimal
    // parsers (levels 16+) from a 128 MiB window, where their own match finder stops reaching back
    // far enough; below that, forcing it only makes its coarser matches compete with better ones
    // (measured: 80 bytes larger on a 10 MiB image, same CPU).
    if (!ZSTD_isError(rc))
        rc = ZSTD_CCtx_setPledgedSrcSize(cctx.get(), header.targetSize);
    if (!ZSTD_isError(rc) && prefix)
        rc = ZSTD_CCtx_refPrefix(cctx.get(), prefix, size_t(header.sourceSize));
    if (ZSTD_isError(rc))
        return deltaError(DeltaError::Io, u"zstd: %1"_s.arg(zstdMessage(rc)));

    header.applyMemory = memoryNeed(params, quint64(1) << windowLog, header.sourceSize, header.targetSize);
    QSaveFile out(deltaPath);
    if (!out.open(QIODevice::WriteOnly))
        return deltaError(DeltaError::Io, u"cannot create %1: %2"_s.arg(deltaPath, out.errorString()));
    const QByteArray head = header.serializeCompact();
    QByteArray preamble;
    appendLe32(preamble, SkippableMagic);
    appendLe32(preamble, quint32(head.size()));
    preamble.append(head);
    out.write(preamble);

    QByteArray inBuf(IoChunkSize, Qt::Uninitialized);
    QByteArray outBuf(qsizetype(ZSTD_CStreamOutSize()), Qt::Uninitialized);
    qint64 done = 0;
    for (;;) {
        const qint64 n = target.read(inBuf.data(), inBuf.size());
        if (n < 0)
            return deltaError(DeltaError::Io, u"cannot read %1"_s.arg(targetPath));
        const bool last = n == 0;
        ZSTD_inBuffer in{inBuf.constData(), size_t(n), 0};
        for (;;) {
            ZSTD_outBuffer o{outBuf.data(), size_t(outBuf.size()), 0};
            const size_t left = ZSTD_compressStream2(cctx.get(), &o, &in, last ? ZSTD_e_end : ZSTD_e_continue);
            if (ZSTD_isError(left))
                return deltaError(DeltaError::Io, u"zstd: %1"_s.arg(zstdMessage(left)));
            if (out.write(outBuf.constData(), qint64(o.pos)) != qint64(o.pos))
                return deltaError(DeltaError::Io, u"cannot write %1"_s.arg(deltaPath));
            if (last ? left == 0 : in.pos == in.size)
                break;
        }
        if (last)
            break;
        done += n;
        if (options.progress && !options.progress(done, qint64(header.targetSize)))
            return deltaError(DeltaError::Cancelled, u"cancelled"_s);
    }
    if (!out.commit())
        return deltaError(DeltaError::Io, u"cannot write %1: %2"_s.arg(deltaPath, out.errorString()));

    BuildStats stats;
    stats.deltaBytes = QFile(deltaPath).size();
    stats.applyMemoryBytes = qint64(header.applyMemory);
    ZSTD_compressionParameters cp = ZSTD_getCParams(level, header.targetSize, size_t(header.sourceSize));
    cp.windowLog = unsigned(windowLog);
    // The source is mapped whole while its prefix is referenced; long-distance matching adds its
    // own table (about the window / 8).
    stats.peakMemoryBytes = qint64(ZSTD_estimateCStreamSize_usingCParams(cp)) +
                            (params.withPrefix ? qint64(header.sourceSize) + (qint64(1) << windowLog) / 8 : 0);
    return stats;
}

namespace {

// The header frame; *frameStart = where the zstd frame begins. Format 2 (compact) or format 1
// (112 bytes), told apart by the skippable frame's length.
Result<DeltaHeader> readPreamble(QFile &delta, const Params &params, qint64 *frameStart)
{
    char skippable[SkippableHeader];
    if (delta.size() < SkippableHeader)
        return deltaError(DeltaError::Corrupt, u"delta is truncated"_s);
    if (Status s = readAt(delta, 0, skippable, SkippableHeader); !s)
        return s.error();
    const auto *p = reinterpret_cast<const unsigned char *>(skippable);
    const quint32 length = readLe32(p + 4);
    if (readLe32(p) != SkippableMagic || (length != DeltaHeader::Size && length > DeltaHeader::CompactMaxSize))
        return deltaError(DeltaError::Corrupt, u"not a Flotilla zstd payload (no header frame)"_s);
    char bytes[DeltaHeader::Size];
    if (delta.size() - SkippableHeader < qint64(length))
        return deltaError(DeltaError::Corrupt, u"delta is truncated"_s);
    if (Status s = readAt(delta, SkippableHeader, bytes, length); !s)
        return s.error();
    *frameStart = SkippableHeader + length;
    if (length == DeltaHeader::Size)
        return DeltaHeader::parse(QByteArrayView(bytes, length), params.magic, 1);
    qsizetype consumed = 0;
    Result<DeltaHeader> header = DeltaHeader::parseCompact(QByteArrayView(bytes, length), params.tag, &consumed);
    if (header && consumed != qsizetype(length))
        return deltaError(DeltaError::Corrupt, u"delta header frame has bytes left over"_s);
    return header;
}

} // namespace

Result<qint64> applyMemory(const Params &params, const QString &deltaPath)
{
    QFile delta;
    if (Status s = openForReading(delta, deltaPath, u"delta"_s); !s)
        return s.error();
    qint64 frameStart = 0;
    Result<DeltaHeader> header = readPreamble(delta, params, &frameStart);
    if (!header)
        return header.error();
    return qint64(header->applyMemory);
}

namespace {

Status applyChecked(const Params &params, const QString &sourcePath, const QString &deltaPath,
                    const QString &outputPath, const ApplyOptions &options)
{
    QFile delta;
    if (Status s = openForReading(delta, deltaPath, u"delta"_s); !s)
        return s;
    qint64 frameOffset = 0;
    Result<DeltaHeader> parsed = readPreamble(delta, params, &frameOffset);
    if (!parsed)
        return parsed.error();
    const DeltaHeader &header = *parsed;
    if (Status s = checkMemory(header, options); !s)
        return s;

    // The frame's own header decides what the decoder allocates: check it against the declared
    // need before decoding, so that a lying delta header cannot make us allocate more.
    char frameStart[ZSTD_FRAMEHEADERSIZE_MAX] = {};
    const qint64 frameHead = qMin<qint64>(ZSTD_FRAMEHEADERSIZE_MAX, delta.size() - frameOffset);
    if (Status s = readAt(delta, frameOffset, frameStart, frameHead); !s)
        return s;
    ZSTD_frameHeader fh{};
    if (ZSTD_getFrameHeader(&fh, frameStart, size_t(frameHead)) != 0 || fh.frameType != ZSTD_frame)
        return deltaError(DeltaError::Corrupt, u"delta has no valid zstd frame"_s);
    if (fh.frameContentSize != ZSTD_CONTENTSIZE_UNKNOWN && fh.frameContentSize != header.targetSize)
        return deltaError(DeltaError::Corrupt, u"zstd frame size disagrees with the delta header"_s);
    if (fh.windowSize > (quint64(1) << 31) ||
        memoryNeed(params, fh.windowSize, header.sourceSize, header.targetSize) > header.applyMemory)
        return deltaError(DeltaError::Corrupt, u"zstd frame needs more memory than the delta header declares"_s);

    QFile source;
    const uchar *prefix = nullptr;
    if (params.withPrefix) {
        if (Status s = checkSource(sourcePath, header); !s)
            return s;
        if (Status s = openForReading(source, sourcePath, u"source"_s); !s)
            return s;
        if (header.sourceSize > 0) {
            prefix = source.map(0, qint64(header.sourceSize));
            if (!prefix)
                return deltaError(DeltaError::Io, u"cannot map the source %1"_s.arg(sourcePath));
        }
    }

    std::unique_ptr<ZSTD_DCtx, DCtxDeleter> dctx(ZSTD_createDCtx());
    size_t rc = ZSTD_DCtx_setParameter(dctx.get(), ZSTD_d_windowLogMax, windowLogFor(fh.windowSize));
    if (!ZSTD_isError(rc) && prefix)
        rc = ZSTD_DCtx_refPrefix(dctx.get(), prefix, size_t(header.sourceSize));
    if (ZSTD_isError(rc))
        return deltaError(DeltaError::Io, u"zstd: %1"_s.arg(zstdMessage(rc)));

    DeltaOutput output(outputPath, header, options.progress);
    if (Status s = output.open(); !s)
        return s;
    if (!delta.seek(frameOffset))
        return deltaError(DeltaError::Io, u"cannot seek in %1"_s.arg(deltaPath));
    QByteArray inBuf(IoChunkSize, Qt::Uninitialized);
    QByteArray outBuf(IoChunkSize, Qt::Uninitialized);
    bool frameDone = false;
    while (!frameDone) {
        const qint64 n = delta.read(inBuf.data(), inBuf.size());
        if (n < 0)
            return deltaError(DeltaError::Io, u"cannot read %1"_s.arg(deltaPath));
        if (n == 0)
            return deltaError(DeltaError::Corrupt, u"delta is truncated"_s);
        ZSTD_inBuffer in{inBuf.constData(), size_t(n), 0};
        while (in.pos < in.size || !frameDone) {
            ZSTD_outBuffer o{outBuf.data(), size_t(outBuf.size()), 0};
            const size_t left = ZSTD_decompressStream(dctx.get(), &o, &in);
            if (ZSTD_isError(left))
                return deltaError(DeltaError::Corrupt, u"zstd frame is corrupt: %1"_s.arg(zstdMessage(left)));
            if (Status s = output.write(outBuf.constData(), qint64(o.pos)); !s)
                return s;
            if (left == 0) {
                frameDone = true;
                if (in.pos != in.size)
                    return deltaError(DeltaError::Corrupt, u"data after the zstd frame"_s);
                break;
            }
            // Input used up and the output buffer not full: the decoder needs more input.
            if (in.pos == in.size && o.pos < o.size)
                break;
        }
    }
    if (!delta.atEnd())
        return deltaError(DeltaError::Corrupt, u"data after the zstd frame"_s);
    return output.finish();
}

} // namespace

Status apply(const Params &params, const QString &sourcePath, const QString &deltaPath, const QString &outputPath,
             const ApplyOptions &options)
{
    const QStringList inputs = params.withPrefix ? QStringList{sourcePath, deltaPath} : QStringList{deltaPath};
    if (Status s = checkDistinctPaths(outputPath, inputs); !s)
        return s;
    Status applied = applyChecked(params, sourcePath, deltaPath, outputPath, options);
    if (!applied)
        QFile::remove(outputPath); // also a stale one from before: a failed apply leaves no image
    return applied;
}

} // namespace flotilla::delta::zstdframes
