// The console's own PKI: CA creation, server and client issuance, CSRs, inspection, fingerprints
// and chain verification, cross-checked with the openssl command line.
#include "core/crypto/Certificates.h"
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

constexpr int ValidDays = 825;
const QString Vin = u"WVWZZZ1JZXW000001"_s;

struct Pki
{
    PrivateKey caKey;
    QByteArray caPem;
    PrivateKey serverKey;
    QByteArray serverPem;
};

// A CA and a server certificate from it; QVERIFY-style failures are reported by the caller.
flotilla::Result<Pki> makePki(KeyType caType, KeyType serverType, const QString &caName = u"Flotilla Test CA"_s)
{
    Pki pki;
    flotilla::Result<PrivateKey> caKey = PrivateKey::generate(caType);
    if (!caKey)
        return caKey.error();
    pki.caKey = std::move(caKey).value();
    flotilla::Result<QByteArray> caPem = createCaCertificate(pki.caKey, caName, 3650);
    if (!caPem)
        return caPem.error();
    pki.caPem = *caPem;
    flotilla::Result<PrivateKey> serverKey = PrivateKey::generate(serverType);
    if (!serverKey)
        return serverKey.error();
    pki.serverKey = std::move(serverKey).value();
    flotilla::Result<QByteArray> serverPem =
        issueServerCertificate(pki.caKey, pki.caPem, pki.serverKey.publicKey(), u"flotilla.local"_s,
                               {u"localhost"_s, u"flotilla.local"_s, u"*.fleet.example"_s},
                               {u"127.0.0.1"_s, u"::1"_s, u"2001:db8::7"_s}, ValidDays);
    if (!serverPem)
        return serverPem.error();
    pki.serverPem = *serverPem;
    return pki;
}

QByteArray toDer(const QByteArray &pem)
{
    const QList<QByteArray> lines = pem.split('\n');
    QByteArray base64;
    for (const QByteArray &line : lines) {
        if (!line.startsWith("-----"))
            base64 += line.trimmed();
    }
    return QByteArray::fromBase64(base64);
}

QByteArray toPem(const QByteArray &der, const char *label)
{
    QByteArray pem = "-----BEGIN " + QByteArray(label) + "-----\n";
    const QByteArray base64 = der.toBase64();
    for (qsizetype i = 0; i < base64.size(); i += 64)
        pem += base64.mid(i, 64) + '\n';
    pem += "-----END " + QByteArray(label) + "-----\n";
    return pem;
}

} // namespace

class TestCryptoCertificates : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void caCertificate_data();
    void caCertificate();
    void serverCertificate_data();
    void serverCertificate();
    void serverCertificateWithOpensslCli_data();
    void serverCertificateWithOpensslCli();
    void ipAddressForms_data();
    void ipAddressForms();
    void badSubjectAltNames_data();
    void badSubjectAltNames();
    void otherCaDoesNotVerify();
    void validityWindow();
    void issuerChecks();
    void clientCertificateFromCsr_data();
    void clientCertificateFromCsr();
    void brokenCsrIsRefused();
    void fingerprintsMatchCli();
    void opensslMadeFixturesInterop();
    void badInput();

private:
    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.filePath(name); }
};

void TestCryptoCertificates::caCertificate_data()
{
    QTest::addColumn<KeyType>("type");
    QTest::newRow("EC P-256 CA") << KeyType::EcP256;
    QTest::newRow("Ed25519 CA") << KeyType::Ed25519;
}

