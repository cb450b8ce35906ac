#include "server/DataDir.h"

#include "core/crypto/Certificates.h"
#include "core/crypto/Hash.h"
#include "core/crypto/Keys.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

namespace flotilla::server {

namespace {

constexpr int CaValidDays = 3650;
constexpr int ServerCertificateValidDays = 825;
constexpr int RenewBeforeDays = 30;

Status ensureDir(const QString &path, bool secret)
{
    if (!QDir().mkpath(path))
        return Error(QStringLiteral("cannot create folder %1").arg(path));
    if (secret)
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return {};
}

// True when the certificate covers every name and address and does not expire soon.
bool certificateCovers(const QByteArray &pem, const QStringList &hostNames, const QStringList &ipAddresses)
{
    const auto info = crypto::inspectCertificate(pem);
    if (!info)
        return false;
    if (info->notAfter < QDateTime::currentDateTimeUtc().addDays(RenewBeforeDays))
        return false;
    for (const QString &name : hostNames) {
        if (!info->dnsNames.contains(name, Qt::CaseInsensitive))
            return false;
    }
    for (const QString &ip : ipAddresses) {
        if (!info->ipAddresses.contains(ip))
            return false;
    }
    return true;
}

} // namespace

DataDir::DataDir(QString root)
    : m_root(std::move(root))
{}

QString DataDir::settingsPath() const
{
    return m_root + u"/flotilla.ini";
}
QString DataDir::databasePath() const
{
    return m_root + u"/flotilla.db";
}
QString DataDir::apiEndpointPath() const
{
    return m_root + u"/api-endpoint";
}
QString DataDir::caCertificatePath() const
{
    return m_root + u"/pki/ca.pem";
}
QString DataDir::caKeyPath() const
{
    return m_root + u"/pki/ca.key";
}
QString DataDir::serverCertificatePath() const
{
    return m_root + u"/pki/server.pem";
}
QString DataDir::serverKeyPath() const
{
    return m_root + u"/pki/server.key";
}
QString DataDir::signingKeyPath() const
{
    return m_root + u"/keys/signing.pem";
}
QString DataDir::signingPublicKeyPath() const
{
    return m_root + u"/keys/signing.pub.pem";
}
QString DataDir::enrollmentKeyPath() const
{
    return m_root + u"/secrets/enrollment-key";
}
QString DataDir::apiTokenPath() const
{
    return m_root + u"/secrets/api-token";
}
QString DataDir::blobsPath() const
{
    return m_root + u"/blobs";
}

Result<QByteArray> DataDir::read(const QString &path) const
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    return file.readAll();
}

Status DataDir::writeFile(const QString &path, const QByteArray &content, bool secret)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    // Restrict before any byte of a secret is written.
    if (secret)
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (file.write(content) != content.size() || !file.commit())
        return Error(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    return {};
}

QString DataDir::generateEnrollmentKey()
{
    return QString::fromLatin1(
        crypto::randomBytes(32).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString DataDir::defaultRoot()
{
    const QByteArray fromEnv = qgetenv("FLOTILLA_DATA_DIR");
    if (!fromEnv.isEmpty())
        return QString::fromLocal8Bit(fromEnv);
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + u"/flotilla";
}

Status DataDir::initialize(const QStringList &hostNames, const QStringList &ipAddresses)
{
    for (const auto &[sub, secret] : {std::pair{QString(), false},
                                      {QStringLiteral("/pki"), true},
                                      {QStringLiteral("/keys"), true},
                                      {QStringLiteral("/secrets"), true},
                                      {QStringLiteral("/blobs"), false}}) {
        if (auto status = ensureDir(m_root + sub, secret); !status)
            return status;
    }

    // The CA: made once. Losing it means every vehicle must be re-provisioned, so never replace it.
    if (!QFileInfo::exists(caKeyPath()) || !QFileInfo::exists(caCertificatePath())) {
        if (QFileInfo::exists(caKeyPath()) != QFileInfo::exists(caCertificatePath()))
            return Error(QStringLiteral("%1: CA key and certificate must both exist or both be absent").arg(m_root));
        auto caKey = crypto::PrivateKey::generate(crypto::KeyType::EcP256);
        if (!caKey)
            return caKey.error();
        auto caPem = crypto::createCaCertificate(*caKey, QStringLiteral("Flotilla Console CA"), CaValidDays);
        if (!caPem)
            return caPem.error();
        if (auto s = writeFile(caKeyPath(), caKey->toPem(), true); !s)
            return s;
        if (auto s = writeFile(caCertificatePath(), *caPem, false); !s)
            return s;
        QFile::remove(serverCertificatePath()); // a server certificate of an earlier CA is useless
    }

    auto caKeyPem = read(caKeyPath());
    auto caPem = read(caCertificatePath());
    if (!caKeyPem || !caPem)
        return Error(caKeyPem ? caPem.errorString() : caKeyPem.errorString());
    auto caKey = crypto::PrivateKey::fromPem(*caKeyPem);
    if (!caKey)
        return Error(QStringLiteral("%1: %2").arg(caKeyPath(), caKey.errorString()));

    bool issueServer = !QFileInfo::exists(serverCertificatePath()) || !QFileInfo::exists(serverKeyPath());
    if (!issueServer) {
        auto serverPem = read(serverCertificatePath());
        issueServer = !serverPem || !certificateCovers(*serverPem, hostNames, ipAddresses) ||
                      !crypto::verifyCertificate(*serverPem, *caPem, QDateTime::currentDateTimeUtc());
    }
    if (issueServer) {
        auto serverKey = crypto::PrivateKey::generate(crypto::KeyType::EcP256);
        if (!serverKey)
            return serverKey.error();
        const QString commonName = hostNames.value(0, QStringLiteral("localhost"));
        auto serverPem = crypto::issueServerCertificate(*caKey, *caPem, serverKey->publicKey(), commonName, hostNames,
                                                        ipAddresses, ServerCertificateValidDays);
        if (!serverPem)
            return serverPem.error();
        if (auto s = writeFile(serverKeyPath(), serverKey->toPem(), true); !s)
            return s;
        if (auto s = writeFile(serverCertificatePath(), *serverPem, false); !s)
            return s;
    }

    if (!QFileInfo::exists(signingKeyPath())) {
        auto signingKey = crypto::PrivateKey::generate(crypto::KeyType::Ed25519);
        if (!signingKey)
            return signingKey.error();
        if (auto s = writeFile(signingKeyPath(), signingKey->toPem(), true); !s)
            return s;
        if (auto s = writeFile(signingPublicKeyPath(), signingKey->publicKey().toPem(), false); !s)
            return s;
    }
    if (!QFileInfo::exists(enrollmentKeyPath())) {
        if (auto s = writeFile(enrollmentKeyPath(), generateEnrollmentKey().toLatin1() + '\n', true); !s)
            return s;
    }
    if (!QFileInfo::exists(apiTokenPath())) {
        if (auto s = writeFile(apiTokenPath(), crypto::newToken().toLatin1() + '\n', true); !s)
            return s;
    }
    return {};
}

} // namespace flotilla::server
