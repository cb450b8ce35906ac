// Ed25519 and ECDSA P-256 keys: RFC 8032 section 7.1 known answers, PEM/DER/raw round trips,
// null safety, error-queue hygiene, and interoperability with the openssl command line.
#include "core/crypto/Hash.h"
#include "core/crypto/Keys.h"
#include "tests/support/TestSupport.h"
#include "tests/tst_crypto_support.h"

#include <QTemporaryDir>
#include <QtTest>

#include <openssl/err.h>

using namespace flotilla::crypto;
using namespace flotilla::test::crypto;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(flotilla::crypto::KeyType)

namespace {

QByteArray hex(const char *text)
{
    return QByteArray::fromHex(QByteArray(text));
}

QByteArray flipBit(QByteArray bytes, qsizetype index, int bit = 0)
{
    bytes[index] = static_cast<char>(bytes.at(index) ^ (1 << bit));
    return bytes;
}

} // namespace

class TestCryptoKeys : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rfc8032_data();
    void rfc8032();
    void rawImportRejectsWrongSizes();
    void generateAndRoundTrip_data();
    void generateAndRoundTrip();
    void signaturesAreBoundToKeyAndAlgorithm();
    void ecdsaSignatureIsDer();
    void nullKeys();
    void copyAndMove();
    void badInputAndErrorQueue();
    void foreignKeyTypes();
    void cliVerifiesOurEd25519Signature();
    void weVerifyCliEd25519Signature();
    void cliVerifiesOurEcdsaSignature();
    void weVerifyCliEcdsaSignature();
    void keyIdMatchesCli_data();
    void keyIdMatchesCli();
    void cliKeysLoad();

private:
    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.filePath(name); }
};

void TestCryptoKeys::rfc8032_data()
{
    QTest::addColumn<QByteArray>("seed");
    QTest::addColumn<QByteArray>("publicKey");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QByteArray>("signature");

    QTest::newRow("TEST 1") << hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
                            << hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a") << QByteArray()
                            << hex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bac"
                                   "c61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    QTest::newRow("TEST 2") << hex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb")
                            << hex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c") << hex("72")
                            << hex("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e"
                                   "458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
    QTest::newRow("TEST 3") << hex("c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7")
                            << hex("fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025") << hex("af82")
                            << hex("6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290"
                                   "ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a");
    const QByteArray message1023 =
        QByteArray::fromHex(flotilla::test::testData(u"crypto/rfc8032-test1024-message.hex"_s).trimmed());
    QTest::newRow("TEST 1024") << hex("f5e5767cf153319517630f226876b86c8160cc583bc013744c6bf255f5cc0ee5")
                               << hex("278117fc144c72340f67d0f2316e8386ceffbf2b2428c9c51fef7c597f1d426e") << message1023
                               << hex("0aab4c900501b3e24d7cdf4663326a3a87df5e4843b2cbdb67cbf6e460fec350aa5371b1508f9f45"
                                      "28ecea23c436d94b5e8fcd4f681e30a6ac00a9704a188a03");
}