void TestCryptoCertificates::caCertificate()
{
    QFETCH(KeyType, type);
    const flotilla::Result<PrivateKey> key = PrivateKey::generate(type);
    QVERIFY(key.ok());
    const QDateTime before = QDateTime::currentDateTimeUtc();
    const flotilla::Result<QByteArray> pem = createCaCertificate(*key, u"Flotilla Console CA"_s, 3650);
    QVERIFY2(pem.ok(), qPrintable(pem.errorString()));
    QVERIFY(pem->startsWith("-----BEGIN CERTIFICATE-----"));

    const flotilla::Result<CertificateInfo> info = inspectCertificate(*pem);
    QVERIFY2(info.ok(), qPrintable(info.errorString()));
    QVERIFY(info->isCa);
    QCOMPARE(info->subjectCommonName, u"Flotilla Console CA"_s);
    QCOMPARE(info->issuerCommonName, u"Flotilla Console CA"_s);
    QVERIFY(info->dnsNames.isEmpty());
    QVERIFY(info->extendedKeyUsages.isEmpty());
    QCOMPARE(info->publicKeyId, key->publicKey().keyId());
    // Validity starts one hour back (clock skew) and runs validDays from now.
    QCOMPARE(info->notBefore.timeSpec(), Qt::UTC);
    const qint64 skew = info->notBefore.secsTo(before);
    QVERIFY2(skew >= 3600 - 5 && skew <= 3600 + 300, qPrintable(QString::number(skew)));
    QCOMPARE(info->notBefore.secsTo(info->notAfter), qint64(3650) * 86400 + 3600);
    // A random positive serial of up to 128 bits, different every time.
    QVERIFY(!info->serialNumber.isEmpty() && info->serialNumber.size() <= 32);
    QVERIFY(!info->serialNumber.startsWith(u'-'));
    const flotilla::Result<QByteArray> again = createCaCertificate(*key, u"Flotilla Console CA"_s, 3650);
    QVERIFY(again.ok());
    QVERIFY(inspectCertificate(*again)->serialNumber != info->serialNumber);

    // A self-signed CA verifies against itself.
    QVERIFY(verifyCertificate(*pem, *pem, QDateTime::currentDateTimeUtc()));

    FLOTILLA_REQUIRE_OPENSSL_CLI();
    QVERIFY(m_dir.isValid());
    const QString file = path(u"ca-%1.pem"_s.arg(int(type)));
    QVERIFY(writeBytes(file, *pem));
    const CliResult text = runOpenssl({u"x509"_s, u"-in"_s, file, u"-noout"_s, u"-text"_s});
    QVERIFY2(text.ok(), text.err.constData());
    QVERIFY(text.out.contains("X509v3 Basic Constraints: critical\n                CA:TRUE"));
    QVERIFY(text.out.contains("X509v3 Key Usage: critical\n                Certificate Sign, CRL Sign"));
    QVERIFY(text.out.contains("X509v3 Subject Key Identifier"));
    QVERIFY(text.out.contains("Version: 3 (0x2)"));
    QVERIFY(text.out.contains(type == KeyType::EcP256 ? "Signature Algorithm: ecdsa-with-SHA256"
                                                      : "Signature Algorithm: ED25519"));
    const CliResult verify = runOpenssl({u"verify"_s, u"-CAfile"_s, file, file});
    QVERIFY2(verify.ok(), verify.out.constData());
}

void TestCryptoCertificates::serverCertificate_data()
{
    QTest::addColumn<KeyType>("caType");
    QTest::addColumn<KeyType>("serverType");
    QTest::newRow("P-256 CA, P-256 server") << KeyType::EcP256 << KeyType::EcP256;
    QTest::newRow("Ed25519 CA, P-256 server") << KeyType::Ed25519 << KeyType::EcP256;
    QTest::newRow("P-256 CA, Ed25519 server") << KeyType::EcP256 << KeyType::Ed25519;
}

