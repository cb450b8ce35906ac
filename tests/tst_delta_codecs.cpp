// Delta codecs (core/delta): round trips of every codec on generated pairs (and on the benchmark
// corpus when .cache/delta-corpus or FLOTILLA_DELTA_CORPUS holds one), hostile deltas (truncated,
// wrong magic, lying lengths, out-of-range copies, impossible sizes, random corruption), wrong
// sources, memory limits, cancellation, and buildAndVerify. Also run under AddressSanitizer in CI.
#include "core/delta/DeltaCodec.h"
#include "core/delta/DeltaHeader.h"
#include "core/delta/LzmaStream.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <cstring>
#include <functional>

using namespace flotilla;
using namespace flotilla::delta;
using namespace Qt::StringLiterals;

namespace {

QByteArray randomBytes(qsizetype size, quint32 seed)
{
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator generator(seed);
    for (char &c : bytes)
        c = char(generator.bounded(256));
    return bytes;
}

QByteArray textLines(int lines, quint32 seed, int editEvery = 0)
{
    static const char *const Words[] = {"vehicle",  "update", "delta", "image",    "slot",     "verify",   "install",
                                        "campaign", "wave",   "ecu",   "firmware", "rollback", "signature"};
    QRandomGenerator generator(seed);
    QByteArray text;
    for (int i = 0; i < lines; ++i) {
        const int words = 3 + int(generator.bounded(8));
        for (int w = 0; w < words; ++w) {
            text.append(Words[generator.bounded(int(std::size(Words)))]);
            text.append(' ');
        }
        if (editEvery && i % editEvery == 0)
            text.append("changed ");
        text.append(QByteArray::number(i));
        text.append('\n');
    }
    return text;
}

void putLe32(QByteArray &bytes, qsizetype at, quint32 v)
{
    for (int i = 0; i < 4; ++i)
        bytes[at + i] = char(v >> (8 * i));
}

// An x86-64 ELF-like image: functions of random filler with rel32 calls (E8) to other functions
// and RIP-relative LEAs (48 8D 05) into a data area. The variant inserts a function in the middle
// and edits one, so that most calls and references change their displacement, as in real builds.
QByteArray x86Image(int functions, quint32 seed, bool variant)
{
    QRandomGenerator layout(seed);
    QList<qsizetype> sizes;
    for (int i = 0; i < functions; ++i)
        sizes.append(200 + qsizetype(layout.bounded(1000)));
    QList<int> order;
    for (int i = 0; i < functions; ++i)
        order.append(i);
    if (variant) {
        sizes.append(777);
        order.insert(functions / 3, functions); // the new function
    }
    QList<qsizetype> start(sizes.size());
    qsizetype pos = 64;
    for (int index : std::as_const(order)) {
        start[index] = pos;
        pos += sizes[index];
    }
    const qsizetype dataStart = pos;
    const qsizetype dataSize = 4096;
    QByteArray image(dataStart + dataSize, '\0');
    std::memcpy(image.data(),
                "\x7f"
                "ELF\x02\x01\x01",
                7);
    image[18] = char(62); // EM_X86_64
    for (int index : std::as_const(order)) {
        QRandomGenerator body(seed * 7919u + quint32(index));
        const qsizetype s = start[index];
        for (qsizetype i = 0; i < sizes[index]; ++i)
            image[s + i] = char(body.bounded(256));
        for (qsizetype i = 8; i + 12 < sizes[index]; i += 24 + qsizetype(body.bounded(24))) {
            const qsizetype at = s + i;
            if (body.bounded(2) == 0) {
                const int callee = int(body.bounded(functions));
                image[at] = char(0xe8);
                putLe32(image, at + 1, quint32(start[callee] - (at + 5)));
            } else {
                image[at] = char(0x48);
                image[at + 1] = char(0x8d);
                image[at + 2] = char(0x05);
                putLe32(image, at + 3, quint32(dataStart + qsizetype(body.bounded(int(dataSize))) - (at + 7)));
            }
        }
        if (variant && index == functions / 2)
            image[s + 5] = char(image[s + 5] ^ 0x5a);
    }
    return image;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

DeltaError errorOf(const Status &status)
{
    return status ? DeltaError(0) : DeltaError(status.error().code);
}

struct Pair
{
    QByteArray oldBytes;
    QByteArray newBytes;
};

Pair makePair(const QString &kind)
{
    const QByteArray base = randomBytes(100'000, 1);
    if (kind == u"empty-to-empty")
        return {{}, {}};
    if (kind == u"empty-source")
        return {{}, randomBytes(5000, 2)};
    if (kind == u"empty-target")
        return {randomBytes(5000, 3), {}};
    if (kind == u"one-byte")
        return {QByteArray(1, 'a'), QByteArray(1, 'b')};
    if (kind == u"identical")
        return {base, base};
    if (kind == u"unrelated")
        return {randomBytes(40'000, 4), randomBytes(50'000, 5)};
    if (kind == u"edited") {
        QByteArray changed = base;
        QRandomGenerator generator(6);
        for (int i = 0; i < 60; ++i)
            changed[generator.bounded(int(changed.size()))] = char(generator.bounded(256));
        return {base, changed};
    }
    if (kind == u"shifted")
        return {base, randomBytes(1000, 7) + base};
    if (kind == u"inserted")
        return {base, base.first(40'000) + randomBytes(5000, 8) + base.sliced(40'000)};
    if (kind == u"deleted")
        return {base, base.first(30'000) + base.sliced(37'000)};
    if (kind == u"text")
        return {textLines(4000, 9), textLines(4000, 9, 97)};
    if (kind == u"x86-shifted")
        return {x86Image(300, 10, false), x86Image(300, 10, true)};
    return {};
}

// The benchmark corpus (bench/delta.sh fetches it into .cache/delta-corpus of the source tree), or
// FLOTILLA_DELTA_CORPUS; empty when there is none. FLOTILLA_DELTA_CORPUS=none skips it on purpose
// (the sanitizer run: full-size images there take minutes).
QString corpusDir()
{
    QString root = qEnvironmentVariable("FLOTILLA_DELTA_CORPUS");
    if (root.isEmpty() && qEnvironmentVariableIsSet("FLOTILLA_SOURCE_DIR"))
        root = QDir(qEnvironmentVariable("FLOTILLA_SOURCE_DIR")).filePath(u".cache/delta-corpus"_s);
    return QDir(root).exists(u"pairs"_s) ? root : QString();
}

const QStringList PairKinds = {u"empty-to-empty"_s, u"empty-source"_s, u"empty-target"_s, u"one-byte"_s,
                               u"identical"_s,      u"unrelated"_s,    u"edited"_s,       u"shifted"_s,
                               u"inserted"_s,       u"deleted"_s,      u"text"_s,         u"x86-shifted"_s};

} // namespace

class TestDeltaCodecs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void registry();
    void roundTrip_data();
    void roundTrip();
    void x86ReferencesShrinkTheDelta();
    void zstdPatchDecodesWithStockZstd();
    void corpus_data();
    void corpus();
    void hostileDelta_data();
    void hostileDelta();
    void randomCorruption_data();
    void randomCorruption();
    void craftedFloDiff_data();
    void craftedFloDiff();
    void wrongSource_data();
    void wrongSource();
    void memoryLimit_data();
    void memoryLimit();
    void cancel_data();
    void cancel();
    void buildAndVerifyKeepsVerified();

private:
    void addCodecRows();
    // Builds a small x86-like pair's delta with codec; returns the delta path.
    QString buildSample(const QString &codec, QTemporaryDir &dir);
};

void TestDeltaCodecs::addCodecRows()
{
    QTest::addColumn<QString>("codec");
    for (const QString &name : codecNames())
        QTest::newRow(qPrintable(name)) << name;
}

void TestDeltaCodecs::registry()
{
    const QStringList names = codecNames();
    QVERIFY(names.contains(u"full-zstd"_s));
    QVERIFY(names.contains(u"zstd-patch"_s));
    QVERIFY(names.contains(u"x-flodiff"_s));
    QCOMPARE(names.size(), codecs().size());
    for (const Codec *codec : codecs()) {
        QCOMPARE(codecByName(codec->name()), codec);
        QVERIFY(!codec->description().isEmpty());
        QCOMPARE(codec->usesSource(), codec->name() != u"full-zstd");
    }
    QCOMPARE(codecByName(u"no-such-codec"), nullptr);
}

void TestDeltaCodecs::roundTrip_data()
{
    QTest::addColumn<QString>("codec");
    QTest::addColumn<QString>("kind");
    for (const QString &name : codecNames()) {
        for (const QString &kind : PairKinds)
            QTest::newRow(qPrintable(name + u':' + kind)) << name << kind;
    }
}

void TestDeltaCodecs::roundTrip()
{
    QFETCH(QString, codec);
    QFETCH(QString, kind);
    const Pair pair = makePair(kind);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString oldPath = dir.filePath(u"old"_s);
    const QString newPath = dir.filePath(u"new"_s);
    const QString deltaPath = dir.filePath(u"delta"_s);
    const QString outPath = dir.filePath(u"out"_s);
    QVERIFY(writeFile(oldPath, pair.oldBytes));
    QVERIFY(writeFile(newPath, pair.newBytes));
    const Codec *c = codecByName(codec);
    QVERIFY(c);

    const Result<BuildStats> stats = c->build(oldPath, newPath, deltaPath);
    QVERIFY2(stats, qPrintable(stats.errorString()));
    QCOMPARE(stats->deltaBytes, QFileInfo(deltaPath).size());
    QVERIFY(stats->applyMemoryBytes > 0);
    QVERIFY(stats->peakMemoryBytes > 0);
    const Result<qint64> memory = c->applyMemory(deltaPath);
    QVERIFY2(memory, qPrintable(memory.errorString()));
    QCOMPARE(*memory, stats->applyMemoryBytes);
    if (c->name() == u"x-flodiff")
        QVERIFY(*memory < 32 * 1024 * 1024);
    QCOMPARE(codecForDelta(deltaPath), c);

    const Status applied = c->apply(oldPath, deltaPath, outPath);
    QVERIFY2(applied, qPrintable(applied.errorString()));
    QCOMPARE(readAll(outPath), pair.newBytes);
    QCOMPARE(readAll(oldPath), pair.oldBytes); // the source is never touched

    // A similar pair makes a small delta (the codec is a delta, not a copy).
    if (c->usesSource() && (kind == u"identical" || kind == u"edited" || kind == u"shifted"))
        QVERIFY2(stats->deltaBytes < pair.newBytes.size() / 10, qPrintable(QString::number(stats->deltaBytes)));
}

void TestDeltaCodecs::x86ReferencesShrinkTheDelta()
{
    // The same images without the ELF header that switches the x86 reference correction on: the
    // corrected delta must be clearly smaller, else the correction does nothing.
    QTemporaryDir dir;
    QByteArray oldBytes = x86Image(300, 10, false);
    QByteArray newBytes = x86Image(300, 10, true);
    QVERIFY(writeFile(dir.filePath(u"old"_s), oldBytes));
    QVERIFY(writeFile(dir.filePath(u"new"_s), newBytes));
    oldBytes[18] = newBytes[18] = char(40); // EM_ARM: no x86 correction
    QVERIFY(writeFile(dir.filePath(u"old-plain"_s), oldBytes));
    QVERIFY(writeFile(dir.filePath(u"new-plain"_s), newBytes));
    const Codec *c = codecByName(u"x-flodiff");
    const Result<BuildStats> corrected =
        c->build(dir.filePath(u"old"_s), dir.filePath(u"new"_s), dir.filePath(u"d1"_s));
    const Result<BuildStats> plain =
        c->build(dir.filePath(u"old-plain"_s), dir.filePath(u"new-plain"_s), dir.filePath(u"d2"_s));
    QVERIFY(corrected && plain);
    QVERIFY2(corrected->deltaBytes * 2 < plain->deltaBytes,
             qPrintable(u"%1 vs %2"_s.arg(corrected->deltaBytes).arg(plain->deltaBytes)));
}

void TestDeltaCodecs::zstdPatchDecodesWithStockZstd()
{
    const QString zstd = QStandardPaths::findExecutable(u"zstd"_s);
    if (zstd.isEmpty())
        QSKIP("zstd CLI not installed");
    QTemporaryDir dir;
    const Pair pair = makePair(u"inserted"_s);
    const QString oldPath = dir.filePath(u"old"_s);
    QVERIFY(writeFile(oldPath, pair.oldBytes));
    QVERIFY(writeFile(dir.filePath(u"new"_s), pair.newBytes));
    for (const QString &name : {u"zstd-patch"_s, u"full-zstd"_s}) {
        const QString deltaPath = dir.filePath(name);
        QVERIFY(codecByName(name)->build(oldPath, dir.filePath(u"new"_s), deltaPath));
        const QString outPath = dir.filePath(name + u".out");
        QStringList args{u"-q"_s, u"-d"_s, u"-f"_s};
        if (name == u"zstd-patch")
            args << u"--long=31"_s << (u"--patch-from="_s + oldPath);
        args << deltaPath << u"-o"_s << outPath;
        QProcess process;
        process.start(zstd, args);
        QVERIFY(process.waitForFinished(60000));
        QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
        QCOMPARE(readAll(outPath), pair.newBytes);
    }
}

void TestDeltaCodecs::corpus_data()
{
    QTest::addColumn<QString>("codec");
    QTest::addColumn<QString>("pairDir");
    const QString root = corpusDir();
    if (root.isEmpty())
        return;
    const QDir pairs(QDir(root).filePath(u"pairs"_s));
    // The found cache runs x-flodiff only (the zstd codecs are libzstd's work, and all three on
    // 40 MiB images would take minutes); FLOTILLA_DELTA_CORPUS asks for every codec.
    const QStringList names =
        qEnvironmentVariableIsEmpty("FLOTILLA_DELTA_CORPUS") ? QStringList{u"x-flodiff"_s} : codecNames();
    for (const QString &pair : pairs.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        for (const QString &name : names)
            QTest::newRow(qPrintable(pair + u':' + name)) << name << pairs.filePath(pair);
    }
}

void TestDeltaCodecs::corpus()
{
    if (corpusDir().isEmpty())
        QSKIP("no corpus: bench/delta.sh fetches it into .cache/delta-corpus (or set FLOTILLA_DELTA_CORPUS)");
    QFETCH(QString, codec);
    QFETCH(QString, pairDir);
    QTemporaryDir dir;
    const QString oldPath = QDir(pairDir).filePath(u"old"_s);
    const QString newPath = QDir(pairDir).filePath(u"new"_s);
    const Codec *c = codecByName(codec);
    const Result<BuildStats> stats = c->build(oldPath, newPath, dir.filePath(u"delta"_s));
    QVERIFY2(stats, qPrintable(stats.errorString()));
    QVERIFY2(c->apply(oldPath, dir.filePath(u"delta"_s), dir.filePath(u"out"_s)), "apply failed");
    QCOMPARE(QCryptographicHash::hash(readAll(dir.filePath(u"out"_s)), QCryptographicHash::Sha256),
             QCryptographicHash::hash(readAll(newPath), QCryptographicHash::Sha256));
    if (codec == u"x-flodiff")
        QVERIFY(stats->applyMemoryBytes < 18 * 1024 * 1024); // the process adds ~14 MiB: under 32
    qInfo("%s: %lld bytes, apply memory %lld", qPrintable(codec), stats->deltaBytes, stats->applyMemoryBytes);
}

QString TestDeltaCodecs::buildSample(const QString &codec, QTemporaryDir &dir)
{
    writeFile(dir.filePath(u"old"_s), x86Image(60, 21, false));
    writeFile(dir.filePath(u"new"_s), x86Image(60, 21, true));
    const QString deltaPath = dir.filePath(u"delta"_s);
    if (!codecByName(codec)->build(dir.filePath(u"old"_s), dir.filePath(u"new"_s), deltaPath))
        return {};
    return deltaPath;
}

void TestDeltaCodecs::hostileDelta_data()
{
    QTest::addColumn<QString>("codec");
    QTest::addColumn<QString>("damage");
    const QStringList damages = {u"empty"_s,
                                 u"truncated-header"_s,
                                 u"truncated-half"_s,
                                 u"truncated-last"_s,
                                 u"wrong-magic"_s,
                                 u"target-2^63"_s,
                                 u"target-2^40"_s,
                                 u"memory-2^63"_s,
                                 u"memory-2^62+1"_s,
                                 u"appended"_s,
                                 u"version"_s,
                                 u"zeroed-body"_s,
                                 u"source-size-lies"_s,
                                 u"source-digest"_s,
                                 u"target-digest"_s,
                                 u"header-frame-longer"_s,
                                 u"header-frame-shorter"_s,
                                 u"unknown-flag"_s};
    for (const QString &name : codecNames()) {
        for (const QString &damage : damages) {
            if ((damage == u"source-size-lies" || damage == u"source-digest") && !codecByName(name)->usesSource())
                continue; // full-zstd ignores the source fields
            if (damage.startsWith(u"header-frame") && name == u"x-flodiff")
                continue; // only the zstd codecs wrap the header in a frame of its own
            if (damage == u"unknown-flag" && name != u"x-flodiff")
                continue;
            QTest::newRow(qPrintable(name + u':' + damage)) << name << damage;
        }
    }
}

void TestDeltaCodecs::hostileDelta()
{
    QFETCH(QString, codec);
    QFETCH(QString, damage);
    QTemporaryDir dir;
    const QString deltaPath = buildSample(codec, dir);
    QVERIFY(!deltaPath.isEmpty());
    QByteArray bytes = readAll(deltaPath);
    // The zstd codecs keep their header inside an 8-byte skippable-frame header.
    const qsizetype h = codec == u"x-flodiff" ? 0 : 8;
    // The header (format 2: tag, version character, varints, 16-byte digests) is parsed, changed
    // and written back; the zstd codecs' frame length follows its new length.
    qsizetype headerLength = 0;
    const QByteArray tag = bytes.mid(h, 3);
    const Result<DeltaHeader> parsed = DeltaHeader::parseCompact(QByteArrayView(bytes).sliced(h), tag, &headerLength);
    QVERIFY2(parsed, qPrintable(parsed.errorString()));
    QCOMPARE(bytes[h + 3], '2');
    const auto rewrite = [&](const std::function<void(DeltaHeader &)> &change) {
        DeltaHeader header = *parsed;
        header.magic = tag;
        change(header);
        const QByteArray head = header.serializeCompact();
        bytes.replace(h, headerLength, head);
        if (h == 8) {
            for (int i = 0; i < 4; ++i)
                bytes[4 + i] = char(quint32(head.size()) >> (8 * i));
        }
    };
    DeltaError expected = DeltaError::Corrupt;
    if (damage == u"empty")
        bytes.clear();
    else if (damage == u"truncated-header")
        bytes.truncate(h + 20);
    else if (damage == u"truncated-half")
        bytes.truncate(bytes.size() / 2);
    else if (damage == u"truncated-last")
        bytes.chop(1);
    else if (damage == u"wrong-magic")
        bytes[h + 2] = char(bytes[h + 2] ^ 0x20);
    else if (damage == u"target-2^63")
        rewrite([](DeltaHeader &d) { d.targetSize = quint64(1) << 63; });
    else if (damage == u"target-2^40")
        rewrite([](DeltaHeader &d) { d.targetSize = quint64(1) << 40; });
    else if (damage == u"memory-2^63")
        rewrite([](DeltaHeader &d) { d.applyMemory = quint64(1) << 63; });
    else if (damage == u"memory-2^62+1")
        rewrite([](DeltaHeader &d) { d.applyMemory = (quint64(1) << 62) + 1; });
    else if (damage == u"appended")
        bytes.append("trailing garbage");
    else if (damage == u"version") {
        bytes[h + 3] = '3';
        expected = DeltaError::Unsupported;
    } else if (damage == u"zeroed-body") {
        const qsizetype from = h + headerLength + 200;
        std::memset(bytes.data() + from, 0, size_t(qMax<qsizetype>(0, bytes.size() - from - 10)));
    } else if (damage == u"source-size-lies") {
        rewrite([](DeltaHeader &d) { d.sourceSize = quint64(1) << 40; });
        // zstd-patch's declared memory includes the source, so its header no longer adds up.
        expected = codec == u"zstd-patch" ? DeltaError::Corrupt : DeltaError::SourceMismatch;
    } else if (damage == u"source-digest") {
        rewrite([](DeltaHeader &d) { d.sourceSha256[15] ^= 1; });
        expected = DeltaError::SourceMismatch;
    } else if (damage == u"target-digest") {
        rewrite([](DeltaHeader &d) { d.targetSha256[0] ^= 0x80; });
    } else if (damage == u"header-frame-longer" || damage == u"header-frame-shorter") {
        bytes[4] = char(bytes[4] + (damage == u"header-frame-longer" ? 1 : -1));
    } else if (damage == u"unknown-flag") {
        rewrite([](DeltaHeader &d) { d.flags |= 0x100; });
        expected = DeltaError::Unsupported;
    }
    QVERIFY(writeFile(deltaPath, bytes));
    const QByteArray sourceBefore = readAll(dir.filePath(u"old"_s));
    const QString outPath = dir.filePath(u"out"_s);
    QVERIFY(writeFile(outPath, "stale output")); // removed on failure too
    const Status applied = codecByName(codec)->apply(dir.filePath(u"old"_s), deltaPath, outPath);
    QVERIFY(!applied);
    QCOMPARE(errorOf(applied), expected);
    QVERIFY(!QFile::exists(outPath));
    QCOMPARE(readAll(dir.filePath(u"old"_s)), sourceBefore);
    QVERIFY(dir.path() != QString()); // no temporaries left beside the output
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 3);
}

