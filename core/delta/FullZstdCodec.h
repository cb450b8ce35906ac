#pragma once

#include "core/delta/DeltaCodec.h"

namespace flotilla::delta {

// full-zstd (PROTOCOL.md §6.1, docs/delta-codecs.md).
class FullZstdCodec final : public Codec
{
public:
    QString name() const override;
    QString description() const override;
    bool usesSource() const override { return false; }
    Result<BuildStats> build(const QString &sourcePath, const QString &targetPath, const QString &deltaPath,
                             const BuildOptions &options = {}) const override;
    Result<qint64> applyMemory(const QString &deltaPath) const override;
    Status apply(const QString &sourcePath, const QString &deltaPath, const QString &outputPath,
                 const ApplyOptions &options = {}) const override;
};

} // namespace flotilla::delta