void TestCryptoCertificates::serverCertificate()
{
    QFETCH(KeyType, caType);
    QFETCH(KeyType, serverType);
    const flotilla::Result<Pki> pki = makePki(caType, serverType);
    QVERIFY2(pki.ok(), qPrintable(pki.errorString()));

    QVERIFY(verifyCertificate(pki->serverPem, pki->caPem, QDateTime::currentDateTimeUtc()));
    const flotilla::Status status = checkCertificate(pki->serverPem, pki->caPem, QDateTime());
    QVERIFY2(status.ok(), qPrintable(status.errorString()));

    const flotilla::Result<CertificateInfo> info = inspectCertificate(pki->serverPem);
    QVERIFY2(info.ok(), qPrintable(info.errorString()));
    QVERIFY(!info->isCa);
    QCOMPARE(info->subjectCommonName, u"flotilla.local"_s);
    QCOMPARE(info->issuerCommonName, u"Flotilla Test CA"_s);
    QCOMPARE(info->dnsNames, (QStringList{u"localhost"_s, u"flotilla.local"_s, u"*.fleet.example"_s}));
    QCOMPARE(info->ipAddresses, (QStringList{u"127.0.0.1"_s, u"::1"_s, u"2001:db8::7"_s}));
    QCOMPARE(info->extendedKeyUsages, QStringList{u"serverAuth"_s});
    QCOMPARE(info->publicKeyId, pki->serverKey.publicKey().keyId());
    QCOMPARE(info->notBefore.secsTo(info->notAfter), qint64(ValidDays) * 86400 + 3600);
    QCOMPARE(info->sha256Fingerprint, certificateFingerprint(pki->serverPem).value());
}

void TestCryptoCertificates::serverCertificateWithOpensslCli_data()
{
    serverCertificate_data();
}

void TestCryptoCertificates::serverCertificateWithOpensslCli()
{
    FLOTILLA_REQUIRE_OPENSSL_CLI();
    QFETCH(KeyType, caType);
    QFETCH(KeyType, serverType);
    QVERIFY(m_dir.isValid());
    const flotilla::Result<Pki> pki = makePki(caType, serverType);
    QVERIFY2(pki.ok(), qPrintable(pki.errorString()));
    const QString tag = QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'_').remove(u',');
    const QString caFile = path(tag + u"-ca.pem"_s);
    const QString serverFile = path(tag + u"-server.pem"_s);
    QVERIFY(writeBytes(caFile, pki->caPem));
    QVERIFY(writeBytes(serverFile, pki->serverPem));

    // openssl's own chain building, purpose, host name and IP checks all accept the certificate.
    const QStringList base = {u"verify"_s, u"-x509_strict"_s, u"-purpose"_s, u"sslserver"_s, u"-CAfile"_s, caFile};
    for (const QStringList &extra :
         {QStringList{}, QStringList{u"-verify_hostname"_s, u"localhost"_s},
          QStringList{u"-verify_hostname"_s, u"vehicle.fleet.example"_s}, QStringList{u"-verify_ip"_s, u"127.0.0.1"_s},
          QStringList{u"-verify_ip"_s, u"::1"_s}, QStringList{u"-verify_ip"_s, u"2001:db8:0:0::7"_s}}) {
        const CliResult result = runOpenssl(base + extra + QStringList{serverFile});
        QVERIFY2(result.ok(), qPrintable(extra.join(u' ') + u": "_s + QString::fromUtf8(result.out + result.err)));
        QVERIFY(result.out.contains(": OK"));
    }
    // ...and the checks are real: a name or address not in the SANs and the wrong purpose fail.
    for (const QStringList &extra :
         {QStringList{u"-verify_hostname"_s, u"evil.example"_s}, QStringList{u"-verify_ip"_s, u"10.0.0.1"_s}}) {
        QVERIFY2(!runOpenssl(base + extra + QStringList{serverFile}).ok(), qPrintable(extra.join(u' ')));
    }
    QVERIFY(!runOpenssl({u"verify"_s, u"-purpose"_s, u"sslclient"_s, u"-CAfile"_s, caFile, serverFile}).ok());

    const CliResult text = runOpenssl({u"x509"_s, u"-in"_s, serverFile, u"-noout"_s, u"-text"_s});
    QVERIFY2(text.ok(), text.err.constData());
    QVERIFY(text.out.contains("X509v3 Basic Constraints: critical\n                CA:FALSE"));
    QVERIFY(text.out.contains("X509v3 Key Usage: critical\n                Digital Signature"));
    QVERIFY(text.out.contains("TLS Web Server Authentication"));
    QVERIFY(text.out.contains("X509v3 Authority Key Identifier"));
}