void TestCryptoKeys::rfc8032()
{
    QFETCH(QByteArray, seed);
    QFETCH(QByteArray, publicKey);
    QFETCH(QByteArray, message);
    QFETCH(QByteArray, signature);
    if (QByteArray(QTest::currentDataTag()) == "TEST 1024")
        QCOMPARE(message.size(), 1023); // the data file is intact

    const flotilla::Result<PrivateKey> key = PrivateKey::fromRawEd25519(seed);
    QVERIFY2(key.ok(), qPrintable(key.errorString()));
    QCOMPARE(key->type(), KeyType::Ed25519);

    // The public key derived from the seed is the published one.
    const PublicKey derived = key->publicKey();
    const flotilla::Result<PublicKey> published = PublicKey::fromRawEd25519(publicKey);
    QVERIFY2(published.ok(), qPrintable(published.errorString()));
    QCOMPARE(derived.toDer(), published->toDer());
    QVERIFY(derived.toDer().endsWith(publicKey)); // SPKI = fixed 12-byte prefix + raw key
    QCOMPARE(derived.toDer().size(), 44);
    QCOMPARE(derived.keyId(), published->keyId());

    const flotilla::Result<QByteArray> produced = key->sign(message);
    QVERIFY2(produced.ok(), qPrintable(produced.errorString()));
    QCOMPARE(produced->toHex(), signature.toHex()); // Ed25519 is deterministic: exact bytes

    QVERIFY(published->verify(message, signature));
    QVERIFY(derived.verify(message, signature));

    // One flipped bit anywhere in message or signature must fail.
    if (!message.isEmpty()) {
        QVERIFY(!published->verify(flipBit(message, 0), signature));
        QVERIFY(!published->verify(flipBit(message, message.size() - 1, 7), signature));
    }
    QVERIFY(!published->verify(QByteArray(message + '\0'), signature));
    QVERIFY(!published->verify(message, flipBit(signature, 0)));
    QVERIFY(!published->verify(message, flipBit(signature, 31, 3)));
    QVERIFY(!published->verify(message, flipBit(signature, 63, 7)));
    QVERIFY(!published->verify(message, signature.first(63)));
    QVERIFY(!published->verify(message, QByteArray(signature + '\0')));
    QVERIFY(!published->verify(message, QByteArray()));
}

void TestCryptoKeys::rawImportRejectsWrongSizes()
{
    QVERIFY(!PrivateKey::fromRawEd25519(QByteArray(31, 'x')).ok());
    QVERIFY(!PrivateKey::fromRawEd25519(QByteArray(33, 'x')).ok());
    QVERIFY(!PrivateKey::fromRawEd25519({}).ok());
    QVERIFY(!PublicKey::fromRawEd25519(QByteArray(31, 'x')).ok());
    QVERIFY(!PublicKey::fromRawEd25519(QByteArray(64, 'x')).ok());
    const flotilla::Result<PublicKey> empty = PublicKey::fromRawEd25519({});
    QVERIFY(!empty.ok());
    QVERIFY(!empty.errorString().isEmpty());
}

void TestCryptoKeys::generateAndRoundTrip_data()
{
    QTest::addColumn<KeyType>("type");
    QTest::newRow("Ed25519") << KeyType::Ed25519;
    QTest::newRow("EC P-256") << KeyType::EcP256;
}

void TestCryptoKeys::generateAndRoundTrip()
{
    QFETCH(KeyType, type);
    flotilla::Result<PrivateKey> generated = PrivateKey::generate(type);
    QVERIFY2(generated.ok(), qPrintable(generated.errorString()));
    const PrivateKey key = std::move(generated).value();
    QVERIFY(!key.isNull());
    QCOMPARE(key.type(), type);

    const QByteArray privatePem = key.toPem();
    QVERIFY(privatePem.startsWith("-----BEGIN PRIVATE KEY-----\n")); // PKCS#8, unencrypted
    const flotilla::Result<PrivateKey> reloaded = PrivateKey::fromPem(privatePem);
    QVERIFY2(reloaded.ok(), qPrintable(reloaded.errorString()));
    QCOMPARE(reloaded->type(), type);
    QCOMPARE(reloaded->toPem(), privatePem);

    const PublicKey publicKey = key.publicKey();
    QVERIFY(!publicKey.isNull());
    QCOMPARE(publicKey.type(), type);
    const QByteArray publicPem = publicKey.toPem();
    QVERIFY(publicPem.startsWith("-----BEGIN PUBLIC KEY-----\n")); // SubjectPublicKeyInfo
    QVERIFY(!publicPem.contains("PRIVATE"));
    const flotilla::Result<PublicKey> fromPem = PublicKey::fromPem(publicPem);
    QVERIFY2(fromPem.ok(), qPrintable(fromPem.errorString()));
    const flotilla::Result<PublicKey> fromDer = PublicKey::fromDer(publicKey.toDer());
    QVERIFY2(fromDer.ok(), qPrintable(fromDer.errorString()));
    QCOMPARE(fromPem->toDer(), publicKey.toDer());
    QCOMPARE(fromDer->toPem(), publicPem);

    // keyId: 64 lowercase hex characters = SHA-256 of the DER SPKI, equal on every path.
    QCOMPARE(publicKey.keyId().size(), 64);
    QCOMPARE(publicKey.keyId(), Hasher::hexHash(publicKey.toDer(), HashAlgorithm::Sha256));
    QCOMPARE(fromPem->keyId(), publicKey.keyId());
    QCOMPARE(reloaded->publicKey().keyId(), publicKey.keyId());

    const QByteArray data = QByteArrayLiteral("update-instruction bytes");
    const flotilla::Result<QByteArray> signature = key.sign(data);
    QVERIFY2(signature.ok(), qPrintable(signature.errorString()));
    QVERIFY(fromPem->verify(data, *signature));
    QVERIFY(fromDer->verify(data, *signature));
    QVERIFY(!fromPem->verify(flipBit(data, 3), *signature));
    const flotilla::Result<QByteArray> fromReloaded = reloaded->sign(data);
    QVERIFY(fromReloaded.ok());
    QVERIFY(publicKey.verify(data, *fromReloaded));

    // Two generated keys differ.
    const flotilla::Result<PrivateKey> other = PrivateKey::generate(type);
    QVERIFY(other.ok());
    QVERIFY(other->publicKey().keyId() != publicKey.keyId());
    QVERIFY(!other->publicKey().verify(data, *signature));
}

