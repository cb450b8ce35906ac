#pragma once

#include "core/Result.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

// Delta (and full) payload codecs, PROTOCOL.md §6.1. Files in, files out: neither side ever holds
// a whole image in memory. Applying streams: it reads the source by random access and the delta
// sequentially and writes the output sequentially, in memory bounded by a fixed window that the
// delta's header declares (applyMemory), whatever the image size.
namespace flotilla::delta {

// Error::code of a failed build or apply; the agent maps them to FUMO result codes.
enum class DeltaError : int
{
    Corrupt = 1,    // malformed delta, lengths that lie, out-of-range copies → FUMO 402
    SourceMismatch, // the source is not the image the delta was made from → FUMO 403
    Io,             // read/write failure
    OutOfMemory,    // the delta needs more than the memory limit → FUMO 502
    Cancelled,
    Unsupported, // unknown codec or format version
};

// Progress callbacks return false to cancel.
using Progress = std::function<bool(qint64 done, qint64 total)>;

struct BuildOptions
{
    Progress progress;
    int level = 0; // codec-specific effort; 0 = the codec's default
};

struct BuildStats
{
    qint64 deltaBytes = 0;
    qint64 peakMemoryBytes = 0;  // the builder's own estimate of its working set
    qint64 applyMemoryBytes = 0; // what applying this delta needs (also in its header)
};

struct ApplyOptions
{
    qint64 memoryLimitBytes = 0; // 0 = no limit; otherwise refuse (OutOfMemory) a delta needing more
    Progress progress;
};

class Codec
{
public:
    virtual ~Codec() = default;
    virtual QString name() const = 0; // "full-zstd", "zstd-patch", "x-..."
    virtual QString description() const = 0;
    virtual bool usesSource() const = 0; // false for full codecs
    // sourcePath is ignored by full codecs. The delta file is written atomically (temp + rename).
    virtual Result<BuildStats> build(const QString &sourcePath, const QString &targetPath, const QString &deltaPath,
                                     const BuildOptions &options = {}) const = 0;
    // Memory that applying this delta needs, read from its header (a vehicle's DeltaMaxMemoryMiB).
    virtual Result<qint64> applyMemory(const QString &deltaPath) const = 0;
    // Writes the rebuilt image to outputPath (never touching sourcePath). On any failure the output
    // is removed and the error says which DeltaError it was.
    virtual Status apply(const QString &sourcePath, const QString &deltaPath, const QString &outputPath,
                         const ApplyOptions &options = {}) const = 0;
};

// Every codec, in the order a server prefers them when sizes tie.
QList<const Codec *> codecs();
const Codec *codecByName(QStringView name);
QStringList codecNames();
// The codec whose header the delta file carries; nullptr when no codec recognises it.
const Codec *codecForDelta(const QString &deltaPath);

// One codec's result when building for a (source, target) pair and verifying it.
struct Candidate
{
    QString codec;
    QString deltaPath;
    BuildStats stats;
    qint64 buildMs = 0;
    bool verified = false; // applied and its output's SHA-256 equals the target's
    QString error;
};

// Builds with each named codec (all when empty) into workDir, applies each result and compares the
// output's SHA-256 with the target's ("accuracy verification"). Unverified deltas are removed.
// Progress covers the whole run.
Result<QList<Candidate>> buildAndVerify(const QString &sourcePath, const QString &targetPath, const QString &workDir,
                                        const QStringList &codecNames = {}, const BuildOptions &options = {});

} // namespace flotilla::delta