void TestCryptoCertificates::ipAddressForms_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("readBack"); // RFC 5952 canonical text for IPv6
    QTest::newRow("IPv4") << u"192.168.0.10"_s << u"192.168.0.10"_s;
    QTest::newRow("IPv6 loopback") << u"::1"_s << u"::1"_s;
    QTest::newRow("IPv6 long form") << u"2001:0DB8:0000:0000:0000:0000:0000:0001"_s << u"2001:db8::1"_s;
    QTest::newRow("IPv6 longest zero run wins") << u"2001:0:0:1:0:0:0:1"_s << u"2001:0:0:1::1"_s;
    QTest::newRow("IPv6 single zero group kept") << u"2001:db8:0:1:1:1:1:1"_s << u"2001:db8:0:1:1:1:1:1"_s;
    QTest::newRow("IPv6 all zero") << u"::"_s << u"::"_s;
    QTest::newRow("IPv6 trailing zeros") << u"fe80::"_s << u"fe80::"_s;
    QTest::newRow("IPv4-mapped IPv6") << u"::ffff:10.0.0.1"_s << u"::ffff:10.0.0.1"_s;
}

void TestCryptoCertificates::ipAddressForms()
{
    QFETCH(QString, input);
    QFETCH(QString, readBack);
    const flotilla::Result<PrivateKey> caKey = PrivateKey::generate(KeyType::EcP256);
    QVERIFY(caKey.ok());
    const QByteArray caPem = createCaCertificate(*caKey, u"CA"_s, 30).value();
    const flotilla::Result<QByteArray> pem =
        issueServerCertificate(*caKey, caPem, caKey->publicKey(), u"server"_s, {}, {input}, 30);
    QVERIFY2(pem.ok(), qPrintable(pem.errorString()));
    QCOMPARE(inspectCertificate(*pem)->ipAddresses, QStringList{readBack});
}

void TestCryptoCertificates::badSubjectAltNames_data()
{
    QTest::addColumn<QStringList>("dnsNames");
    QTest::addColumn<QStringList>("ipAddresses");
    QTest::newRow("nothing") << QStringList() << QStringList();
    QTest::newRow("space in name") << QStringList{u"bad name"_s} << QStringList();
    QTest::newRow("comma injection") << QStringList{u"a.example,IP:1.2.3.4"_s} << QStringList();
    QTest::newRow("empty label") << QStringList{u"a..example"_s} << QStringList();
    QTest::newRow("empty name") << QStringList{QString()} << QStringList();
    QTest::newRow("non-ASCII name") << QStringList{u"b\u00fccher.example"_s} << QStringList();
    QTest::newRow("IPv4 out of range") << QStringList{u"ok.example"_s} << QStringList{u"300.1.1.1"_s};
    QTest::newRow("not an address") << QStringList() << QStringList{u"localhost"_s};
    QTest::newRow("IPv6 too many groups") << QStringList() << QStringList{u"1:2:3:4:5:6:7:8:9"_s};
}

void TestCryptoCertificates::badSubjectAltNames()
{
    QFETCH(QStringList, dnsNames);
    QFETCH(QStringList, ipAddresses);
    const flotilla::Result<PrivateKey> caKey = PrivateKey::generate(KeyType::EcP256);
    QVERIFY(caKey.ok());
    const QByteArray caPem = createCaCertificate(*caKey, u"CA"_s, 30).value();
    const flotilla::Result<QByteArray> pem =
        issueServerCertificate(*caKey, caPem, caKey->publicKey(), u"server"_s, dnsNames, ipAddresses, 30);
    QVERIFY(!pem.ok());
    QVERIFY(!pem.errorString().isEmpty());
    QCOMPARE(ERR_peek_error(), 0UL);
}

