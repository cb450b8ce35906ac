// Signed documents of PROTOCOL.md §6.1 (core/update/SignedDocument.h): the canonical JSON form byte
// for byte, a known Ed25519 vector over an update instruction (RFC 8032 test key 1) that the
// openssl command line verifies from the bytes we sign, and the verifier's refusals (tampering,
// untrusted keys, thresholds, duplicate signers, malformed envelopes).
#include "core/update/SignedDocument.h"
#include "tests/tst_crypto_support.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

#include <ranges>

using namespace Qt::StringLiterals;
using namespace flotilla;
using namespace flotilla::test::crypto;
using flotilla::crypto::PrivateKey;
using flotilla::crypto::PublicKey;

namespace {

// RFC 8032 §7.1 test 1 secret key: a fixed key makes the signature a known vector.
const QByteArray Rfc8032Seed = QByteArray::fromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");

QJsonObject instruction()
{
    return QJsonObject{
        {u"Type"_s, u"update-instruction"_s},
        {u"Format"_s, 1},
        {u"JobId"_s, u"42"_s},
        {u"Vin"_s, u"WVWZZZE21MW100042"_s},
        {u"DevId"_s, u"HU-HU-MIB3-100042"_s},
        {u"IssuedUtc"_s, u"2026-11-21T10:00:00Z"_s},
        {u"ExpiresUtc"_s, u"2026-12-21T10:00:00Z"_s},
        {u"Package"_s,
         QJsonObject{
             {u"Name"_s, u"hu-firmware"_s},
             {u"Version"_s, u"1.3.0"_s},
             {u"ReleaseCounter"_s, 42},
             {u"HwIds"_s, QJsonArray{u"hu-gen3"_s}},
             {u"Preconditions"_s, QJsonObject{{u"MinBatteryPct"_s, 50}, {u"Consent"_s, u"required"_s}}},
             {u"UserText"_s, QJsonObject{{u"en"_s, u"Faster start-up."_s}, {u"de"_s, u"Schnellerer Start."_s}}}}},
        {u"Targets"_s,
         QJsonArray{QJsonObject{{u"Ecu"_s, u"headunit"_s},
                                {u"HwId"_s, u"hu-gen3"_s},
                                {u"Version"_s, u"1.3.0"_s},
                                {u"Length"_s, 73400320},
                                {u"Payload"_s, QJsonObject{{u"Codec"_s, u"x-flodiff"_s}, {u"Length"_s, 1234567}}}}}},
        {u"DtcsToClear"_s, QJsonArray{u"P0A80"_s}},
    };
}

// The canonical form of instruction(), written out by hand from the rules of §6.1: keys sorted by
// UTF-16 code units ("DevId" < "DtcsToClear" < "ExpiresUtc" …, upper case before lower case), no
// whitespace, integers as integers.
const QByteArray InstructionCanonical =
    R"({"DevId":"HU-HU-MIB3-100042","DtcsToClear":["P0A80"],"ExpiresUtc":"2026-12-21T10:00:00Z",)"
    R"("Format":1,"IssuedUtc":"2026-11-21T10:00:00Z","JobId":"42","Package":{"HwIds":["hu-gen3"],)"
    R"("Name":"hu-firmware","Preconditions":{"Consent":"required","MinBatteryPct":50},"ReleaseCounter":42,)"
    R"("UserText":{"de":"Schnellerer Start.","en":"Faster start-up."},"Version":"1.3.0"},)"
    R"("Targets":[{"Ecu":"headunit","HwId":"hu-gen3","Length":73400320,"Payload":{"Codec":"x-flodiff",)"
    R"("Length":1234567},"Version":"1.3.0"}],"Type":"update-instruction","Vin":"WVWZZZE21MW100042"})";

PrivateKey key(const QByteArray &seed)
{
    auto made = PrivateKey::fromRawEd25519(seed);
    return std::move(*made);
}

PrivateKey freshKey()
{
    auto made = PrivateKey::generate(crypto::KeyType::Ed25519);
    return std::move(*made);
}

} // namespace