void TestDeltaCodecs::randomCorruption_data()
{
    addCodecRows();
}

void TestDeltaCodecs::randomCorruption()
{
    // Any byte of a delta may be damaged: the apply either fails cleanly with a delta error and
    // leaves no output, or (a byte that does not matter, such as the reserved field) succeeds
    // with exactly the right image. Never a crash, never a wrong image.
    QFETCH(QString, codec);
    QTemporaryDir dir;
    const QString deltaPath = buildSample(codec, dir);
    QVERIFY(!deltaPath.isEmpty());
    const QByteArray good = readAll(deltaPath);
    const QByteArray expected = readAll(dir.filePath(u"new"_s));
    const QString damaged = dir.filePath(u"damaged"_s);
    const QString outPath = dir.filePath(u"out"_s);
    QRandomGenerator generator(42);
    int failures = 0;
    constexpr int Trials = 150;
    for (int trial = 0; trial < Trials; ++trial) {
        QByteArray bytes = good;
        const int flips = 1 + int(generator.bounded(3));
        for (int i = 0; i < flips; ++i) {
            const auto at = qsizetype(generator.bounded(int(bytes.size())));
            bytes[at] = char(bytes[at] ^ (1 + generator.bounded(255)));
        }
        QVERIFY(writeFile(damaged, bytes));
        const Status applied = codecByName(codec)->apply(dir.filePath(u"old"_s), damaged, outPath);
        if (applied) {
            QCOMPARE(readAll(outPath), expected);
            continue;
        }
        ++failures;
        const DeltaError e = errorOf(applied);
        QVERIFY2(e == DeltaError::Corrupt || e == DeltaError::SourceMismatch || e == DeltaError::Unsupported,
                 qPrintable(applied.errorString()));
        QVERIFY(!QFile::exists(outPath));
    }
    QVERIFY2(failures > Trials * 3 / 4, qPrintable(QString::number(failures)));
}