void TestCryptoCertificates::otherCaDoesNotVerify()
{
    const flotilla::Result<Pki> ours = makePki(KeyType::EcP256, KeyType::EcP256);
    // Same common name on purpose: trust must follow the key, not the name.
    const flotilla::Result<Pki> theirs = makePki(KeyType::EcP256, KeyType::EcP256);
    QVERIFY(ours.ok() && theirs.ok());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QVERIFY(verifyCertificate(ours->serverPem, ours->caPem, now));
    QVERIFY(verifyCertificate(theirs->serverPem, theirs->caPem, now));
    QVERIFY(!verifyCertificate(theirs->serverPem, ours->caPem, now));
    QVERIFY(!verifyCertificate(ours->serverPem, theirs->caPem, now));
    const flotilla::Status status = checkCertificate(theirs->serverPem, ours->caPem, now);
    QVERIFY(!status.ok());
    QVERIFY2(status.errorString().contains(u"signature"_s) || status.errorString().contains(u"issuer"_s),
             qPrintable(status.errorString()));
    // A leaf is not a trust anchor for itself, and a leaf cannot stand in for the CA.
    QVERIFY(!verifyCertificate(ours->serverPem, ours->serverPem, now));
    QCOMPARE(ERR_peek_error(), 0UL);
}

void TestCryptoCertificates::validityWindow()
{
    const flotilla::Result<Pki> pki = makePki(KeyType::EcP256, KeyType::EcP256);
    QVERIFY(pki.ok());
    const CertificateInfo info = inspectCertificate(pki->serverPem).value();

    QVERIFY(verifyCertificate(pki->serverPem, pki->caPem, info.notBefore.addSecs(1)));
    QVERIFY(verifyCertificate(pki->serverPem, pki->caPem, info.notAfter.addSecs(-1)));
    // Issued "now" but valid from an hour ago: a peer 30 minutes behind accepts it.
    QVERIFY(verifyCertificate(pki->serverPem, pki->caPem, QDateTime::currentDateTimeUtc().addSecs(-1800)));

    const flotilla::Status expired = checkCertificate(pki->serverPem, pki->caPem, info.notAfter.addDays(1));
    QVERIFY(!expired.ok());
    QVERIFY2(expired.errorString().contains(u"expired"_s), qPrintable(expired.errorString()));
    QVERIFY(!verifyCertificate(pki->serverPem, pki->caPem, info.notAfter.addSecs(61)));

    const flotilla::Status early = checkCertificate(pki->serverPem, pki->caPem, info.notBefore.addSecs(-61));
    QVERIFY(!early.ok());
    QVERIFY2(early.errorString().contains(u"not yet valid"_s), qPrintable(early.errorString()));

    QVERIFY(!createCaCertificate(pki->caKey, u"CA"_s, 0).ok());
    QVERIFY(
        !issueServerCertificate(pki->caKey, pki->caPem, pki->serverKey.publicKey(), u"s"_s, {u"s.example"_s}, {}, -1)
             .ok());
}

void TestCryptoCertificates::issuerChecks()
{
    const flotilla::Result<Pki> pki = makePki(KeyType::EcP256, KeyType::EcP256);
    QVERIFY(pki.ok());
    const PublicKey serverPublic = pki->serverKey.publicKey();

    // The CA key must belong to the CA certificate.
    const flotilla::Result<QByteArray> wrongKey =
        issueServerCertificate(pki->serverKey, pki->caPem, serverPublic, u"s"_s, {u"s.example"_s}, {}, 30);
    QVERIFY(!wrongKey.ok());
    QVERIFY2(wrongKey.errorString().contains(u"does not belong"_s), qPrintable(wrongKey.errorString()));
    // A leaf certificate cannot issue, even with its own key.
    const flotilla::Result<QByteArray> fromLeaf =
        issueServerCertificate(pki->serverKey, pki->serverPem, serverPublic, u"s"_s, {u"s.example"_s}, {}, 30);
    QVERIFY(!fromLeaf.ok());
    QVERIFY2(fromLeaf.errorString().contains(u"not a CA"_s), qPrintable(fromLeaf.errorString()));
    // Null keys and names.
    QVERIFY(!createCaCertificate(PrivateKey(), u"CA"_s, 30).ok());
    QVERIFY(!issueServerCertificate(pki->caKey, pki->caPem, PublicKey(), u"s"_s, {u"s.example"_s}, {}, 30).ok());
    QVERIFY(!createCaCertificate(pki->caKey, QString(), 30).ok());
    QVERIFY(!createCaCertificate(pki->caKey, QString(65, u'x'), 30).ok()); // X.520 limit is 64
    QVERIFY(createCaCertificate(pki->caKey, QString(64, u'x'), 30).ok());
    QVERIFY(!createCertificateRequest(PrivateKey(), Vin).ok());
    QCOMPARE(ERR_peek_error(), 0UL);
}

