#include "core/delta/DeltaCodec.h"

#include "core/delta/DeltaSupport.h"
#include "core/delta/FloDiffCodec.h"
#include "core/delta/FullZstdCodec.h"
#include "core/delta/ZstdPatchCodec.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>

using namespace Qt::StringLiterals;

namespace flotilla::delta {

QList<const Codec *> codecs()
{
    // Preference on equal size: no source needed first, then the bounded-memory delta, then the
    // delta whose apply memory grows with the image.
    static const FullZstdCodec fullZstd;
    static const FloDiffCodec floDiff;
    static const ZstdPatchCodec zstdPatch;
    return {&fullZstd, &floDiff, &zstdPatch};
}

const Codec *codecByName(QStringView name)
{
    for (const Codec *codec : codecs()) {
        if (codec->name() == name)
            return codec;
    }
    return nullptr;
}

QStringList codecNames()
{
    QStringList names;
    for (const Codec *codec : codecs())
        names.append(codec->name());
    return names;
}

const Codec *codecForDelta(const QString &deltaPath)
{
    // Each codec checks its own magic (and the rest of its header) before saying anything.
    for (const Codec *codec : codecs()) {
        if (codec->applyMemory(deltaPath))
            return codec;
    }
    return nullptr;
}

namespace {

// Maps one step's progress (done of total) into the whole run's 0..1000*steps scale.
Progress stepProgress(const Progress &overall, int step, int steps)
{
    if (!overall)
        return {};
    return [overall, step, steps](qint64 done, qint64 total) {
        const qint64 within = total > 0 ? qBound(qint64(0), done * 1000 / total, qint64(1000)) : 0;
        return overall(qint64(step) * 1000 + within, qint64(steps) * 1000);
    };
}

} // namespace

Result<QList<Candidate>> buildAndVerify(const QString &sourcePath, const QString &targetPath, const QString &workDir,
                                        const QStringList &names, const BuildOptions &options)
{
    QList<const Codec *> chosen;
    if (names.isEmpty()) {
        chosen = codecs();
    } else {
        for (const QString &name : names) {
            const Codec *codec = codecByName(name);
            if (!codec)
                return deltaError(DeltaError::Unsupported, u"unknown codec '%1'"_s.arg(name));
            chosen.append(codec);
        }
    }
    if (!QDir().mkpath(workDir))
        return deltaError(DeltaError::Io, u"cannot create %1"_s.arg(workDir));
    Result<FileDigest> target = digestFile(targetPath);
    if (!target)
        return target.error();

    const int steps = int(chosen.size()) * 2;
    QList<Candidate> candidates;
    for (int i = 0; i < chosen.size(); ++i) {
        const Codec *codec = chosen[i];
        Candidate candidate;
        candidate.codec = codec->name();
        candidate.deltaPath = QDir(workDir).filePath(codec->name() + u".delta");
        const QString outputPath = QDir(workDir).filePath(codec->name() + u".verify");

        BuildOptions buildOptions = options;
        buildOptions.progress = stepProgress(options.progress, 2 * i, steps);
        QElapsedTimer timer;
        timer.start();
        Result<BuildStats> stats = codec->build(sourcePath, targetPath, candidate.deltaPath, buildOptions);
        candidate.buildMs = timer.elapsed();
        if (!stats) {
            if (DeltaError(stats.error().code) == DeltaError::Cancelled)
                return stats.error();
            candidate.error = stats.errorString();
            QFile::remove(candidate.deltaPath);
            candidates.append(candidate);
            continue;
        }
        candidate.stats = *stats;

        ApplyOptions applyOptions;
        applyOptions.progress = stepProgress(options.progress, 2 * i + 1, steps);
        const Status applied = codec->apply(sourcePath, candidate.deltaPath, outputPath, applyOptions);
        if (applied) {
            Result<FileDigest> rebuilt = digestFile(outputPath);
            candidate.verified = rebuilt && rebuilt->sha256 == target->sha256 && rebuilt->size == target->size;
            if (!candidate.verified)
                candidate.error = u"the applied delta does not rebuild the target"_s;
        } else {
            if (DeltaError(applied.error().code) == DeltaError::Cancelled) {
                QFile::remove(candidate.deltaPath);
                return applied.error();
            }
            candidate.error = applied.errorString();
        }
        QFile::remove(outputPath);
        if (!candidate.verified)
            QFile::remove(candidate.deltaPath);
        candidates.append(candidate);
    }
    return candidates;
}

} // namespace flotilla::delta