void TestDeltaCodecs::craftedFloDiff_data()
{
    QTest::addColumn<QByteArray>("control");     // varints: copy length, literal length
    QTest::addColumn<QByteArray>("seeks");       // 0-3: a recent alignment; else 4 + zigzag(move)
    QTest::addColumn<QByteArray>("runs");        // format 1: zero run, data run, ...
    QTest::addColumn<QByteArray>("compactRuns"); // format 2: 0 = zero to the copy's end, else zero run + 1
    QTest::addColumn<int>("diffBytes");
    QTest::addColumn<int>("literalBytes");
    QTest::addColumn<bool>("valid");
    // Source is 1000 bytes, target 600: copy 500 from 100, then 100 literal bytes.
    QTest::newRow("valid") << QByteArray("\xf4\x03\x64", 3) << QByteArray("\xcc\x01", 2) << QByteArray("\xf4\x03", 2)
                           << QByteArray("\x00", 1) << 0 << 100 << true;
    QTest::newRow("copy-past-source-end") << QByteArray("\xf4\x03\x64", 3) << QByteArray("\xa4\x1f", 2)
                                          << QByteArray("\xf4\x03", 2) << QByteArray("\x00", 1) << 0 << 100 << false;
    QTest::newRow("seek-before-source-start")
        << QByteArray("\xf4\x03\x64", 3) << QByteArray("\x05", 1) << QByteArray("\xf4\x03", 2) << QByteArray("\x00", 1)
        << 0 << 100 << false;
    QTest::newRow("copy-past-target-end") << QByteArray("\xd8\x04\x64", 3) << QByteArray("\x00", 1)
                                          << QByteArray("\xd8\x04", 2) << QByteArray("\x00", 1) << 0 << 100 << false;
    QTest::newRow("empty-instruction") << QByteArray("\x00\x00\xf4\x03\x64", 5) << QByteArray("\x00\xcc\x01", 3)
                                       << QByteArray("\xf4\x03", 2) << QByteArray("\x00", 1) << 0 << 100 << false;
    QTest::newRow("truncated-varint") << QByteArray("\xf4\x03\x64\x80", 4) << QByteArray("\xcc\x01", 2)
                                      << QByteArray("\xf4\x03", 2) << QByteArray("\x00", 1) << 0 << 100 << false;
    QTest::newRow("oversized-varint") << QByteArray("\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7f\x00", 11)
                                      << QByteArray("\x00", 1) << QByteArray("\x00", 1) << QByteArray("\x00", 1) << 0
                                      << 100 << false;
    QTest::newRow("diff-run-too-long") << QByteArray("\xf4\x03\x64", 3) << QByteArray("\xcc\x01", 2)
                                       << QByteArray("\xf5\x03", 2) << QByteArray("\xf6\x03", 2) << 0 << 100 << false;
    QTest::newRow("diff-bytes-missing") << QByteArray("\xf4\x03\x64", 3) << QByteArray("\xcc\x01", 2)
                                        << QByteArray("\x00\x0a\xea\x03", 4) << QByteArray("\x01\x0a\x00", 3) << 5
                                        << 100 << false;
    QTest::newRow("literals-missing") << QByteArray("\xf4\x03\x64", 3) << QByteArray("\xcc\x01", 2)
                                      << QByteArray("\xf4\x03", 2) << QByteArray("\x00", 1) << 0 << 99 << false;
    QTest::newRow("instructions-left-over")
        << QByteArray("\xf4\x03\x64\x01\x00", 5) << QByteArray("\xcc\x01\x00", 3) << QByteArray("\xf4\x03\x01", 3)
        << QByteArray("\x00\x00", 2) << 0 << 100 << false;
}