void TestCryptoCertificates::clientCertificateFromCsr_data()
{
    QTest::addColumn<KeyType>("vehicleKeyType");
    QTest::newRow("P-256 vehicle key") << KeyType::EcP256;
    QTest::newRow("Ed25519 vehicle key") << KeyType::Ed25519;
}

void TestCryptoCertificates::clientCertificateFromCsr()
{
    QFETCH(KeyType, vehicleKeyType);
    const flotilla::Result<Pki> pki = makePki(KeyType::EcP256, KeyType::EcP256);
    QVERIFY(pki.ok());
    const flotilla::Result<PrivateKey> vehicleKey = PrivateKey::generate(vehicleKeyType);
    QVERIFY(vehicleKey.ok());

    // The vehicle asks for a name of its choosing; the console puts the VIN it trusts instead.
    const flotilla::Result<QByteArray> csr = createCertificateRequest(*vehicleKey, u"i-am-the-admin"_s);
    QVERIFY2(csr.ok(), qPrintable(csr.errorString()));
    QVERIFY(csr->startsWith("-----BEGIN CERTIFICATE REQUEST-----"));
    const flotilla::Result<QByteArray> issued = issueClientCertificate(pki->caKey, pki->caPem, *csr, Vin, 365);
    QVERIFY2(issued.ok(), qPrintable(issued.errorString()));

    const flotilla::Result<CertificateInfo> info = inspectCertificate(*issued);
    QVERIFY2(info.ok(), qPrintable(info.errorString()));
    QCOMPARE(info->subjectCommonName, Vin);
    QCOMPARE(info->issuerCommonName, u"Flotilla Test CA"_s);
    QCOMPARE(info->extendedKeyUsages, QStringList{u"clientAuth"_s});
    QVERIFY(!info->isCa);
    QVERIFY(info->dnsNames.isEmpty() && info->ipAddresses.isEmpty());
    QCOMPARE(info->publicKeyId, vehicleKey->publicKey().keyId()); // the requester's key, certified
    QVERIFY(verifyCertificate(*issued, pki->caPem, QDateTime::currentDateTimeUtc()));

    FLOTILLA_REQUIRE_OPENSSL_CLI();
    QVERIFY(m_dir.isValid());
    const QString tag = QString::number(int(vehicleKeyType));
    QVERIFY(writeBytes(path(u"csr-%1.pem"_s.arg(tag)), *csr));
    QVERIFY(writeBytes(path(u"client-ca-%1.pem"_s.arg(tag)), pki->caPem));
    QVERIFY(writeBytes(path(u"client-%1.pem"_s.arg(tag)), *issued));
    const CliResult request =
        runOpenssl({u"req"_s, u"-in"_s, path(u"csr-%1.pem"_s.arg(tag)), u"-verify"_s, u"-noout"_s, u"-subject"_s});
    QVERIFY2(request.ok(), request.err.constData());
    QVERIFY(request.out.contains("CN = i-am-the-admin"));
    const CliResult verify = runOpenssl({u"verify"_s, u"-x509_strict"_s, u"-purpose"_s, u"sslclient"_s, u"-CAfile"_s,
                                         path(u"client-ca-%1.pem"_s.arg(tag)), path(u"client-%1.pem"_s.arg(tag))});
    QVERIFY2(verify.ok(), QByteArray(verify.out + verify.err).constData());
}