void TestCryptoKeys::signaturesAreBoundToKeyAndAlgorithm()
{
    const flotilla::Result<PrivateKey> ed = PrivateKey::generate(KeyType::Ed25519);
    const flotilla::Result<PrivateKey> ec = PrivateKey::generate(KeyType::EcP256);
    QVERIFY(ed.ok() && ec.ok());
    const QByteArray data = QByteArrayLiteral("payload");
    const flotilla::Result<QByteArray> edSignature = ed->sign(data);
    const flotilla::Result<QByteArray> ecSignature = ec->sign(data);
    QVERIFY(edSignature.ok() && ecSignature.ok());
    QVERIFY(ed->publicKey().verify(data, *edSignature));
    QVERIFY(ec->publicKey().verify(data, *ecSignature));
    QVERIFY(!ed->publicKey().verify(data, *ecSignature));
    QVERIFY(!ec->publicKey().verify(data, *edSignature));
    // Empty data can be signed and verified too (RFC 8032 TEST 1 is an empty message).
    const flotilla::Result<QByteArray> emptySignature = ec->sign({});
    QVERIFY(emptySignature.ok());
    QVERIFY(ec->publicKey().verify({}, *emptySignature));
    QVERIFY(!ec->publicKey().verify("x", *emptySignature));
}

void TestCryptoKeys::ecdsaSignatureIsDer()
{
    const flotilla::Result<PrivateKey> key = PrivateKey::generate(KeyType::EcP256);
    QVERIFY(key.ok());
    const flotilla::Result<QByteArray> signature = key->sign("abc");
    QVERIFY(signature.ok());
    // DER SEQUENCE { INTEGER r, INTEGER s }: 0x30, length of the rest, 0x02 ...
    QVERIFY(signature->size() >= 8 && signature->size() <= 72);
    QCOMPARE(quint8(signature->at(0)), quint8(0x30));
    QCOMPARE(int(quint8(signature->at(1))), signature->size() - 2);
    QCOMPARE(quint8(signature->at(2)), quint8(0x02));
    // A raw 64-byte r||s form is not accepted as a DER signature.
    QVERIFY(!key->publicKey().verify("abc", QByteArray(64, '\x01')));
}

void TestCryptoKeys::nullKeys()
{
    const PrivateKey nullPrivate;
    QVERIFY(nullPrivate.isNull());
    QCOMPARE(nullPrivate.type(), KeyType::Other);
    QVERIFY(nullPrivate.toPem().isEmpty());
    QVERIFY(nullPrivate.publicKey().isNull());
    QVERIFY(nullPrivate.native() == nullptr);
    const flotilla::Result<QByteArray> signature = nullPrivate.sign("x");
    QVERIFY(!signature.ok());
    QVERIFY(!signature.errorString().isEmpty());

    const PublicKey nullPublic;
    QVERIFY(nullPublic.isNull());
    QCOMPARE(nullPublic.type(), KeyType::Other);
    QVERIFY(nullPublic.toPem().isEmpty());
    QVERIFY(nullPublic.toDer().isEmpty());
    QVERIFY(nullPublic.keyId().isEmpty());
    QVERIFY(!nullPublic.verify("x", QByteArray(64, 'y')));
    QVERIFY(nullPublic.native() == nullptr);
    QVERIFY(PublicKey::fromNative(nullptr).isNull());

    QVERIFY(!PrivateKey::generate(KeyType::Other).ok());
}

