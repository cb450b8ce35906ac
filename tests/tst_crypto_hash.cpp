// Known-answer tests for hashes, HMAC, constant-time compare, random tokens and the start-up
// self-test. Vectors: FIPS 180-2 appendix examples (SHA-1, SHA-256), RFC 1321 A.5 (MD5),
// RFC 4231 section 4 (HMAC-SHA256).
#include "core/crypto/Hash.h"
#include "tests/support/TestSupport.h"

#include <QBuffer>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

#include <openssl/err.h>

using namespace flotilla::crypto;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(flotilla::crypto::HashAlgorithm)

namespace {

const QByteArray Message448 = QByteArrayLiteral("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq");
const QByteArray Message896 = QByteArrayLiteral("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                                                "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu");

// Deterministic, uneven chunk sizes so that block boundaries (64 bytes) fall everywhere.
constexpr int ChunkPattern[] = {1, 3, 64, 63, 65, 1000, 4093, 65537, 7, 128};

void feedInChunks(Hasher &hasher, QByteArrayView data)
{
    qsizetype offset = 0;
    for (int i = 0; offset < data.size(); ++i) {
        const qsizetype size = qMin<qsizetype>(ChunkPattern[i % std::size(ChunkPattern)], data.size() - offset);
        hasher.addData(data.sliced(offset, size));
        offset += size;
    }
}

QByteArray patternBytes(qsizetype size, quint32 seed)
{
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator generator(seed);
    for (char &c : bytes)
        c = static_cast<char>(generator.bounded(256));
    return bytes;
}

} // namespace

class TestCryptoHash : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void digestVectors_data();
    void digestVectors();
    void millionA_data();
    void millionA();
    void resultIsStableAndMoveWorks();
    void multiHasher();
    void digestFile_data();
    void digestFile();
    void digestFileErrors();
    void digestDevice();
    void hmacRfc4231_data();
    void hmacRfc4231();
    void constantTimeEquals_data();
    void constantTimeEquals();
    void randomBytes();
    void tokens();
    void tokenHash_data();
    void tokenHash();
    void selfTestPasses();
};

