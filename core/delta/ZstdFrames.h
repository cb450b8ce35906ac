#pragma once

#include "core/Result.h"
#include "core/delta/DeltaCodec.h"

#include <QByteArray>
#include <QString>

// The two zstd codecs share one layout: a skippable frame (RFC 8878 §3.1.2, magic 0x184D2A5E)
// holding the DeltaHeader, then one zstd frame. Stock zstd skips the first frame, so the payload
// stays what PROTOCOL.md §6.1 promises (`zstd -d`, or `zstd -d --long=31 --patch-from=OLD`).
namespace flotilla::delta::zstdframes {

struct Params
{
    QByteArray magic;        // the codec's format-1 DeltaHeader magic (still applied)
    QByteArray tag;          // the codec's format-2 tag (written)
    bool withPrefix = false; // zstd-patch: the source is the frame's raw prefix
    int level = 19;
};

Result<BuildStats> build(const Params &params, const QString &sourcePath, const QString &targetPath,
                         const QString &deltaPath, const BuildOptions &options);
Result<qint64> applyMemory(const Params &params, const QString &deltaPath);
Status apply(const Params &params, const QString &sourcePath, const QString &deltaPath, const QString &outputPath,
             const ApplyOptions &options);

} // namespace flotilla::delta::zstdframes