class TestSignedDocument : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void canonicalFormOfAnInstruction()
    {
        auto canonical = update::canonicalJson(instruction());
        QVERIFY2(canonical, qPrintable(canonical.errorString()));
        QCOMPARE(*canonical, InstructionCanonical);
    }

    void canonicalOrderAndEscaping()
    {
        // UTF-16 code unit order: 'B' (0x42) < 'a' (0x61) < 'é' (0xE9) < '😀' (0xD83D, a surrogate)
        // < '' (0xFFFD): a sort by code point would put the emoji last.
        const QJsonObject object{{u"a"_s, 1},
                                 {u"B"_s, 2},
                                 {u"\u00e9"_s, 3},
                                 {u"\ufffd"_s, 4},
                                 {QString::fromUtf8("\xf0\x9f\x98\x80"), 5},
                                 {u"s"_s, u"quote\" backslash\\ newline\n tab\t ctl\u0001 slash/ \u00fc"_s},
                                 {u"n"_s, QJsonValue::Null},
                                 {u"t"_s, true},
                                 {u"neg"_s, -9007199254740991LL},
                                 {u"big"_s, 9007199254740991LL},
                                 {u"empty"_s, QJsonObject{}},
                                 {u"list"_s, QJsonArray{}}};
        auto canonical = update::canonicalJson(object);
        QVERIFY2(canonical, qPrintable(canonical.errorString()));
        const QByteArray expected = "{\"B\":2,\"a\":1,\"big\":9007199254740991,\"empty\":{},\"list\":[],\"n\":null,"
                                    "\"neg\":-9007199254740991,\"s\":\"quote\\\" backslash\\\\ newline\\n tab\\t "
                                    "ctl\\u0001 slash/ \xc3\xbc\",\"t\":true,\"\xc3\xa9\":3,"
                                    "\"\xf0\x9f\x98\x80\":5,\"\xef\xbf\xbd\":4}";
        QCOMPARE(*canonical, expected);
        // The same object built in another order has the same form.
        QJsonObject reordered;
        for (const QString &k : object.keys() | std::views::reverse)
            reordered.insert(k, object.value(k));
        QCOMPARE(*update::canonicalJson(reordered), expected);
    }

    void floatingPointIsRefused()
    {
        for (const QJsonValue &value : {QJsonValue(1.5), QJsonValue(1e300), QJsonValue(-0.25)}) {
            auto direct = update::canonicalJson(QJsonObject{{u"x"_s, value}});
            QVERIFY(!direct);
            auto nested = update::canonicalJson(QJsonObject{{u"a"_s, QJsonArray{QJsonObject{{u"deep"_s, value}}}}});
            QVERIFY(!nested);
        }
        QVERIFY(update::canonicalJson(QJsonObject{{u"whole"_s, 3.0}})); // an integral double is an integer
    }

    void knownVectorVerifiedByOpenssl()
    {
        const PrivateKey signer = key(Rfc8032Seed);
        update::SignedDocument document(instruction());
        QVERIFY(document.sign(signer));
        QCOMPARE(document.signatures().size(), 1);
        const update::Signature &signature = document.signatures().first();
        QCOMPARE(signature.alg, u"Ed25519"_s);
        QCOMPARE(signature.keyId, signer.publicKey().keyId());
        // RFC 8032 test 1's public key, as DER SubjectPublicKeyInfo hashed by §6.1's KeyId rule.
        QCOMPARE(
            signer.publicKey().toDer().toHex(),
            QByteArray("302a300506032b6570032100d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
        // Ed25519 is deterministic: the same key and bytes always give this signature.
        QCOMPARE(signature.sig.toHex(), KnownSignatureHex);

        // An independent implementation (the openssl command line) verifies it over the canonical
        // bytes — the bytes a vehicle must reconstruct from "Signed".
        FLOTILLA_REQUIRE_OPENSSL_CLI();
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY(writeBytes(dir.filePath(u"pub.pem"_s), signer.publicKey().toPem()));
        QVERIFY(writeBytes(dir.filePath(u"msg"_s), InstructionCanonical));
        QVERIFY(writeBytes(dir.filePath(u"sig"_s), signature.sig));
        const QStringList verify{u"pkeyutl"_s,
                                 u"-verify"_s,
                                 u"-pubin"_s,
                                 u"-inkey"_s,
                                 dir.filePath(u"pub.pem"_s),
                                 u"-rawin"_s,
                                 u"-in"_s,
                                 dir.filePath(u"msg"_s),
                                 u"-sigfile"_s,
                                 dir.filePath(u"sig"_s)};
        const CliResult good = runOpenssl(verify);
        QVERIFY2(good.ok(), good.err.constData());
        QVERIFY(good.out.contains("Signature Verified Successfully"));
        // …and refuses it over bytes that differ by one key order (not canonical).
        QByteArray reordered = InstructionCanonical;
        reordered.replace(R"("Format":1,"IssuedUtc")", R"("IssuedUtc")")
            .replace(R"("JobId":"42")", R"("Format":1,"JobId":"42")");
        QVERIFY(reordered != InstructionCanonical);
        QVERIFY(writeBytes(dir.filePath(u"msg"_s), reordered));
        QVERIFY(!runOpenssl(verify).ok());
    }

    void roundTripThroughTheWire()
    {
        const PrivateKey signer = key(Rfc8032Seed);
        update::SignedDocument document(instruction());
        QVERIFY(document.sign(signer));
        const QByteArray wire = document.toJson();
        // Pretty-printed or reordered on the wire, it still verifies: only "Signed"'s canonical form counts.
        const QByteArray pretty = QJsonDocument::fromJson(wire).toJson(QJsonDocument::Indented);
        for (const QByteArray &bytes : {wire, pretty}) {
            auto parsed = update::SignedDocument::parse(bytes);
            QVERIFY2(parsed, qPrintable(parsed.errorString()));
            QVERIFY(parsed->verify({signer.publicKey()}));
        }
    }

    void tamperingAndUntrustedKeysAreRefused()
    {
        const PrivateKey signer = key(Rfc8032Seed);
        const PrivateKey other = freshKey();
        update::SignedDocument document(instruction());
        QVERIFY(document.sign(signer));

        // One changed value in "Signed".
        QJsonObject wire = QJsonDocument::fromJson(document.toJson()).object();
        QJsonObject signedPart = wire.value(u"Signed"_s).toObject();
        signedPart.insert(u"Vin"_s, u"WVWZZZE21MW100043"_s);
        wire.insert(u"Signed"_s, signedPart);
        auto tampered = update::SignedDocument::parse(QJsonDocument(wire).toJson(QJsonDocument::Compact));
        QVERIFY(tampered);
        QVERIFY(!tampered->verify({signer.publicKey()}));
        QCOMPARE(tampered->validSignatureCount({signer.publicKey()}), 0);

        // Signed by a key the vehicle does not trust.
        QVERIFY(!document.verify({other.publicKey()}));
        QVERIFY(!document.verify({}));
    }

    void thresholdsCountDistinctTrustedKeys()
    {
        const PrivateKey first = key(Rfc8032Seed);
        const PrivateKey second = freshKey();
        update::SignedDocument once(instruction());
        QVERIFY(once.sign(first));
        QVERIFY(once.sign(first)); // the same key twice is still one signer
        QCOMPARE(once.validSignatureCount({first.publicKey(), second.publicKey()}), 1);
        QVERIFY(!once.verify({first.publicKey(), second.publicKey()}, 2));

        update::SignedDocument twice(instruction());
        QVERIFY(twice.sign(first));
        QVERIFY(twice.sign(second)); // a key rotation: active and next both sign
        QCOMPARE(twice.validSignatureCount({first.publicKey(), second.publicKey()}), 2);
        QVERIFY(twice.verify({first.publicKey(), second.publicKey()}, 2));
        QVERIFY(twice.verify({second.publicKey()})); // a vehicle that already trusts only the new key
        QVERIFY(twice.verify({first.publicKey()}));  // and one that does not have it yet
    }

    void malformedEnvelopesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("not json") << QByteArray("{\"Signed\":");
        QTest::newRow("array") << QByteArray("[]");
        QTest::newRow("no Signed") << QByteArray(R"({"Signatures":[]})");
        QTest::newRow("Signed not an object") << QByteArray(R"({"Signed":"x","Signatures":[]})");
        QTest::newRow("Signatures not an array") << QByteArray(R"({"Signed":{},"Signatures":{}})");
        QTest::newRow("bad base64") << QByteArray(
            R"({"Signed":{},"Signatures":[{"KeyId":"00","Alg":"Ed25519","Sig":"***"}]})");
        QTest::newRow("oversized") << QByteArray(
            "{\"Signed\":{\"x\":\"" + QByteArray(update::SignedDocument::MaxBytes, 'a') + "\"},\"Signatures\":[]}");
    }

    void malformedEnvelopesAreRefused()
    {
        QFETCH(QByteArray, json);
        QVERIFY(!update::SignedDocument::parse(json));
    }

private:
    // Computed once with `openssl pkeyutl -sign -rawin` over InstructionCanonical with the RFC 8032 key.
    static inline const QByteArray KnownSignatureHex =
        "8a4c8a01468738013dcf315b12a4692e8c3e17b16af9803924913bfb5e98d30e98d1bc172675583a952dfb68b08320efaa9c66bc91d861"
        "8f0b029eacd7ff2705";
};

QTEST_GUILESS_MAIN(TestSignedDocument)
#include "tst_signed_document.moc"