void TestCryptoKeys::copyAndMove()
{
    flotilla::Result<PrivateKey> generated = PrivateKey::generate(KeyType::Ed25519);
    QVERIFY(generated.ok());
    PrivateKey key = std::move(generated).value();
    const QByteArray data = QByteArrayLiteral("data");
    const QByteArray signature = key.sign(data).value();

    PublicKey original = key.publicKey();
    PublicKey copy(original);
    QCOMPARE(copy.native(), original.native()); // shared, reference-counted
    PublicKey assigned;
    assigned = copy;
    assigned = assigned; // self-assignment is harmless
    QVERIFY(assigned.verify(data, signature));
    original = PublicKey(); // dropping one reference leaves the others usable
    QVERIFY(copy.verify(data, signature));
    QVERIFY(assigned.verify(data, signature));

    PublicKey movedInto = key.publicKey();
    movedInto = std::move(assigned);
    QVERIFY(assigned.isNull()); // NOLINT(bugprone-use-after-move)
    QVERIFY(movedInto.verify(data, signature));

    PublicKey moved(std::move(copy));
    QVERIFY(moved.verify(data, signature));
    QVERIFY(copy.isNull()); // NOLINT(bugprone-use-after-move): moved-from is documented null

    const PublicKey shared = PublicKey::fromNative(moved.native());
    QVERIFY(shared.verify(data, signature));
    moved = PublicKey();
    QVERIFY(shared.verify(data, signature)); // fromNative took its own reference

    PrivateKey movedKey(std::move(key));
    QVERIFY(key.isNull()); // NOLINT(bugprone-use-after-move)
    QVERIFY(!key.sign(data).ok());
    PrivateKey target = PrivateKey::generate(KeyType::EcP256).value();
    target = std::move(movedKey);
    QVERIFY(!target.isNull());
    QVERIFY(movedKey.isNull()); // NOLINT(bugprone-use-after-move): the old target key is gone, not handed back
    QCOMPARE(target.type(), KeyType::Ed25519);
    QCOMPARE(target.sign(data).value(), signature);
}

void TestCryptoKeys::badInputAndErrorQueue()
{
    ERR_clear_error();
    const flotilla::Result<PrivateKey> garbage = PrivateKey::fromPem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END");
    QVERIFY(!garbage.ok());
    QVERIFY(!garbage.errorString().isEmpty());
    // The failure was drained into the message, not left for the next caller on this thread.
    QCOMPARE(ERR_peek_error(), 0UL);

    QVERIFY(!PublicKey::fromPem("not a key").ok());
    QCOMPARE(ERR_peek_error(), 0UL);
    QVERIFY(!PublicKey::fromDer(QByteArray(10, '\x30')).ok());
    QCOMPARE(ERR_peek_error(), 0UL);
    QVERIFY(!PublicKey::fromDer({}).ok());

    // A private key PEM is not a public key.
    const flotilla::Result<PrivateKey> key = PrivateKey::generate(KeyType::EcP256);
    QVERIFY(key.ok());
    QVERIFY(!PublicKey::fromPem(key->toPem()).ok());
    QCOMPARE(ERR_peek_error(), 0UL);

    // Trailing bytes after the SPKI would give one key two encodings.
    const QByteArray der = key->publicKey().toDer();
    QVERIFY(PublicKey::fromDer(der).ok());
    QVERIFY(!PublicKey::fromDer(QByteArray(der + '\0')).ok());

    // A failed verification leaves nothing queued either, and the next call works.
    QVERIFY(!key->publicKey().verify("x", QByteArray(70, '\x30')));
    QCOMPARE(ERR_peek_error(), 0UL);
    QVERIFY(key->publicKey().verify("x", key->sign("x").value()));
}

