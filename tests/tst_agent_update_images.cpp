// core/update: the synthetic firmware images of the simulated fleet and the offline bundle format.
#include "core/crypto/Hash.h"
#include "core/crypto/Keys.h"
#include "core/delta/DeltaCodec.h"
#include "core/update/Bundle.h"
#include "core/update/SignedDocument.h"
#include "core/update/SyntheticImage.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

using namespace flotilla;
using namespace flotilla::update;
using namespace Qt::StringLiterals;

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeAll(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

qint64 deltaSize(const QString &codec, const QString &source, const QString &target, const QString &delta)
{
    delta::BuildOptions options;
    options.level = 3;
    auto stats = delta::codecByName(codec)->build(source, target, delta, options);
    return stats ? stats->deltaBytes : -1;
}

SignedDocument signedInstruction(const crypto::PrivateKey &key)
{
    SignedDocument document(QJsonObject{{u"Type"_s, u"update-instruction"_s}, {u"Format"_s, 1}, {u"JobId"_s, u"j1"_s}});
    if (!document.sign(key))
        qWarning("cannot sign");
    return document;
}

} // namespace

class TestAgentUpdateImages : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    crypto::PrivateKey m_key;

    QString path(const QString &name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        auto key = crypto::PrivateKey::generate(crypto::KeyType::Ed25519);
        QVERIFY(key);
        m_key = std::move(*key);
    }

    // The server generates a release with the same code the vehicle uses for its running image:
    // they must agree to the byte, every time.
    void sameInputsSameBytes()
    {
        const QByteArray first = SyntheticImage(u"bms-meb"_s, u"0418"_s).toByteArray();
        const QByteArray second = SyntheticImage(u"bms-meb"_s, u"0418"_s).toByteArray();
        QCOMPARE(first.size(), SyntheticImage(u"bms-meb"_s, u"0418"_s).size());
        QVERIFY(first == second);
        QVERIFY(SyntheticImage(u"bms-meb"_s, u"0418"_s).writeFile(path(u"bms.img"_s)));
        QVERIFY(readAll(path(u"bms.img"_s)) == first);
        QVERIFY(first.startsWith("FLOTIMG1"));
        // Pinned: a change to the generator changes every demo release and every simulated
        // vehicle's running image, so deltas built before it no longer apply. Change it on purpose.
        const QString pinned = crypto::Hasher::hexHash(SyntheticImage(u"unit-key"_s, u"1.0.0"_s).toByteArray(),
                                                       crypto::HashAlgorithm::Sha256);
        QCOMPARE(pinned, u"89b48a005053ce59a669d613596090ed1e0583e184cdf13374d3cca32922f6d4"_s);
    }

    void sizesFollowTheEcuKind_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<qint64>("nominal");
        QTest::newRow("head unit") << u"hu-mib3"_s << qint64(4 << 20);
        QTest::newRow("adas") << u"adas-mqb"_s << qint64(3 << 20);
        QTest::newRow("telematics") << u"tbox-oc4"_s << qint64(2 << 20);
        QTest::newRow("gateway") << u"gw-icas1"_s << qint64(3 << 19);
    }

    void sizesFollowTheEcuKind()
    {
        QFETCH(QString, key);
        QFETCH(qint64, nominal);
        QCOMPARE(SyntheticImage::nominalSize(key), nominal);
        for (const QString &version : {u"1.0.0"_s, u"1.1.0"_s, u"2.0.3"_s}) {
            const qint64 size = SyntheticImage(key, version).size();
            QVERIFY2(size > nominal * 3 / 4 && size < nominal * 5 / 4, qPrintable(QString::number(size)));
        }
        const qint64 other = SyntheticImage::nominalSize(u"becm-l"_s);
        QVERIFY(other >= (1 << 20) && other < (3 << 19));
        QVERIFY(SyntheticImage::nominalSize(u"headunit-app"_s) < (1 << 20));
    }

    // Two builds of one code base: most of the code is shared but shifted, so a delta is far
    // smaller than the full image, and still far from nothing.
    void versionsDifferLikeBuilds()
    {
        const QString v1 = path(u"v1.img"_s), v2 = path(u"v2.img"_s), other = path(u"other.img"_s);
        QVERIFY(SyntheticImage(u"tbox-oc4"_s, u"5.1.0"_s).writeFile(v1));
        QVERIFY(SyntheticImage(u"tbox-oc4"_s, u"5.1.4"_s).writeFile(v2));
        QVERIFY(SyntheticImage(u"dcm-5g"_s, u"5.1.4"_s).writeFile(other));
        const QByteArray a = readAll(v1), b = readAll(v2);
        QVERIFY(a != b);
        QVERIFY(a.size() != b.size()); // functions were inserted or removed

        const qint64 full = deltaSize(u"full-zstd"_s, {}, v2, path(u"full.delta"_s));
        const qint64 patch = deltaSize(u"zstd-patch"_s, v1, v2, path(u"patch.delta"_s));
        const qint64 unrelated = deltaSize(u"zstd-patch"_s, other, v2, path(u"unrelated.delta"_s));
        QVERIFY(full > 0 && patch > 0 && unrelated > 0);
        qInfo("zstd-patch %lld, full-zstd %lld, unrelated %lld bytes", patch, full, unrelated);
        QVERIFY2(patch * 3 < full, qPrintable(u"patch %1, full %2"_s.arg(patch).arg(full)));
        QVERIFY2(patch * 50 > full, qPrintable(u"patch %1, full %2"_s.arg(patch).arg(full)));
        // Another hardware's image shares nothing useful.
        QVERIFY2(unrelated * 2 > full, qPrintable(u"unrelated %1, full %2"_s.arg(unrelated).arg(full)));
        // Full images compress like code, not like noise or zeros.
        QVERIFY2(full < b.size() * 9 / 10 && full > b.size() / 10, qPrintable(QString::number(full)));
    }

    // A call's rel32 displacement changes when code between it and its callee grows or shrinks.
    void callTargetsShift()
    {
        const QByteArray a = SyntheticImage(u"gw-icas1"_s, u"1.8.0"_s).toByteArray();
        const QByteArray b = SyntheticImage(u"gw-icas1"_s, u"1.9.2"_s).toByteArray();
        // Code is shared but moved: windows of the new build are found in the old one, elsewhere.
        int found = 0, moved = 0;
        for (int probe = 1; probe <= 32; ++probe) {
            const qsizetype at = b.size() * probe / 40;
            const qsizetype where = a.indexOf(b.mid(at, 20));
            found += where >= 0 ? 1 : 0;
            moved += where >= 0 && where != at ? 1 : 0;
        }
        QVERIFY2(found >= 8, qPrintable(QString::number(found)));
        QVERIFY(moved >= 4);
        qsizetype differing = 0;
        for (qsizetype i = 0; i < qMin(a.size(), b.size()); ++i)
            differing += a[i] != b[i] ? 1 : 0;
        QVERIFY(differing > a.size() / 10); // shifted code differs byte for byte almost everywhere after
    }

    void bundleRoundTrip()
    {
        const QByteArray one = SyntheticImage(u"bms-t1"_s, u"1"_s).toByteArray().left(300000);
        const QByteArray two("second payload");
        QVERIFY(writeAll(path(u"p1"_s), one));
        QVERIFY(writeAll(path(u"p2"_s), two));
        const SignedDocument instruction = signedInstruction(m_key);
        const QString file = path(u"bundle.flb"_s);
        QVERIFY(Bundle::write(file, instruction, {path(u"p1"_s), path(u"p2"_s)}, m_key, u"2026-01-01T00:00:00Z"_s));
        QVERIFY(readAll(file).startsWith("FLOTILLA-BUNDLE\n"));

        auto bundle = Bundle::open(file);
        QVERIFY2(bundle, qPrintable(bundle.errorString()));
        QVERIFY(bundle->verify({m_key.publicKey()}));
        QCOMPARE(bundle->instruction().signedPart(), instruction.signedPart());
        QCOMPARE(bundle->index().signedPart().value(u"Type"_s).toString(), u"bundle-index"_s);
        QCOMPARE(bundle->entries().size(), 2);
        QCOMPARE(bundle->entries()[1].offset, qint64(one.size()));
        QCOMPARE(bundle->entries()[1].length, qint64(two.size()));

        auto digests = bundle->extract(path(u"out"_s));
        QVERIFY2(digests, qPrintable(digests.errorString()));
        QCOMPARE(digests->size(), 2);
        QCOMPARE(digests->at(0).md5, crypto::Hasher::hexHash(one, crypto::HashAlgorithm::Md5));
        QVERIFY(readAll(path(u"out/"_s) + bundle->entries()[0].sha256) == one);
        QVERIFY(readAll(path(u"out/"_s) + bundle->entries()[1].sha256) == two);
    }

    void bundleRefusesWhatItDoesNotTrust()
    {
        QVERIFY(writeAll(path(u"q1"_s), QByteArray(100000, 'x')));
        const QString file = path(u"trust.flb"_s);
        QVERIFY(Bundle::write(file, signedInstruction(m_key), {path(u"q1"_s)}, m_key, u"2026-01-01T00:00:00Z"_s));
        auto other = crypto::PrivateKey::generate(crypto::KeyType::Ed25519);
        QVERIFY(other);
        auto bundle = Bundle::open(file);
        QVERIFY(bundle);
        QVERIFY(!bundle->verify({other->publicKey()}));

        // An index signed by a trusted key does not launder an instruction signed by another.
        const QString laundered = path(u"laundered.flb"_s);
        QVERIFY(Bundle::write(laundered, signedInstruction(*other), {path(u"q1"_s)}, m_key, u"2026-01-01T00:00:00Z"_s));
        auto mixed = Bundle::open(laundered);
        QVERIFY(mixed);
        const Status verified = mixed->verify({m_key.publicKey()});
        QVERIFY(!verified);
        QVERIFY(verified.errorString().contains(u"instruction"_s));

        // One bit of the index flipped: its signature no longer holds.
        QByteArray bytes = readAll(file);
        const qsizetype at = bytes.indexOf("\"Length\":") + 9;
        bytes[at] = bytes[at] == '1' ? '2' : '1';
        QVERIFY(writeAll(path(u"flipped.flb"_s), bytes));
        auto flipped = Bundle::open(path(u"flipped.flb"_s));
        QVERIFY(!flipped || !flipped->verify({m_key.publicKey()}));
    }

    void bundleRefusesDamagedPayloads()
    {
        const QByteArray payload(200000, 'p');
        QVERIFY(writeAll(path(u"r1"_s), payload));
        const QString file = path(u"damaged.flb"_s);
        QVERIFY(Bundle::write(file, signedInstruction(m_key), {path(u"r1"_s)}, m_key, u"2026-01-01T00:00:00Z"_s));
        QByteArray bytes = readAll(file);
        bytes[bytes.size() - 10] = 'q';
        QVERIFY(writeAll(file, bytes));
        auto bundle = Bundle::open(file);
        QVERIFY(bundle);
        QVERIFY(bundle->verify({m_key.publicKey()})); // the index is intact
        const QString out = path(u"damaged-out"_s);
        auto extracted = bundle->extract(out);
        QVERIFY(!extracted);
        QVERIFY(!QFile::exists(out + u'/' + bundle->entries()[0].sha256));
        QVERIFY(!QFile::exists(out + u'/' + bundle->entries()[0].sha256 + u".part"_s));

        // Truncated, or with bytes appended: the index no longer describes the file.
        QVERIFY(writeAll(path(u"short.flb"_s), bytes.left(bytes.size() - 1)));
        QVERIFY(!Bundle::open(path(u"short.flb"_s)));
        QVERIFY(writeAll(path(u"long.flb"_s), bytes + "x"));
        QVERIFY(!Bundle::open(path(u"long.flb"_s)));
        QVERIFY(writeAll(path(u"junk.flb"_s), "not a bundle at all"));
        QVERIFY(!Bundle::open(path(u"junk.flb"_s)));
        // An index length that claims more than the limit is refused before it is read.
        QByteArray huge = "FLOTILLA-BUNDLE\n" + QByteArray::fromHex("00000000ffffffff");
        QVERIFY(writeAll(path(u"huge.flb"_s), huge));
        QVERIFY(!Bundle::open(path(u"huge.flb"_s)));
    }
};

QTEST_GUILESS_MAIN(TestAgentUpdateImages)
#include "tst_agent_update_images.moc"
