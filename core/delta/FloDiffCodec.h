#pragma once

#include "core/delta/DeltaCodec.h"

namespace flotilla::delta {

// x-flodiff: Flotilla's own binary delta (docs/delta-codecs.md). Suffix-array covers with
// approximate matching, separate control / diff / literal streams, each raw LZMA2 with its own
// bounded dictionary. Applies in under 32 MiB whatever the image size: the source is read by
// random access, the delta and the output sequentially.
class FloDiffCodec final : public Codec
{
public:
    QString name() const override;
    QString description() const override;
    bool usesSource() const override { return true; }
    Result<BuildStats> build(const QString &sourcePath, const QString &targetPath, const QString &deltaPath,
                             const BuildOptions &options = {}) const override;
    Result<qint64> applyMemory(const QString &deltaPath) const override;
    Status apply(const QString &sourcePath, const QString &deltaPath, const QString &outputPath,
                 const ApplyOptions &options = {}) const override;

private:
    Status applyChecked(const QString &sourcePath, const QString &deltaPath, const QString &outputPath,
                        const ApplyOptions &options) const;
};

} // namespace flotilla::delta