void TestCryptoKeys::foreignKeyTypes()
{
    FLOTILLA_REQUIRE_OPENSSL_CLI();
    QVERIFY(m_dir.isValid());
    // Encrypted PEM: must fail (never prompt for a passphrase).
    const CliResult encrypted = runOpenssl({u"genpkey"_s, u"-algorithm"_s, u"ED25519"_s, u"-aes-256-cbc"_s, u"-pass"_s,
                                            u"pass:secret"_s, u"-out"_s, path(u"enc.pem"_s)});
    QVERIFY2(encrypted.ok(), encrypted.err.constData());
    QVERIFY(readBytes(path(u"enc.pem"_s)).contains("ENCRYPTED PRIVATE KEY"));
    QVERIFY(!PrivateKey::fromPem(readBytes(path(u"enc.pem"_s))).ok());
    QCOMPARE(ERR_peek_error(), 0UL);

    // A P-384 key loads but is "Other": no signing, no verification (fails closed).
    const CliResult p384 = runOpenssl({u"genpkey"_s, u"-algorithm"_s, u"EC"_s, u"-pkeyopt"_s,
                                       u"ec_paramgen_curve:P-384"_s, u"-out"_s, path(u"p384.pem"_s)});
    QVERIFY2(p384.ok(), p384.err.constData());
    const flotilla::Result<PrivateKey> other = PrivateKey::fromPem(readBytes(path(u"p384.pem"_s)));
    QVERIFY2(other.ok(), qPrintable(other.errorString()));
    QCOMPARE(other->type(), KeyType::Other);
    QVERIFY(!other->sign("x").ok());
    QCOMPARE(other->publicKey().type(), KeyType::Other);
    QVERIFY(!other->publicKey().verify("x", QByteArray(70, '\x30')));
    QVERIFY(!other->publicKey().keyId().isEmpty()); // still identifiable
}

void TestCryptoKeys::cliVerifiesOurEd25519Signature()
{
    FLOTILLA_REQUIRE_OPENSSL_CLI();
    QVERIFY(m_dir.isValid());
    // RFC 8032 TEST 3, exported by us and checked by the openssl tool.
    const flotilla::Result<PrivateKey> key =
        PrivateKey::fromRawEd25519(hex("c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7"));
    QVERIFY(key.ok());
    const QByteArray message = hex("af82");
    const QByteArray signature = key->sign(message).value();
    QVERIFY(writeBytes(path(u"ours-ed.pub"_s), key->publicKey().toPem()));
    QVERIFY(writeBytes(path(u"ours-ed.msg"_s), message));
    QVERIFY(writeBytes(path(u"ours-ed.sig"_s), signature));
    QVERIFY(writeBytes(path(u"ours-ed.bad"_s), flipBit(signature, 10)));

    const QStringList verify = {u"pkeyutl"_s, u"-verify"_s,           u"-pubin"_s,
                                u"-inkey"_s,  path(u"ours-ed.pub"_s), u"-rawin"_s,
                                u"-in"_s,     path(u"ours-ed.msg"_s), u"-sigfile"_s};
    const CliResult good = runOpenssl(verify + QStringList{path(u"ours-ed.sig"_s)});
    QVERIFY2(good.ok(), good.err.constData());
    QVERIFY(good.out.contains("Signature Verified Successfully"));
    const CliResult bad = runOpenssl(verify + QStringList{path(u"ours-ed.bad"_s)});
    QVERIFY(!bad.ok()); // the CLI check is able to fail

    // Our private key PEM is usable by openssl too: it signs the same deterministic bytes.
    QVERIFY(writeBytes(path(u"ours-ed.key"_s), key->toPem()));
    const CliResult sign = runOpenssl(
        {u"pkeyutl"_s, u"-sign"_s, u"-inkey"_s, path(u"ours-ed.key"_s), u"-rawin"_s, u"-in"_s, path(u"ours-ed.msg"_s)});
    QVERIFY2(sign.ok(), sign.err.constData());
    QCOMPARE(sign.out.toHex(), signature.toHex());
}