void TestCryptoCertificates::brokenCsrIsRefused()
{
    const flotilla::Result<Pki> pki = makePki(KeyType::EcP256, KeyType::EcP256);
    QVERIFY(pki.ok());
    const flotilla::Result<PrivateKey> vehicleKey = PrivateKey::generate(KeyType::EcP256);
    QVERIFY(vehicleKey.ok());
    const QByteArray csr = createCertificateRequest(*vehicleKey, u"requested-cn"_s).value();
    QVERIFY(issueClientCertificate(pki->caKey, pki->caPem, csr, Vin, 365).ok());
    const QByteArray der = toDer(csr);
    QVERIFY(!der.isEmpty());

    // 1. A flipped bit in the signature value (the last bytes of the DER).
    QByteArray badSignature = der;
    badSignature[badSignature.size() - 1] = static_cast<char>(badSignature.back() ^ 0x01);
    const flotilla::Result<QByteArray> refused =
        issueClientCertificate(pki->caKey, pki->caPem, toPem(badSignature, "CERTIFICATE REQUEST"), Vin, 365);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.errorString().contains(u"signature"_s), qPrintable(refused.errorString()));
    QCOMPARE(ERR_peek_error(), 0UL);

    // 2. The signed content changed after signing (same length, so the DER stays well-formed).
    QByteArray tampered = der;
    const qsizetype at = tampered.indexOf("requested-cn");
    QVERIFY(at > 0);
    tampered[at + 11] = 'm';
    QVERIFY(!issueClientCertificate(pki->caKey, pki->caPem, toPem(tampered, "CERTIFICATE REQUEST"), Vin, 365).ok());

    // 3. A request signed by a different key than the one it carries.
    const flotilla::Result<PrivateKey> otherKey = PrivateKey::generate(KeyType::EcP256);
    QVERIFY(otherKey.ok());
    const QByteArray otherDer = toDer(createCertificateRequest(*otherKey, u"requested-cn"_s).value());
    // Same layout (same curve, same name): swap the public keys, keep the original signature.
    const QByteArray ourPoint = vehicleKey->publicKey().toDer().right(65);
    const QByteArray theirPoint = otherKey->publicKey().toDer().right(65);
    QByteArray swapped = otherDer;
    const qsizetype pointAt = swapped.indexOf(theirPoint);
    QVERIFY(pointAt > 0);
    swapped.replace(pointAt, 65, ourPoint);
    QVERIFY(!issueClientCertificate(pki->caKey, pki->caPem, toPem(swapped, "CERTIFICATE REQUEST"), Vin, 365).ok());

    // 4. Not a request at all.
    QVERIFY(!issueClientCertificate(pki->caKey, pki->caPem, "garbage", Vin, 365).ok());
    QVERIFY(!issueClientCertificate(pki->caKey, pki->caPem, pki->serverPem, Vin, 365).ok());
    QCOMPARE(ERR_peek_error(), 0UL);
}

void TestCryptoCertificates::fingerprintsMatchCli()
{
    FLOTILLA_REQUIRE_OPENSSL_CLI();
    QVERIFY(m_dir.isValid());
    const flotilla::Result<Pki> pki = makePki(KeyType::EcP256, KeyType::EcP256);
    QVERIFY(pki.ok());
    for (const QByteArray &pem : {pki->caPem, pki->serverPem, flotilla::test::tlsFixture().caPem}) {
        QVERIFY(writeBytes(path(u"fp.pem"_s), pem));
        const CliResult result =
            runOpenssl({u"x509"_s, u"-in"_s, path(u"fp.pem"_s), u"-noout"_s, u"-fingerprint"_s, u"-sha256"_s});
        QVERIFY2(result.ok(), result.err.constData());
        // "sha256 Fingerprint=AB:CD:..." (the label's case differs between OpenSSL versions)
        const QByteArray line = result.out.trimmed();
        const QString expected = QString::fromLatin1(line.mid(line.indexOf('=') + 1)).remove(u':').toLower();
        QCOMPARE(expected.size(), 64);
        QCOMPARE(certificateFingerprint(pem).value(), expected);
        QCOMPARE(inspectCertificate(pem)->sha256Fingerprint, expected);

        // DER input gives the same fingerprint, which is simply SHA-256 of the DER bytes.
        const CliResult der = runOpenssl({u"x509"_s, u"-in"_s, path(u"fp.pem"_s), u"-outform"_s, u"DER"_s});
        QVERIFY2(der.ok(), der.err.constData());
        QCOMPARE(certificateFingerprint(der.out).value(), expected);
        QCOMPARE(Hasher::hexHash(der.out, HashAlgorithm::Sha256), expected);
    }
}

