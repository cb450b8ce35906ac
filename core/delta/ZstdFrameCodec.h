#pragma once

#include "core/delta/DeltaCodec.h"
#include "core/delta/ZstdFrames.h"

namespace flotilla::delta {

// The two zstd codecs (PROTOCOL.md §6.1, docs/delta-codecs.md) over their shared frame layout
// (ZstdFrames.h): a subclass only names itself and picks the layout's parameters.
class ZstdFrameCodec : public Codec
{
public:
    QString name() const final { return m_name; }
    QString description() const final { return m_description; }
    bool usesSource() const final { return m_params.withPrefix; }
    Result<BuildStats> build(const QString &sourcePath, const QString &targetPath, const QString &deltaPath,
                             const BuildOptions &options = {}) const final;
    Result<qint64> applyMemory(const QString &deltaPath) const final;
    Status apply(const QString &sourcePath, const QString &deltaPath, const QString &outputPath,
                 const ApplyOptions &options = {}) const final;

protected:
    ZstdFrameCodec(QString name, QString description, zstdframes::Params params);

private:
    QString m_name;
    QString m_description;
    zstdframes::Params m_params;
};

} // namespace flotilla::delta