void TestCryptoKeys::weVerifyCliEd25519Signature()
{
    FLOTILLA_REQUIRE_OPENSSL_CLI();
    QVERIFY(m_dir.isValid());
    const CliResult generate =
        runOpenssl({u"genpkey"_s, u"-algorithm"_s, u"ED25519"_s, u"-out"_s, path(u"cli-ed.key"_s)});
    QVERIFY2(generate.ok(), generate.err.constData());
    const CliResult publicOut =
        runOpenssl({u"pkey"_s, u"-in"_s, path(u"cli-ed.key"_s), u"-pubout"_s, u"-out"_s, path(u"cli-ed.pub"_s)});
    QVERIFY2(publicOut.ok(), publicOut.err.constData());
    const QByteArray message = QByteArrayLiteral("{\"Signed\":{\"Type\":\"update-instruction\"}}");
    QVERIFY(writeBytes(path(u"cli-ed.msg"_s), message));
    const CliResult sign = runOpenssl({u"pkeyutl"_s, u"-sign"_s, u"-inkey"_s, path(u"cli-ed.key"_s), u"-rawin"_s,
                                       u"-in"_s, path(u"cli-ed.msg"_s), u"-out"_s, path(u"cli-ed.sig"_s)});
    QVERIFY2(sign.ok(), sign.err.constData());

    const flotilla::Result<PublicKey> publicKey = PublicKey::fromPem(readBytes(path(u"cli-ed.pub"_s)));
    QVERIFY2(publicKey.ok(), qPrintable(publicKey.errorString()));
    QCOMPARE(publicKey->type(), KeyType::Ed25519);
    const QByteArray signature = readBytes(path(u"cli-ed.sig"_s));
    QCOMPARE(signature.size(), 64);
    QVERIFY(publicKey->verify(message, signature));
    QVERIFY(!publicKey->verify(flipBit(message, 5), signature));

    // Deterministic: our signature with the CLI's key equals the CLI's.
    const flotilla::Result<PrivateKey> privateKey = PrivateKey::fromPem(readBytes(path(u"cli-ed.key"_s)));
    QVERIFY(privateKey.ok());
    QCOMPARE(privateKey->sign(message).value().toHex(), signature.toHex());
}

void TestCryptoKeys::cliVerifiesOurEcdsaSignature()
{
    FLOTILLA_REQUIRE_OPENSSL_CLI();
    QVERIFY(m_dir.isValid());
    const flotilla::Result<PrivateKey> key = PrivateKey::generate(KeyType::EcP256);
    QVERIFY(key.ok());
    const QByteArray message = QByteArrayLiteral("ECDSA P-256 with SHA-256, DER signature");
    const QByteArray signature = key->sign(message).value();
    QVERIFY(writeBytes(path(u"ours-ec.pub"_s), key->publicKey().toPem()));
    QVERIFY(writeBytes(path(u"ours-ec.msg"_s), message));
    QVERIFY(writeBytes(path(u"ours-ec.sig"_s), signature));
    QVERIFY(writeBytes(path(u"ours-ec.bad.msg"_s), flipBit(message, 0)));

    const CliResult good = runOpenssl({u"dgst"_s, u"-sha256"_s, u"-verify"_s, path(u"ours-ec.pub"_s), u"-signature"_s,
                                       path(u"ours-ec.sig"_s), path(u"ours-ec.msg"_s)});
    QVERIFY2(good.ok(), good.err.constData());
    QVERIFY(good.out.contains("Verified OK"));
    const CliResult bad = runOpenssl({u"dgst"_s, u"-sha256"_s, u"-verify"_s, path(u"ours-ec.pub"_s), u"-signature"_s,
                                      path(u"ours-ec.sig"_s), path(u"ours-ec.bad.msg"_s)});
    QVERIFY(!bad.ok());
}

