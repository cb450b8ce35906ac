#pragma once

#include "core/delta/DeltaCodec.h"

namespace flotilla::delta {

// zstd-patch (PROTOCOL.md §6.1, docs/delta-codecs.md).
class ZstdPatchCodec final : public Codec
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
};

} // namespace flotilla::delta
