#include "core/delta/FullZstdCodec.h"

#include "core/delta/ZstdFrames.h"

using namespace Qt::StringLiterals;

namespace flotilla::delta {

namespace {

zstdframes::Params params()
{
    zstdframes::Params p;
    p.magic = QByteArrayLiteral("FLZFULL1");
    p.tag = QByteArrayLiteral("FZF");
    p.withPrefix = false;
    p.level = 19;
    return p;
}

} // namespace

QString FullZstdCodec::name() const
{
    return u"full-zstd"_s;
}

QString FullZstdCodec::description() const
{
    return u"The whole image as one zstd frame (RFC 8878); applies in a fixed 8 MiB window"_s;
}

Result<BuildStats> FullZstdCodec::build(const QString &sourcePath, const QString &targetPath, const QString &deltaPath,
                                        const BuildOptions &options) const
{
    return zstdframes::build(params(), sourcePath, targetPath, deltaPath, options);
}

Result<qint64> FullZstdCodec::applyMemory(const QString &deltaPath) const
{
    return zstdframes::applyMemory(params(), deltaPath);
}

Status FullZstdCodec::apply(const QString &sourcePath, const QString &deltaPath, const QString &outputPath,
                            const ApplyOptions &options) const
{
    return zstdframes::apply(params(), sourcePath, deltaPath, outputPath, options);
}

} // namespace flotilla::delta