void TestDeltaCodecs::craftedFloDiff()
{
    // Deltas written by hand in x-flodiff's layout, with the right hashes, so that the apply loop
    // itself meets each lie (the header checks alone would not).
    QFETCH(QByteArray, control);
    QFETCH(QByteArray, seeks);
    QFETCH(QByteArray, runs);
    QFETCH(QByteArray, compactRuns);
    QFETCH(int, diffBytes);
    QFETCH(int, literalBytes);
    QFETCH(bool, valid);
    const QByteArray source = randomBytes(1000, 30);
    const QByteArray literals = randomBytes(100, 31);
    const QByteArray target = source.sliced(100, 500) + literals;
    QTemporaryDir dir;
    QVERIFY(writeFile(dir.filePath(u"old"_s), source));

    for (const int format : {1, 2}) {
        DeltaHeader header;
        header.magic = format == 1 ? "FLODIFF1" : "FDF";
        header.sourceSize = quint64(source.size());
        header.targetSize = quint64(target.size());
        const QByteArray sourceHash = QCryptographicHash::hash(source, QCryptographicHash::Sha256);
        const QByteArray targetHash = QCryptographicHash::hash(target, QCryptographicHash::Sha256);
        std::memcpy(header.sourceSha256.data(), sourceHash.constData(), 32);
        std::memcpy(header.targetSha256.data(), targetHash.constData(), 32);
        header.applyMemory = 32 * 1024 * 1024;
        const QList<QByteArray> streams = {control,
                                           seeks,
                                           format == 1 ? runs : compactRuns,
                                           randomBytes(diffBytes, 32),
                                           literals.first(literalBytes),
                                           QByteArray()};
        // Format 1: count, then raw size, packed size, method; format 2: raw size * 3 + method, packed size.
        QByteArray table = format == 1 ? QByteArray(1, char(streams.size())) : QByteArray();
        QByteArray data;
        const auto varint = [](QByteArray &out, quint64 v) {
            for (; v >= 0x80; v >>= 7)
                out.append(char((v & 0x7f) | 0x80));
            out.append(char(v));
        };
        for (const QByteArray &raw : streams) {
            LzmaStream::Params params;
            params.dictSize = LzmaStream::MinDict;
            const Result<QByteArray> packed = LzmaStream::compress(raw, params);
            QVERIFY(packed);
            if (format == 1) {
                varint(table, quint64(raw.size()));
                varint(table, quint64(packed->size()));
                table.append(char(1)); // LZMA2
            } else {
                varint(table, quint64(raw.size()) * 3 + 1);
                varint(table, quint64(packed->size()));
            }
            varint(table, params.dictSize);
            table.append(char((params.pb * 5 + params.lp) * 9 + params.lc));
            data.append(*packed);
        }
        const QString deltaPath = dir.filePath(u"delta"_s);
        QVERIFY(writeFile(deltaPath, (format == 1 ? header.serialize() : header.serializeCompact()) + table + data));
        const QString outPath = dir.filePath(u"out"_s);
        const Status applied = codecByName(u"x-flodiff")->apply(dir.filePath(u"old"_s), deltaPath, outPath);
        if (valid) {
            QVERIFY2(applied, qPrintable(applied.errorString()));
            QCOMPARE(readAll(outPath), target);
        } else {
            QVERIFY(!applied);
            QCOMPARE(errorOf(applied), DeltaError::Corrupt);
            QVERIFY(!QFile::exists(outPath));
        }
    }
}