void TestCryptoHash::digestVectors_data()
{
    QTest::addColumn<HashAlgorithm>("algorithm");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QString>("expected");

    const auto sha256 = HashAlgorithm::Sha256;
    QTest::newRow("sha256 empty") << sha256 << QByteArray()
                                  << u"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"_s;
    QTest::newRow("sha256 abc") << sha256 << QByteArray("abc")
                                << u"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"_s;
    QTest::newRow("sha256 448-bit") << sha256 << Message448
                                    << u"248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"_s;
    QTest::newRow("sha256 896-bit") << sha256 << Message896
                                    << u"cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"_s;

    const auto sha1 = HashAlgorithm::Sha1;
    QTest::newRow("sha1 empty") << sha1 << QByteArray() << u"da39a3ee5e6b4b0d3255bfef95601890afd80709"_s;
    QTest::newRow("sha1 abc") << sha1 << QByteArray("abc") << u"a9993e364706816aba3e25717850c26c9cd0d89d"_s;
    QTest::newRow("sha1 448-bit") << sha1 << Message448 << u"84983e441c3bd26ebaae4aa1f95129e5e54670f1"_s;
    QTest::newRow("sha1 896-bit") << sha1 << Message896 << u"a49b2446a02c645bf419f995b67091253a04a259"_s;

    const auto md5 = HashAlgorithm::Md5;
    QTest::newRow("md5 empty") << md5 << QByteArray() << u"d41d8cd98f00b204e9800998ecf8427e"_s;
    QTest::newRow("md5 a") << md5 << QByteArray("a") << u"0cc175b9c0f1b6a831c399e269772661"_s;
    QTest::newRow("md5 abc") << md5 << QByteArray("abc") << u"900150983cd24fb0d6963f7d28e17f72"_s;
    QTest::newRow("md5 message digest") << md5 << QByteArray("message digest") << u"f96b697d7cb7938d525a2f31aaf161d0"_s;
    QTest::newRow("md5 a-z") << md5 << QByteArray("abcdefghijklmnopqrstuvwxyz")
                             << u"c3fcd3d76192e4007dfb496cca67e13b"_s;
    QTest::newRow("md5 A-Za-z0-9") << md5
                                   << QByteArray("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
                                   << u"d174ab98d277d9f5a5611c2c9f419d9f"_s;
    QTest::newRow("md5 8x1234567890") << md5 << QByteArray("1234567890").repeated(8)
                                      << u"57edf4a22be3c955ac49da2e2107b67a"_s;
    QTest::newRow("md5 448-bit") << md5 << Message448 << u"8215ef0796a20bcaaae116d3876c664a"_s;
    QTest::newRow("md5 896-bit") << md5 << Message896 << u"03dd8807a93175fb062dfb55dc7d359c"_s;
}

void TestCryptoHash::digestVectors()
{
    QFETCH(HashAlgorithm, algorithm);
    QFETCH(QByteArray, message);
    QFETCH(QString, expected);

    QCOMPARE(Hasher::hexHash(message, algorithm), expected);
    QCOMPARE(Hasher::hash(message, algorithm), QByteArray::fromHex(expected.toLatin1()));

    // Streaming one byte at a time gives the same answer as one-shot.
    Hasher hasher(algorithm);
    for (const char c : message)
        hasher.addData(QByteArrayView(&c, 1));
    QCOMPARE(hasher.hexResult(), expected);
}

void TestCryptoHash::millionA_data()
{
    QTest::addColumn<HashAlgorithm>("algorithm");
    QTest::addColumn<QString>("expected");
    QTest::newRow("sha256") << HashAlgorithm::Sha256
                            << u"cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"_s;
    QTest::newRow("sha1") << HashAlgorithm::Sha1 << u"34aa973cd4c4daa4f61eeb2bdbad27316534016f"_s;
    QTest::newRow("md5") << HashAlgorithm::Md5 << u"7707d6ae4e027c70eea2a935c2296f21"_s;
}

void TestCryptoHash::millionA()
{
    QFETCH(HashAlgorithm, algorithm);
    QFETCH(QString, expected);

    const QByteArray million(1'000'000, 'a');
    Hasher hasher(algorithm);
    feedInChunks(hasher, million);
    QCOMPARE(hasher.hexResult(), expected);
    QCOMPARE(Hasher::hexHash(million, algorithm), expected);
}

void TestCryptoHash::resultIsStableAndMoveWorks()
{
    Hasher hasher(HashAlgorithm::Sha256);
    hasher.addData("ab");
    Hasher moved(std::move(hasher));
    moved.addData("c");
    const QByteArray first = moved.result();
    QCOMPARE(first.toHex(), QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    QCOMPARE(moved.result(), first); // a second result() repeats, it does not hash again
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"addData\\(\\) after result\\(\\)"_s));
    moved.addData("more");
    QCOMPARE(moved.result(), first);

    Hasher assigned(HashAlgorithm::Md5);
    assigned = Hasher(HashAlgorithm::Sha1);
    assigned.addData("abc");
    QCOMPARE(assigned.hexResult(), u"a9993e364706816aba3e25717850c26c9cd0d89d"_s);
}

void TestCryptoHash::multiHasher()
{
    MultiHasher hasher;
    qsizetype offset = 0;
    for (int i = 0; offset < Message896.size(); ++i) {
        const qsizetype size = qMin<qsizetype>(ChunkPattern[i % std::size(ChunkPattern)], Message896.size() - offset);
        hasher.addData(QByteArrayView(Message896).sliced(offset, size));
        offset += size;
    }
    const Digests digests = hasher.result();
    QCOMPARE(digests.sha256, u"cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"_s);
    QCOMPARE(digests.sha1, u"a49b2446a02c645bf419f995b67091253a04a259"_s);
    QCOMPARE(digests.md5, u"03dd8807a93175fb062dfb55dc7d359c"_s);
    QCOMPARE(digests.length, Message896.size());

    const Digests empty = MultiHasher().result();
    QCOMPARE(empty.sha256, u"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"_s);
    QCOMPARE(empty.length, 0);
}