void TestCryptoCertificates::opensslMadeFixturesInterop()
{
    const auto &fixture = flotilla::test::tlsFixture();
    QVERIFY(!fixture.caPem.isEmpty());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QVERIFY(verifyCertificate(fixture.serverPem, fixture.caPem, now));
    QVERIFY(verifyCertificate(fixture.clientPem, fixture.caPem, now));
    QVERIFY(verifyCertificate(fixture.otherServerPem, fixture.otherCaPem, now));
    QVERIFY(!verifyCertificate(fixture.otherServerPem, fixture.caPem, now));
    QVERIFY(!verifyCertificate(fixture.serverPem, fixture.otherCaPem, now));

    const CertificateInfo server = inspectCertificate(fixture.serverPem).value();
    QCOMPARE(server.subjectCommonName, u"localhost"_s);
    QCOMPARE(server.dnsNames, QStringList{u"localhost"_s});
    QCOMPARE(server.ipAddresses, (QStringList{u"127.0.0.1"_s, u"::1"_s}));
    QCOMPARE(server.extendedKeyUsages, QStringList{u"serverAuth"_s});
    QVERIFY(inspectCertificate(fixture.caPem)->isCa);

    // Our issuing code accepts an openssl-made CA (its key and certificate) as issuer.
    const flotilla::Result<PrivateKey> caKey = PrivateKey::fromPem(fixture.caKeyPem);
    QVERIFY(caKey.ok());
    const flotilla::Result<PrivateKey> serverKey = PrivateKey::generate(KeyType::EcP256);
    QVERIFY(serverKey.ok());
    const flotilla::Result<QByteArray> issued = issueServerCertificate(
        *caKey, fixture.caPem, serverKey->publicKey(), u"localhost"_s, {u"localhost"_s}, {u"127.0.0.1"_s}, 30);
    QVERIFY2(issued.ok(), qPrintable(issued.errorString()));
    QVERIFY(verifyCertificate(*issued, fixture.caPem, now));
}

void TestCryptoCertificates::badInput()
{
    ERR_clear_error();
    QVERIFY(!inspectCertificate("").ok());
    QVERIFY(!inspectCertificate("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n").ok());
    QCOMPARE(ERR_peek_error(), 0UL);
    const flotilla::Result<QString> fingerprint = certificateFingerprint("definitely not DER");
    QVERIFY(!fingerprint.ok());
    QVERIFY(!fingerprint.errorString().isEmpty());
    QCOMPARE(ERR_peek_error(), 0UL);
    QVERIFY(!verifyCertificate("", "", QDateTime::currentDateTimeUtc()));
    QVERIFY(!checkCertificate(flotilla::test::tlsFixture().serverPem, "junk", QDateTime()).ok());
    QCOMPARE(ERR_peek_error(), 0UL);
    // DER with trailing bytes is refused (one certificate, one encoding, one fingerprint).
    const QByteArray der = toDer(flotilla::test::tlsFixture().caPem);
    QVERIFY(certificateFingerprint(der).ok());
    QVERIFY(!certificateFingerprint(QByteArray(der + '\0')).ok());
}

QTEST_GUILESS_MAIN(TestCryptoCertificates)
#include "tst_crypto_certificates.moc"