void TestDeltaCodecs::wrongSource_data()
{
    QTest::addColumn<QString>("codec");
    QTest::addColumn<bool>("sameSize");
    for (const QString &name : codecNames()) {
        if (codecByName(name)->usesSource()) {
            QTest::newRow(qPrintable(name + u":same-size")) << name << true;
            QTest::newRow(qPrintable(name + u":other-size")) << name << false;
        }
    }
}

void TestDeltaCodecs::wrongSource()
{
    QFETCH(QString, codec);
    QFETCH(bool, sameSize);
    QTemporaryDir dir;
    const QString deltaPath = buildSample(codec, dir);
    QVERIFY(!deltaPath.isEmpty());
    QByteArray other = readAll(dir.filePath(u"old"_s));
    if (sameSize)
        other[other.size() / 2] = char(other[other.size() / 2] ^ 1);
    else
        other.append('x');
    QVERIFY(writeFile(dir.filePath(u"other"_s), other));
    const QString outPath = dir.filePath(u"out"_s);
    const Status applied = codecByName(codec)->apply(dir.filePath(u"other"_s), deltaPath, outPath);
    QCOMPARE(errorOf(applied), DeltaError::SourceMismatch);
    QVERIFY(!QFile::exists(outPath));
    QCOMPARE(readAll(dir.filePath(u"other"_s)), other);
}