void TestCryptoKeys::weVerifyCliEcdsaSignature()
{
    FLOTILLA_REQUIRE_OPENSSL_CLI();
    QVERIFY(m_dir.isValid());
    const CliResult generate = runOpenssl({u"genpkey"_s, u"-algorithm"_s, u"EC"_s, u"-pkeyopt"_s,
                                           u"ec_paramgen_curve:P-256"_s, u"-out"_s, path(u"cli-ec.key"_s)});
    QVERIFY2(generate.ok(), generate.err.constData());
    const QByteArray message = QByteArrayLiteral("signed by openssl dgst");
    QVERIFY(writeBytes(path(u"cli-ec.msg"_s), message));
    const CliResult sign = runOpenssl({u"dgst"_s, u"-sha256"_s, u"-sign"_s, path(u"cli-ec.key"_s), u"-out"_s,
                                       path(u"cli-ec.sig"_s), path(u"cli-ec.msg"_s)});
    QVERIFY2(sign.ok(), sign.err.constData());

    const flotilla::Result<PrivateKey> key = PrivateKey::fromPem(readBytes(path(u"cli-ec.key"_s)));
    QVERIFY2(key.ok(), qPrintable(key.errorString()));
    QCOMPARE(key->type(), KeyType::EcP256);
    const QByteArray signature = readBytes(path(u"cli-ec.sig"_s));
    QVERIFY(key->publicKey().verify(message, signature));
    QVERIFY(!key->publicKey().verify(QByteArray(message + '!'), signature));
}

void TestCryptoKeys::keyIdMatchesCli_data()
{
    generateAndRoundTrip_data();
}

void TestCryptoKeys::keyIdMatchesCli()
{
    FLOTILLA_REQUIRE_OPENSSL_CLI();
    QFETCH(KeyType, type);
    QVERIFY(m_dir.isValid());
    const flotilla::Result<PrivateKey> key = PrivateKey::generate(type);
    QVERIFY(key.ok());
    const QString pub = path(u"keyid-%1.pub"_s.arg(int(type)));
    const QString priv = path(u"keyid-%1.key"_s.arg(int(type)));
    QVERIFY(writeBytes(pub, key->publicKey().toPem()));
    QVERIFY(writeBytes(priv, key->toPem()));

    const CliResult fromPublic = runOpenssl({u"pkey"_s, u"-pubin"_s, u"-in"_s, pub, u"-outform"_s, u"DER"_s});
    QVERIFY2(fromPublic.ok(), fromPublic.err.constData());
    const CliResult fromPrivate = runOpenssl({u"pkey"_s, u"-in"_s, priv, u"-pubout"_s, u"-outform"_s, u"DER"_s});
    QVERIFY2(fromPrivate.ok(), fromPrivate.err.constData());
    QCOMPARE(fromPublic.out, key->publicKey().toDer());

    const QString expected = Hasher::hexHash(fromPublic.out, HashAlgorithm::Sha256);
    QCOMPARE(key->publicKey().keyId(), expected);
    QCOMPARE(Hasher::hexHash(fromPrivate.out, HashAlgorithm::Sha256), expected);
}

void TestCryptoKeys::cliKeysLoad()
{
    FLOTILLA_REQUIRE_OPENSSL_CLI();
    QVERIFY(m_dir.isValid());
    // The traditional "EC PRIVATE KEY" (SEC 1) form from `openssl ecparam -genkey` loads as well.
    const CliResult sec1 = runOpenssl(
        {u"ecparam"_s, u"-name"_s, u"prime256v1"_s, u"-genkey"_s, u"-noout"_s, u"-out"_s, path(u"sec1.pem"_s)});
    QVERIFY2(sec1.ok(), sec1.err.constData());
    const QByteArray pem = readBytes(path(u"sec1.pem"_s));
    QVERIFY(pem.contains("BEGIN EC PRIVATE KEY"));
    const flotilla::Result<PrivateKey> key = PrivateKey::fromPem(pem);
    QVERIFY2(key.ok(), qPrintable(key.errorString()));
    QCOMPARE(key->type(), KeyType::EcP256);
    QVERIFY(key->toPem().startsWith("-----BEGIN PRIVATE KEY-----")); // written back as PKCS#8

    // The openssl-made test fixtures load with the expected types.
    const flotilla::Result<PrivateKey> fixture = PrivateKey::fromPem(flotilla::test::tlsFixture().serverKeyPem);
    QVERIFY2(fixture.ok(), qPrintable(fixture.errorString()));
    QCOMPARE(fixture->type(), KeyType::EcP256);
}

QTEST_GUILESS_MAIN(TestCryptoKeys)
#include "tst_crypto_keys.moc"
