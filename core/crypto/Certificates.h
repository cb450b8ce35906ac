#pragma once

#include "core/Result.h"
#include "core/crypto/Keys.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>

// X.509 for the console's own PKI: a local CA made on first run, the server certificate it issues
// (ECDSA P-256), and client certificates for vehicles that send a CSR (optional mutual TLS).
namespace flotilla::crypto {

struct CertificateInfo
{
    QString subjectCommonName;
    QString issuerCommonName;
    QDateTime notBefore;
    QDateTime notAfter;
    QStringList dnsNames;
    QStringList ipAddresses;
    QString sha256Fingerprint; // lowercase hex SHA-256 of the DER certificate
    bool isCa = false;
    QStringList extendedKeyUsages; // OpenSSL short names: "serverAuth", "clientAuth", ...
    QString serialNumber;          // lowercase hex, no leading zeros
    QString publicKeyId;           // PublicKey::keyId() of the subject key (PROTOCOL.md §6.1)
};

Result<CertificateInfo> inspectCertificate(QByteArrayView pem);
// Lowercase hex SHA-256 of the DER encoding of a PEM or DER certificate.
Result<QString> certificateFingerprint(QByteArrayView pemOrDer);

// Self-signed CA certificate (basicConstraints CA:TRUE, keyUsage keyCertSign+cRLSign).
Result<QByteArray> createCaCertificate(const PrivateKey &caKey, const QString &commonName, int validDays);

// TLS server certificate issued by the CA: serverAuth, SANs from dnsNames and ipAddresses.
Result<QByteArray> issueServerCertificate(const PrivateKey &caKey, QByteArrayView caCertificatePem,
                                          const PublicKey &serverKey, const QString &commonName,
                                          const QStringList &dnsNames, const QStringList &ipAddresses, int validDays);

// A PEM PKCS#10 request signed by its own key (checked); the issued certificate has clientAuth and
// the subject CN given here (the VIN), not the one the requester asked for.
Result<QByteArray> issueClientCertificate(const PrivateKey &caKey, QByteArrayView caCertificatePem,
                                          QByteArrayView csrPem, const QString &commonName, int validDays);

// A PEM PKCS#10 request for key with subject CN (the agent side of optional mutual TLS).
Result<QByteArray> createCertificateRequest(const PrivateKey &key, const QString &commonName);

// True when certificatePem chains to caCertificatePem and is valid at the given time.
bool verifyCertificate(QByteArrayView certificatePem, QByteArrayView caCertificatePem, const QDateTime &at);
// The same check, saying why it failed (e.g. "certificate has expired"), for logs and the UI.
// Only caCertificatePem is trusted (never the system store); an invalid `at` means now.
Status checkCertificate(QByteArrayView certificatePem, QByteArrayView caCertificatePem, const QDateTime &at);

} // namespace flotilla::crypto