void TestDeltaCodecs::memoryLimit_data()
{
    addCodecRows();
}

void TestDeltaCodecs::memoryLimit()
{
    QFETCH(QString, codec);
    QTemporaryDir dir;
    const QString deltaPath = buildSample(codec, dir);
    const Codec *c = codecByName(codec);
    const Result<qint64> need = c->applyMemory(deltaPath);
    QVERIFY(need && *need > 0);
    const QString outPath = dir.filePath(u"out"_s);
    ApplyOptions tight;
    tight.memoryLimitBytes = *need - 1;
    const Status refused = c->apply(dir.filePath(u"old"_s), deltaPath, outPath, tight);
    QCOMPARE(errorOf(refused), DeltaError::OutOfMemory);
    QVERIFY(!QFile::exists(outPath));
    ApplyOptions enough;
    enough.memoryLimitBytes = *need;
    QVERIFY(c->apply(dir.filePath(u"old"_s), deltaPath, outPath, enough));
    QCOMPARE(readAll(outPath), readAll(dir.filePath(u"new"_s)));
}

void TestDeltaCodecs::cancel_data()
{
    addCodecRows();
}

void TestDeltaCodecs::cancel()
{
    QFETCH(QString, codec);
    QTemporaryDir dir;
    const QString deltaPath = buildSample(codec, dir);
    const Codec *c = codecByName(codec);
    const QString outPath = dir.filePath(u"out"_s);
    int calls = 0;
    ApplyOptions options;
    options.progress = [&calls](qint64 done, qint64 total) {
        ++calls;
        return done <= total && calls < 2;
    };
    const Status applied = c->apply(dir.filePath(u"old"_s), deltaPath, outPath, options);
    QCOMPARE(errorOf(applied), DeltaError::Cancelled);
    QVERIFY(!QFile::exists(outPath));

    // Building is cancelled the same way (a large enough target to report progress).
    QVERIFY(writeFile(dir.filePath(u"big"_s), randomBytes(3'000'000, 33)));
    BuildOptions buildOptions;
    buildOptions.progress = [](qint64, qint64) { return false; };
    const QString newDelta = dir.filePath(u"cancelled-delta"_s);
    const Result<BuildStats> built = c->build(dir.filePath(u"old"_s), dir.filePath(u"big"_s), newDelta, buildOptions);
    QVERIFY(!built);
    QCOMPARE(DeltaError(built.error().code), DeltaError::Cancelled);
    QVERIFY(!QFile::exists(newDelta));
}