void TestCryptoHash::digestFile_data()
{
    QTest::addColumn<qsizetype>("size");
    QTest::newRow("empty") << qsizetype(0);
    QTest::newRow("one byte") << qsizetype(1);
    QTest::newRow("exactly one chunk") << qsizetype(1024 * 1024);
    QTest::newRow("three chunks and a tail") << qsizetype(3 * 1024 * 1024 + 12345);
}

void TestCryptoHash::digestFile()
{
    QFETCH(qsizetype, size);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"package.bin"_s);
    const QByteArray bytes = patternBytes(size, 4231);
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(bytes), size);
    }

    const flotilla::Result<Digests> digests = flotilla::crypto::digestFile(path);
    QVERIFY2(digests.ok(), qPrintable(digests.errorString()));
    QCOMPARE(digests->sha256, Hasher::hexHash(bytes, HashAlgorithm::Sha256));
    QCOMPARE(digests->sha1, Hasher::hexHash(bytes, HashAlgorithm::Sha1));
    QCOMPARE(digests->md5, Hasher::hexHash(bytes, HashAlgorithm::Md5));
    QCOMPARE(digests->length, size);
}

void TestCryptoHash::digestFileErrors()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString missing = dir.filePath(u"missing.bin"_s);
    const flotilla::Result<Digests> result = flotilla::crypto::digestFile(missing);
    QVERIFY(!result.ok());
    QVERIFY2(result.errorString().contains(missing), qPrintable(result.errorString()));

    // A directory opens on some platforms but cannot be read as a file.
    QVERIFY(!flotilla::crypto::digestFile(dir.path()).ok());
}

void TestCryptoHash::digestDevice()
{
    QByteArray bytes = Message448;
    QBuffer buffer(&bytes);
    const flotilla::Result<Digests> notOpen = flotilla::crypto::digestDevice(buffer);
    QVERIFY(!notOpen.ok());

    QVERIFY(buffer.open(QIODevice::ReadOnly));
    const flotilla::Result<Digests> digests = flotilla::crypto::digestDevice(buffer);
    QVERIFY2(digests.ok(), qPrintable(digests.errorString()));
    QCOMPARE(digests->sha256, u"248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"_s);
    QCOMPARE(digests->sha1, u"84983e441c3bd26ebaae4aa1f95129e5e54670f1"_s);
    QCOMPARE(digests->md5, u"8215ef0796a20bcaaae116d3876c664a"_s);
    QCOMPARE(digests->length, Message448.size());

    // Digesting reads from the current position to the end.
    QVERIFY(buffer.seek(3));
    const flotilla::Result<Digests> tail = flotilla::crypto::digestDevice(buffer);
    QVERIFY(tail.ok());
    QCOMPARE(tail->sha256, Hasher::hexHash(QByteArrayView(Message448).sliced(3), HashAlgorithm::Sha256));
    QCOMPARE(tail->length, Message448.size() - 3);
}

