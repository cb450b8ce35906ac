// `flotillactl delta codecs|build|apply` end to end: the real executable on real files, with no
// server, no --url and no data folder; exit statuses 0 (success), 1 (failure), 2 (usage).
#include "core/delta/DeltaCodec.h"

#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run flotillactl(const QStringList &arguments)
{
    // No server configuration at all: the delta commands must not look for one.
    QProcessEnvironment env;
    env.insert(u"PATH"_s, qEnvironmentVariable("PATH"));
    env.insert(u"HOME"_s, u"/nonexistent"_s);
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(FLOTILLACTL_PATH), arguments);
    Run run;
    if (!process.waitForFinished(120000))
        return run;
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

} // namespace

class TestDeltaCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void codecsListsOneNamePerLine();
    void buildAndApply_data();
    void buildAndApply();
    void usageErrors_data();
    void usageErrors();
    void failures();

private:
    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.filePath(name); }
};

void TestDeltaCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QByteArray old(60'000, Qt::Uninitialized);
    QRandomGenerator generator(5);
    for (char &c : old)
        c = char(generator.bounded(256));
    QByteArray changed = old.first(20'000) + QByteArray("inserted bytes") + old.sliced(20'000);
    changed[50'000] = 'x';
    QVERIFY(writeFile(path(u"old"_s), old));
    QVERIFY(writeFile(path(u"new"_s), changed));
}

void TestDeltaCli::codecsListsOneNamePerLine()
{
    const Run run = flotillactl({u"delta"_s, u"codecs"_s});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out.split(u'\n', Qt::SkipEmptyParts), flotilla::delta::codecNames());
}

void TestDeltaCli::buildAndApply_data()
{
    QTest::addColumn<QString>("codec");
    QTest::newRow("default (best)") << QString();
    QTest::newRow("best") << u"best"_s;
    for (const QString &name : flotilla::delta::codecNames())
        QTest::newRow(qPrintable(name)) << name;
}

void TestDeltaCli::buildAndApply()
{
    QFETCH(QString, codec);
    const QString delta = path(u"delta-"_s + (codec.isEmpty() ? u"default"_s : codec));
    QStringList args{u"delta"_s, u"build"_s, path(u"old"_s), path(u"new"_s), delta};
    if (!codec.isEmpty())
        args << u"--codec"_s << codec;
    const Run built = flotillactl(args);
    QVERIFY2(built.exitCode == 0, qPrintable(built.err));
    QVERIFY(QFile::exists(delta));
    if (codec.isEmpty() || codec == u"best") {
        QVERIFY(built.out.contains(u"best: "_s));
        QVERIFY(QFileInfo(delta).size() < 2000); // the smallest is a real delta, not the full image
    }
    const QString out = delta + u".out";
    const Run applied = flotillactl({u"delta"_s, u"apply"_s, path(u"old"_s), delta, out});
    QVERIFY2(applied.exitCode == 0, qPrintable(applied.err));
    QCOMPARE(readAll(out), readAll(path(u"new"_s)));
}

void TestDeltaCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("build missing OUT") << QStringList{u"delta"_s, u"build"_s, u"a"_s, u"b"_s};
    QTest::newRow("apply too many") << QStringList{u"delta"_s, u"apply"_s, u"a"_s, u"b"_s, u"c"_s, u"d"_s};
    QTest::newRow("unknown codec") << QStringList{u"delta"_s, u"build"_s,   u"a"_s,   u"b"_s,
                                                  u"c"_s,     u"--codec"_s, u"nope"_s};
    QTest::newRow("bad level") << QStringList{u"delta"_s, u"build"_s, u"a"_s, u"b"_s, u"c"_s, u"--level"_s, u"99"_s};
    QTest::newRow("bad memory limit") << QStringList{u"delta"_s, u"apply"_s,          u"a"_s, u"b"_s,
                                                     u"c"_s,     u"--memory-limit"_s, u"-3"_s};
    QTest::newRow("delta alone") << QStringList{u"delta"_s};
}

void TestDeltaCli::usageErrors()
{
    QFETCH(QStringList, arguments);
    const Run run = flotillactl(arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY(!run.err.isEmpty());
}

void TestDeltaCli::failures()
{
    // A missing input, a corrupt delta, the wrong source and a memory limit: exit 1, a message,
    // and no output file.
    const QString delta = path(u"good.delta"_s);
    QCOMPARE(flotillactl({u"delta"_s, u"build"_s, path(u"old"_s), path(u"new"_s), delta, u"--codec"_s, u"x-flodiff"_s})
                 .exitCode,
             0);
    const QString out = path(u"failed.out"_s);
    const Run missing = flotillactl({u"delta"_s, u"build"_s, path(u"none"_s), path(u"new"_s), out});
    QCOMPARE(missing.exitCode, 1);

    QByteArray bytes = readAll(delta);
    bytes[bytes.size() - 3] = char(bytes[bytes.size() - 3] ^ 0x55);
    QVERIFY(writeFile(path(u"bad.delta"_s), bytes));
    const Run corrupt = flotillactl({u"delta"_s, u"apply"_s, path(u"old"_s), path(u"bad.delta"_s), out});
    QCOMPARE(corrupt.exitCode, 1);
    QVERIFY(!corrupt.err.isEmpty());
    QVERIFY(!QFile::exists(out));

    const Run wrongSource = flotillactl({u"delta"_s, u"apply"_s, path(u"new"_s), delta, out});
    QCOMPARE(wrongSource.exitCode, 1);
    QVERIFY2(wrongSource.err.contains(u"source"_s), qPrintable(wrongSource.err));
    QVERIFY(!QFile::exists(out));

    const Run limited = flotillactl({u"delta"_s, u"apply"_s, path(u"old"_s), delta, out, u"--memory-limit"_s, u"1"_s});
    QCOMPARE(limited.exitCode, 1);
    QVERIFY2(limited.err.contains(u"memory"_s), qPrintable(limited.err));
    QVERIFY(!QFile::exists(out));

    const Run notADelta = flotillactl({u"delta"_s, u"apply"_s, path(u"old"_s), path(u"new"_s), out});
    QCOMPARE(notADelta.exitCode, 1);
    QVERIFY(!QFile::exists(out));
}

QTEST_GUILESS_MAIN(TestDeltaCli)
#include "tst_delta_cli.moc"
