#include "core/delta/ZstdFrameCodec.h"

#include <utility>

namespace flotilla::delta {

ZstdFrameCodec::ZstdFrameCodec(QString name, QString description, zstdframes::Params params)
    : m_name(std::move(name))
    , m_description(std::move(description))
    , m_params(std::move(params))
{}

Result<BuildStats> ZstdFrameCodec::build(const QString &sourcePath, const QString &targetPath, const QString &deltaPath,
                                         const BuildOptions &options) const
{
    return zstdframes::build(m_params, sourcePath, targetPath, deltaPath, options);
}

Result<qint64> ZstdFrameCodec::applyMemory(const QString &deltaPath) const
{
    return zstdframes::applyMemory(m_params, deltaPath);
}

Status ZstdFrameCodec::apply(const QString &sourcePath, const QString &deltaPath, const QString &outputPath,
                             const ApplyOptions &options) const
{
    return zstdframes::apply(m_params, sourcePath, deltaPath, outputPath, options);
}

} // namespace flotilla::delta