void TestCryptoHash::hmacRfc4231_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QByteArray>("expected"); // hex; shorter than 32 bytes = truncated output

    QTest::newRow("case 1") << QByteArray(20, '\x0b') << QByteArray("Hi There")
                            << QByteArray("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    QTest::newRow("case 2") << QByteArray("Jefe") << QByteArray("what do ya want for nothing?")
                            << QByteArray("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    QTest::newRow("case 3") << QByteArray(20, '\xaa') << QByteArray(50, '\xdd')
                            << QByteArray("773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
    QTest::newRow("case 4") << QByteArray::fromHex("0102030405060708090a0b0c0d0e0f10111213141516171819")
                            << QByteArray(50, '\xcd')
                            << QByteArray("82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
    QTest::newRow("case 5 (128-bit truncation)") << QByteArray(20, '\x0c') << QByteArray("Test With Truncation")
                                                 << QByteArray("a3b6167473100ee06e0c796c2955552b");
    QTest::newRow("case 6") << QByteArray(131, '\xaa')
                            << QByteArray("Test Using Larger Than Block-Size Key - Hash Key First")
                            << QByteArray("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    QTest::newRow("case 7") << QByteArray(131, '\xaa')
                            << QByteArray("This is a test using a larger than block-size key and a larger than "
                                          "block-size data. The key needs to be hashed before being used by the "
                                          "HMAC algorithm.")
                            << QByteArray("9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
    // Not in RFC 4231: the degenerate empty key and message must still work (widely published value).
    QTest::newRow("empty key and message")
        << QByteArray() << QByteArray()
        << QByteArray("b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

void TestCryptoHash::hmacRfc4231()
{
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, data);
    QFETCH(QByteArray, expected);

    const QByteArray mac = hmacSha256(key, data);
    QCOMPARE(mac.size(), 32);
    QCOMPARE(mac.first(expected.size() / 2).toHex(), expected);
}

void TestCryptoHash::constantTimeEquals_data()
{
    QTest::addColumn<QByteArray>("a");
    QTest::addColumn<QByteArray>("b");
    QTest::addColumn<bool>("equal");

    const QByteArray token = QByteArray::fromHex("00112233445566778899aabbccddeeff");
    QByteArray first = token;
    first[0] = '\x01';
    QByteArray last = token;
    last[last.size() - 1] = '\xfe';
    QTest::newRow("equal") << token << QByteArray(token) << true;
    QTest::newRow("differ in first byte") << token << first << false;
    QTest::newRow("differ in last byte") << token << last << false;
    QTest::newRow("prefix (different lengths)") << token << token.first(15) << false;
    QTest::newRow("longer (different lengths)") << token << token + '\0' << false;
    QTest::newRow("empty vs non-empty") << QByteArray() << token << false;
    QTest::newRow("both empty") << QByteArray() << QByteArray() << true;
}

void TestCryptoHash::constantTimeEquals()
{
    QFETCH(QByteArray, a);
    QFETCH(QByteArray, b);
    QFETCH(bool, equal);
    QCOMPARE(flotilla::crypto::constantTimeEquals(a, b), equal);
    QCOMPARE(flotilla::crypto::constantTimeEquals(b, a), equal);
}

void TestCryptoHash::randomBytes()
{
    QCOMPARE(flotilla::crypto::randomBytes(0).size(), 0);
    QCOMPARE(flotilla::crypto::randomBytes(-5).size(), 0);
    const QByteArray a = flotilla::crypto::randomBytes(32);
    const QByteArray b = flotilla::crypto::randomBytes(32);
    QCOMPARE(a.size(), 32);
    QCOMPARE(b.size(), 32);
    QVERIFY(a != b); // 2^-256 chance of a false failure
    QVERIFY(a != QByteArray(32, '\0'));
}

void TestCryptoHash::tokens()
{
    static const QRegularExpression base64Url(u"^[A-Za-z0-9_-]{43}$"_s);
    QSet<QString> seen;
    for (int i = 0; i < 1000; ++i) {
        const QString token = newToken();
        QCOMPARE(token.size(), 43);
        QVERIFY2(base64Url.match(token).hasMatch(), qPrintable(token));
        const auto decoded = QByteArray::fromBase64Encoding(
            token.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
        QVERIFY(decoded);
        QCOMPARE(decoded.decoded.size(), 32);
        seen.insert(token);
    }
    QCOMPARE(seen.size(), 1000);
}

void TestCryptoHash::tokenHash_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("expected");
    QTest::newRow("ascii") << u"abc"_s << u"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"_s;
    QTest::newRow("empty") << QString() << u"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"_s;
    // UTF-8, not Latin-1 or UTF-16: SHA-256 of the two bytes c3 a9.
    QTest::newRow("non-ascii") << u"\u00e9"_s << u"4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c"_s;
}

void TestCryptoHash::tokenHash()
{
    QFETCH(QString, token);
    QFETCH(QString, expected);
    QCOMPARE(flotilla::crypto::tokenHash(token), expected);
}

void TestCryptoHash::selfTestPasses()
{
    const flotilla::Status status = selfTest();
    QVERIFY2(status.ok(), qPrintable(status.errorString()));
    QCOMPARE(ERR_peek_error(), 0UL); // nothing left on the OpenSSL error queue
}

QTEST_GUILESS_MAIN(TestCryptoHash)
#include "tst_crypto_hash.moc"
