#include "cli/DeltaCommands.h"

#include "cli/Cli.h"
#include "core/delta/DeltaCodec.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;

namespace flotilla::cli {

namespace {

using delta::Codec;

QString mib(qint64 bytes)
{
    return QString::number(double(bytes) / (1024.0 * 1024.0), 'f', 1) + u" MiB";
}

QString percentOf(qint64 part, qint64 whole)
{
    return whole > 0 ? QString::number(100.0 * double(part) / double(whole), 'f', 2) + u" %" : u"-"_s;
}

int failure(QTextStream &err, const QString &message)
{
    err << "flotillactl: " << message << '\n';
    return ExitApiError;
}

int usage(QTextStream &err, const QString &message)
{
    err << "flotillactl: " << message << '\n';
    return ExitUsage;
}

Result<int> parseLevel(const QCommandLineParser &parser)
{
    if (!parser.isSet(u"level"_s))
        return 0;
    bool ok = false;
    const int level = parser.value(u"level"_s).toInt(&ok);
    if (!ok || level < 1 || level > 22)
        return Error(u"--level must be an integer from 1 to 22"_s);
    return level;
}

int runCodecs(const QCommandLineParser &, const QStringList &, QTextStream &out, QTextStream &)
{
    for (const QString &name : delta::codecNames())
        out << name << '\n';
    return ExitSuccess;
}

int runBuild(const QCommandLineParser &parser, const QStringList &args, QTextStream &out, QTextStream &err)
{
    const QString &oldPath = args[0];
    const QString &newPath = args[1];
    const QString &outPath = args[2];
    const QString codecName = parser.isSet(u"codec"_s) ? parser.value(u"codec"_s) : u"best"_s;
    const Result<int> level = parseLevel(parser);
    if (!level)
        return usage(err, level.error().message);
    if (codecName != u"best" && !delta::codecByName(codecName))
        return usage(err, u"unknown codec '%1' (one of: %2, best)"_s.arg(codecName, delta::codecNames().join(u", ")));
    for (const QString &input : {oldPath, newPath}) {
        if (!QFileInfo(input).isFile())
            return failure(err, u"%1 is not a readable file"_s.arg(input));
    }
    const qint64 newSize = QFileInfo(newPath).size();
    delta::BuildOptions options;
    options.level = *level;

    if (codecName != u"best") {
        const Codec *codec = delta::codecByName(codecName);
        QElapsedTimer timer;
        timer.start();
        const Result<delta::BuildStats> stats = codec->build(oldPath, newPath, outPath, options);
        if (!stats)
            return failure(err, u"%1: %2"_s.arg(codecName, stats.errorString()));
        out << codecName << ": " << stats->deltaBytes << " bytes (" << percentOf(stats->deltaBytes, newSize)
            << " of the new image), applies in " << mib(stats->applyMemoryBytes) << ", built in "
            << QString::number(double(timer.elapsed()) / 1000.0, 'f', 2) << " s\n";
        return ExitSuccess;
    }

    // best: every codec builds into a work folder beside OUT, each result is applied and
    // verified, and the smallest verified one becomes OUT.
    const QString outDir = QFileInfo(outPath).absolutePath();
    QTemporaryDir work(QDir(outDir).filePath(u".flotilla-delta-XXXXXX"_s));
    if (!work.isValid())
        return failure(err, u"cannot create a work folder in %1"_s.arg(outDir));
    const Result<QList<delta::Candidate>> candidates =
        delta::buildAndVerify(oldPath, newPath, work.path(), {}, options);
    if (!candidates)
        return failure(err, candidates.errorString());
    const delta::Candidate *best = nullptr;
    for (const delta::Candidate &c : *candidates) {
        out << c.codec << ": ";
        if (c.verified) {
            out << c.stats.deltaBytes << " bytes (" << percentOf(c.stats.deltaBytes, newSize) << "), applies in "
                << mib(c.stats.applyMemoryBytes) << ", built in " << QString::number(double(c.buildMs) / 1000.0, 'f', 2)
                << " s, verified\n";
            if (!best || c.stats.deltaBytes < best->stats.deltaBytes)
                best = &c;
        } else {
            out << "failed: " << c.error << '\n';
        }
    }
    if (!best)
        return failure(err, u"no codec produced a verified delta"_s);
    QFile::remove(outPath);
    if (!QFile::rename(best->deltaPath, outPath))
        return failure(err, u"cannot write %1"_s.arg(outPath));
    out << "best: " << best->codec << " -> " << outPath << '\n';
    return ExitSuccess;
}

int runApply(const QCommandLineParser &parser, const QStringList &args, QTextStream &out, QTextStream &err)
{
    const QString &oldPath = args[0];
    const QString &deltaPath = args[1];
    const QString &outPath = args[2];
    delta::ApplyOptions options;
    if (parser.isSet(u"memory-limit"_s)) {
        bool ok = false;
        const qint64 limit = parser.value(u"memory-limit"_s).toLongLong(&ok);
        if (!ok || limit <= 0)
            return usage(err, u"--memory-limit must be a positive number of MiB"_s);
        options.memoryLimitBytes = limit * 1024 * 1024;
    }
    if (!QFileInfo(deltaPath).isFile())
        return failure(err, u"%1 is not a readable file"_s.arg(deltaPath));
    const Codec *codec = nullptr;
    if (parser.isSet(u"codec"_s)) {
        codec = delta::codecByName(parser.value(u"codec"_s));
        if (!codec)
            return usage(err, u"unknown codec '%1'"_s.arg(parser.value(u"codec"_s)));
    } else {
        codec = delta::codecForDelta(deltaPath);
        if (!codec)
            return failure(err, u"%1 is not a delta of any known codec, or it is corrupt"_s.arg(deltaPath));
    }
    QElapsedTimer timer;
    timer.start();
    const Status applied = codec->apply(oldPath, deltaPath, outPath, options);
    if (!applied)
        return failure(err, u"%1: %2"_s.arg(codec->name(), applied.errorString()));
    out << codec->name() << ": wrote " << QFileInfo(outPath).size() << " bytes to " << outPath << " in "
        << QString::number(double(timer.elapsed()) / 1000.0, 'f', 2) << " s (SHA-256 verified)\n";
    return ExitSuccess;
}

} // namespace

QList<Command> deltaCommands()
{
    QList<Command> all;
    Command codecs;
    codecs.words = {u"delta"_s, u"codecs"_s};
    codecs.summary = u"List the delta codecs, one name per line (local, no server)"_s;
    codecs.run = runCodecs;
    all.append(codecs);

    Command build;
    build.words = {u"delta"_s, u"build"_s};
    build.arguments = {u"OLD"_s, u"NEW"_s, u"OUT"_s};
    build.summary = u"Build a delta from OLD to NEW into OUT (local, no server)"_s;
    build.options = {
        QCommandLineOption({u"codec"_s}, u"A codec name, or best (default): the smallest verified delta"_s, u"NAME"_s),
        QCommandLineOption({u"level"_s}, u"Codec effort, 1-22 (default: the codec's own)"_s, u"N"_s),
    };
    build.run = runBuild;
    all.append(build);

    Command apply;
    apply.words = {u"delta"_s, u"apply"_s};
    apply.arguments = {u"OLD"_s, u"DELTA"_s, u"OUT"_s};
    apply.summary = u"Rebuild the new image from OLD and DELTA into OUT (local, no server)"_s;
    apply.options = {
        QCommandLineOption({u"codec"_s}, u"The delta's codec (default: read from its header)"_s, u"NAME"_s),
        QCommandLineOption({u"memory-limit"_s}, u"Refuse a delta that needs more than MIB mebibytes"_s, u"MIB"_s),
    };
    apply.run = runApply;
    all.append(apply);
    return all;
}

} // namespace flotilla::cli