void TestDeltaCodecs::buildAndVerifyKeepsVerified()
{
    QTemporaryDir dir;
    const Pair pair = makePair(u"inserted"_s);
    QVERIFY(writeFile(dir.filePath(u"old"_s), pair.oldBytes));
    QVERIFY(writeFile(dir.filePath(u"new"_s), pair.newBytes));
    const QString work = dir.filePath(u"work"_s);
    int progressCalls = 0;
    BuildOptions options;
    options.progress = [&progressCalls](qint64 done, qint64 total) {
        ++progressCalls;
        return done >= 0 && done <= total;
    };
    const Result<QList<Candidate>> all =
        buildAndVerify(dir.filePath(u"old"_s), dir.filePath(u"new"_s), work, {}, options);
    QVERIFY2(all, qPrintable(all.errorString()));
    QCOMPARE(all->size(), codecs().size());
    for (const Candidate &c : *all) {
        QVERIFY2(c.verified, qPrintable(c.codec + u": " + c.error));
        QVERIFY(QFile::exists(c.deltaPath));
        QCOMPARE(QFileInfo(c.deltaPath).size(), c.stats.deltaBytes);
    }
    QVERIFY(progressCalls > 0);
    // Only the deltas stay in the work folder (the verification outputs are gone).
    QCOMPARE(QDir(work).entryList(QDir::Files).size(), all->size());

    const Result<QList<Candidate>> unknown =
        buildAndVerify(dir.filePath(u"old"_s), dir.filePath(u"new"_s), work, {u"no-such-codec"_s});
    QVERIFY(!unknown);
    QCOMPARE(DeltaError(unknown.error().code), DeltaError::Unsupported);

    // A target that cannot be read yields an error per codec, not a crash or a false "verified".
    const Result<QList<Candidate>> missing =
        buildAndVerify(dir.filePath(u"old"_s), dir.filePath(u"missing"_s), work, {u"x-flodiff"_s});
    QVERIFY(!missing || (missing->size() == 1 && !missing->first().verified));
}

QTEST_GUILESS_MAIN(TestDeltaCodecs)
#include "tst_delta_codecs.moc"
