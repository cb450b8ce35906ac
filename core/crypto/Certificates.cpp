#include "core/crypto/Certificates.h"

#include "core/crypto/Hash.h"
#include "core/crypto/OpenSslError.h"
#include "core/crypto/OpenSslPtr.h"

#include <openssl/asn1.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <array>
#include <climits>
#include <ctime>

using namespace Qt::StringLiterals;

namespace flotilla::crypto {

namespace {

using detail::openSslError;

// Certificates start one hour in the past so that a peer whose clock is a little behind ours
// does not reject a certificate made a moment ago as "not yet valid".
constexpr long ClockSkewSeconds = 3600;
constexpr int SerialBytes = 16; // RFC 5280 allows up to 20 octets; 128 random bits is plenty

int noPassword(char *, int, int, void *)
{
    return 0;
}

// X509_sign and friends want SHA-256 for ECDSA and no digest at all for PureEdDSA.
const EVP_MD *signingDigest(const EVP_PKEY *key)
{
    return EVP_PKEY_get_base_id(key) == EVP_PKEY_ED25519 ? nullptr : EVP_sha256();
}

Status checkSigningKey(const PrivateKey &key, const QString &role)
{
    if (key.isNull())
        return Error(role + u" key is null"_s);
    if (key.type() == KeyType::Other)
        return Error(role + u" key must be Ed25519 or EC P-256"_s);
    return {};
}

bool looksLikePem(QByteArrayView data)
{
    return data.trimmed().startsWith("-----BEGIN");
}

Result<detail::X509Ptr> loadCertificate(QByteArrayView pemOrDer)
{
    if (pemOrDer.isEmpty())
        return Error(u"certificate is empty"_s);
    if (looksLikePem(pemOrDer)) {
        detail::BioPtr bio(detail::newMemoryBio(pemOrDer));
        if (!bio)
            return Error(u"certificate PEM is too large"_s);
        detail::X509Ptr certificate(PEM_read_bio_X509(bio.get(), nullptr, noPassword, nullptr));
        if (!certificate)
            return openSslError(u"cannot read PEM certificate"_s);
        return certificate;
    }
    if (pemOrDer.size() > LONG_MAX)
        return Error(u"certificate DER is too large"_s);
    const unsigned char *cursor = detail::bytesOf(pemOrDer);
    detail::X509Ptr certificate(d2i_X509(nullptr, &cursor, static_cast<long>(pemOrDer.size())));
    if (!certificate)
        return openSslError(u"cannot read DER certificate"_s);
    if (cursor != detail::bytesOf(pemOrDer) + pemOrDer.size())
        return Error(u"trailing bytes after the DER certificate"_s);
    return certificate;
}

Result<QByteArray> certificatePem(X509 *certificate)
{
    detail::BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509(bio.get(), certificate) != 1)
        return openSslError(u"cannot encode certificate as PEM"_s);
    return detail::bioContents(bio.get());
}

QString commonNameOf(const X509_NAME *name)
{
    const int index = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
    if (index < 0)
        return {};
    const ASN1_STRING *data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
    unsigned char *utf8 = nullptr;
    const int length = ASN1_STRING_to_UTF8(&utf8, data);
    if (length < 0)
        return {};
    QString text = QString::fromUtf8(reinterpret_cast<const char *>(utf8), length);
    OPENSSL_free(utf8);
    return text;
}

Result<detail::X509NamePtr> commonNameSubject(const QString &commonName)
{
    if (commonName.isEmpty())
        return Error(u"common name is empty"_s);
    const QByteArray utf8 = commonName.toUtf8();
    detail::X509NamePtr name(X509_NAME_new());
    // OpenSSL enforces the X.520 upper bound (64 characters) here.
    if (!name || X509_NAME_add_entry_by_NID(name.get(), NID_commonName, MBSTRING_UTF8, detail::bytesOf(utf8),
                                            static_cast<int>(utf8.size()), -1, 0) != 1)
        return openSslError(u"invalid common name \"%1\""_s.arg(commonName));
    return name;
}

QDateTime toDateTime(const ASN1_TIME *time)
{
    std::tm parts{};
    if (!time || ASN1_TIME_to_tm(time, &parts) != 1)
        return {};
    return QDateTime(QDate(parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday),
                     QTime(parts.tm_hour, parts.tm_min, parts.tm_sec), Qt::UTC);
}

// Host names as RFC 5280 wants them in a dNSName: LDH labels, an optional leading "*." wildcard.
// Checked here because a stray character would otherwise only show up as a handshake failure.
bool isValidDnsName(const QString &name)
{
    if (name.isEmpty() || name.size() > 253)
        return false;
    QStringView rest(name);
    if (rest.startsWith(u"*."))
        rest = rest.mid(2);
    const auto labels = rest.split(u'.');
    for (const QStringView label : labels) {
        if (label.isEmpty() || label.size() > 63 || label.startsWith(u'-') || label.endsWith(u'-'))
            return false;
        for (const QChar c : label) {
            const char16_t u = c.unicode();
            const bool ok =
                (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') || u == u'-';
            if (!ok)
                return false;
        }
    }
    return true;
}

// RFC 5952 text form: lowercase, leading zeros dropped, the longest run (2+) of zero groups as "::",
// IPv4-mapped addresses as ::ffff:a.b.c.d (section 5).
QString formatIpv6(const unsigned char *bytes)
{
    static constexpr unsigned char mappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::equal(std::begin(mappedPrefix), std::end(mappedPrefix), bytes))
        return u"::ffff:%1.%2.%3.%4"_s.arg(bytes[12]).arg(bytes[13]).arg(bytes[14]).arg(bytes[15]);

    std::array<unsigned, 8> groups{};
    for (int i = 0; i < 8; ++i)
        groups[i] = (unsigned(bytes[2 * i]) << 8) | bytes[2 * i + 1];
    int bestStart = -1, bestLength = 0;
    for (int i = 0; i < 8;) {
        if (groups[i] != 0) {
            ++i;
            continue;
        }
        int j = i;
        while (j < 8 && groups[j] == 0)
            ++j;
        if (j - i > bestLength && j - i >= 2) {
            bestStart = i;
            bestLength = j - i;
        }
        i = j;
    }
    QString text;
    for (int i = 0; i < 8; ++i) {
        if (i == bestStart) {
            text += u"::"_s;
            i += bestLength - 1;
            continue;
        }
        if (!text.isEmpty() && !text.endsWith(u':'))
            text += u':';
        text += QString::number(groups[i], 16);
    }
    return text;
}

QString formatIpAddress(const ASN1_OCTET_STRING *address)
{
    const unsigned char *bytes = ASN1_STRING_get0_data(address);
    switch (ASN1_STRING_length(address)) {
    case 4:
        return u"%1.%2.%3.%4"_s.arg(bytes[0]).arg(bytes[1]).arg(bytes[2]).arg(bytes[3]);
    case 16:
        return formatIpv6(bytes);
    default:
        return {};
    }
}

Result<detail::GeneralNamesPtr> subjectAltNames(const QStringList &dnsNames, const QStringList &ipAddresses)
{
    detail::GeneralNamesPtr names(GENERAL_NAMES_new());
    if (!names)
        return openSslError(u"out of memory"_s);
    const auto append = [&names](int type, ASN1_STRING *value) -> bool {
        detail::GeneralNamePtr name(GENERAL_NAME_new());
        if (!name || !value) {
            ASN1_STRING_free(value);
            return false;
        }
        GENERAL_NAME_set0_value(name.get(), type, value);
        if (sk_GENERAL_NAME_push(names.get(), name.get()) <= 0)
            return false;
        name.release(); // now owned by the stack
        return true;
    };
    for (const QString &dnsName : dnsNames) {
        if (!isValidDnsName(dnsName))
            return Error(u"not a valid DNS name for a certificate: \"%1\""_s.arg(dnsName));
        const QByteArray ascii = dnsName.toLatin1();
        ASN1_IA5STRING *value = ASN1_IA5STRING_new();
        if (value && ASN1_STRING_set(value, ascii.constData(), static_cast<int>(ascii.size())) != 1) {
            ASN1_STRING_free(value);
            value = nullptr;
        }
        if (!append(GEN_DNS, value))
            return openSslError(u"cannot add DNS name %1"_s.arg(dnsName));
    }
    for (const QString &ipAddress : ipAddresses) {
        // a2i_IPADDRESS parses dotted IPv4 and every IPv6 text form into 4 or 16 octets.
        ASN1_OCTET_STRING *value = a2i_IPADDRESS(ipAddress.trimmed().toLatin1().constData());
        if (!value) {
            detail::takeOpenSslErrors();
            return Error(u"not an IP address: \"%1\""_s.arg(ipAddress));
        }
        if (!append(GEN_IPADD, value))
            return openSslError(u"cannot add IP address %1"_s.arg(ipAddress));
    }
    return names;
}

Status addExtension(X509 *certificate, X509V3_CTX *context, int nid, const char *value)
{
    detail::X509ExtensionPtr extension(X509V3_EXT_conf_nid(nullptr, context, nid, value));
    if (!extension || X509_add_ext(certificate, extension.get(), -1) != 1)
        return openSslError(u"cannot add extension %1"_s.arg(QLatin1StringView(OBJ_nid2sn(nid))));
    return {};
}

// authorityKeyIdentifier = the issuer's subjectKeyIdentifier, or (for an issuer without one)
// the SHA-1 of its public key bits, RFC 5280 4.2.1.2 method 1. An identifier, not a security check.
Status addAuthorityKeyId(X509 *certificate, X509 *issuer)
{
    QByteArray keyId;
    if (const ASN1_OCTET_STRING *subjectKeyId = X509_get0_subject_key_id(issuer)) {
        keyId = QByteArray(reinterpret_cast<const char *>(ASN1_STRING_get0_data(subjectKeyId)),
                           ASN1_STRING_length(subjectKeyId));
    } else {
        std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
        unsigned int length = 0;
        if (X509_pubkey_digest(issuer, EVP_sha1(), digest.data(), &length) != 1)
            return openSslError(u"cannot compute the issuer key identifier"_s);
        keyId = QByteArray(reinterpret_cast<const char *>(digest.data()), static_cast<qsizetype>(length));
    }
    detail::AuthorityKeyIdPtr authorityKeyId(AUTHORITY_KEYID_new());
    if (!authorityKeyId)
        return openSslError(u"out of memory"_s);
    authorityKeyId->keyid = ASN1_OCTET_STRING_new();
    if (!authorityKeyId->keyid ||
        ASN1_OCTET_STRING_set(authorityKeyId->keyid, detail::bytesOf(keyId), static_cast<int>(keyId.size())) != 1 ||
        X509_add1_ext_i2d(certificate, NID_authority_key_identifier, authorityKeyId.get(), 0, X509V3_ADD_DEFAULT) != 1)
        return openSslError(u"cannot add authorityKeyIdentifier"_s);
    return {};
}

// Version 3, random positive serial, validity, subject, issuer and key: what every certificate
// we make has in common.
Result<detail::X509Ptr> newCertificate(const X509_NAME *subject, const X509_NAME *issuer, EVP_PKEY *subjectKey,
                                       int validDays)
{
    if (validDays <= 0)
        return Error(u"validity must be at least one day, not %1"_s.arg(validDays));
    detail::X509Ptr certificate(X509_new());
    if (!certificate || X509_set_version(certificate.get(), X509_VERSION_3) != 1)
        return openSslError(u"cannot create certificate"_s);

    const QByteArray serialBytes = randomBytes(SerialBytes);
    detail::BignumPtr serial(
        BN_bin2bn(reinterpret_cast<const unsigned char *>(serialBytes.constData()), SerialBytes, nullptr));
    if (!serial)
        return openSslError(u"cannot create serial number"_s);
    if (BN_is_zero(serial.get()))
        BN_one(serial.get()); // RFC 5280: serials are positive
    if (!BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate.get())))
        return openSslError(u"cannot set serial number"_s);

    // One reading of the clock for both ends, so the span is exactly validDays plus the skew.
    time_t now = std::time(nullptr);
    if (!X509_time_adj_ex(X509_getm_notBefore(certificate.get()), 0, -ClockSkewSeconds, &now) ||
        !X509_time_adj_ex(X509_getm_notAfter(certificate.get()), validDays, 0, &now))
        return openSslError(u"cannot set validity"_s);
    if (X509_set_subject_name(certificate.get(), subject) != 1 ||
        X509_set_issuer_name(certificate.get(), issuer) != 1 || X509_set_pubkey(certificate.get(), subjectKey) != 1)
        return openSslError(u"cannot set subject, issuer or key"_s);
    return certificate;
}

Result<QByteArray> signAndEncode(X509 *certificate, EVP_PKEY *issuerKey)
{
    if (X509_sign(certificate, issuerKey, signingDigest(issuerKey)) <= 0)
        return openSslError(u"cannot sign certificate"_s);
    return certificatePem(certificate);
}

// Loads the CA certificate and checks it can issue with caKey.
Result<detail::X509Ptr> loadIssuer(const PrivateKey &caKey, QByteArrayView caCertificatePem)
{
    if (Status ok = checkSigningKey(caKey, u"CA"_s); !ok)
        return ok.error();
    Result<detail::X509Ptr> ca = loadCertificate(caCertificatePem);
    if (!ca)
        return Error(u"CA certificate: "_s + ca.errorString());
    if (!(X509_get_extension_flags(ca->get()) & EXFLAG_CA))
        return Error(u"the issuing certificate is not a CA certificate"_s);
    if (X509_check_private_key(ca->get(), caKey.native()) != 1) {
        detail::takeOpenSslErrors();
        return Error(u"the CA key does not belong to the CA certificate"_s);
    }
    return ca;
}

// An end-entity certificate issued by the CA: CA:FALSE, digitalSignature, one extended key usage.
Result<QByteArray> issueLeaf(const PrivateKey &caKey, QByteArrayView caCertificatePem, EVP_PKEY *subjectKey,
                             const QString &commonName, const char *extendedKeyUsage, const GENERAL_NAMES *altNames,
                             int validDays)
{
    Result<detail::X509Ptr> ca = loadIssuer(caKey, caCertificatePem);
    if (!ca)
        return ca.error();
    Result<detail::X509NamePtr> subject = commonNameSubject(commonName);
    if (!subject)
        return subject.error();
    Result<detail::X509Ptr> certificate =
        newCertificate(subject->get(), X509_get_subject_name(ca->get()), subjectKey, validDays);
    if (!certificate)
        return certificate.error();
    X509 *leaf = certificate->get();

    X509V3_CTX context;
    X509V3_set_ctx(&context, ca->get(), leaf, nullptr, nullptr, 0);
    for (const auto &[nid, value] :
         {std::pair{NID_basic_constraints, "critical,CA:FALSE"}, std::pair{NID_key_usage, "critical,digitalSignature"},
          std::pair{NID_ext_key_usage, extendedKeyUsage}, std::pair{NID_subject_key_identifier, "hash"}}) {
        if (Status ok = addExtension(leaf, &context, nid, value); !ok)
            return ok.error();
    }
    if (Status ok = addAuthorityKeyId(leaf, ca->get()); !ok)
        return ok.error();
    if (altNames && sk_GENERAL_NAME_num(altNames) > 0 &&
        X509_add1_ext_i2d(leaf, NID_subject_alt_name, const_cast<GENERAL_NAMES *>(altNames), 0, X509V3_ADD_DEFAULT) !=
            1)
        return openSslError(u"cannot add subjectAltName"_s);
    return signAndEncode(leaf, caKey.native());
}

} // namespace

Result<CertificateInfo> inspectCertificate(QByteArrayView pem)
{
    detail::ErrorQueueScope errors;
    Result<detail::X509Ptr> loaded = loadCertificate(pem);
    if (!loaded)
        return loaded.error();
    X509 *certificate = loaded->get();

    CertificateInfo info;
    info.subjectCommonName = commonNameOf(X509_get_subject_name(certificate));
    info.issuerCommonName = commonNameOf(X509_get_issuer_name(certificate));
    info.notBefore = toDateTime(X509_get0_notBefore(certificate));
    info.notAfter = toDateTime(X509_get0_notAfter(certificate));
    info.isCa = (X509_get_extension_flags(certificate) & EXFLAG_CA) != 0;

    detail::GeneralNamesPtr names(
        static_cast<GENERAL_NAMES *>(X509_get_ext_d2i(certificate, NID_subject_alt_name, nullptr, nullptr)));
    for (int i = 0; names && i < sk_GENERAL_NAME_num(names.get()); ++i) {
        const GENERAL_NAME *name = sk_GENERAL_NAME_value(names.get(), i);
        if (name->type == GEN_DNS) {
            const ASN1_IA5STRING *dns = name->d.dNSName;
            info.dnsNames.append(QString::fromLatin1(reinterpret_cast<const char *>(ASN1_STRING_get0_data(dns)),
                                                     ASN1_STRING_length(dns)));
        } else if (name->type == GEN_IPADD) {
            if (const QString address = formatIpAddress(name->d.iPAddress); !address.isEmpty())
                info.ipAddresses.append(address);
        }
    }

    detail::ExtendedKeyUsagePtr usages(
        static_cast<EXTENDED_KEY_USAGE *>(X509_get_ext_d2i(certificate, NID_ext_key_usage, nullptr, nullptr)));
    for (int i = 0; usages && i < sk_ASN1_OBJECT_num(usages.get()); ++i) {
        const int nid = OBJ_obj2nid(sk_ASN1_OBJECT_value(usages.get(), i));
        if (nid != NID_undef)
            info.extendedKeyUsages.append(QString::fromLatin1(OBJ_nid2sn(nid)));
    }

    if (detail::BignumPtr serial(ASN1_INTEGER_to_BN(X509_get0_serialNumber(certificate), nullptr)); serial) {
        if (char *hex = BN_bn2hex(serial.get())) {
            info.serialNumber = QString::fromLatin1(hex).toLower();
            OPENSSL_free(hex);
        }
    }

    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (X509_digest(certificate, EVP_sha256(), digest.data(), &length) != 1)
        return openSslError(u"cannot compute certificate fingerprint"_s);
    info.sha256Fingerprint = detail::toHex(QByteArrayView(digest.data(), length));

    unsigned char *spki = nullptr;
    const int spkiLength = i2d_PUBKEY(X509_get0_pubkey(certificate), &spki);
    if (spkiLength > 0) {
        info.publicKeyId = Hasher::hexHash(QByteArrayView(spki, spkiLength), HashAlgorithm::Sha256);
        OPENSSL_free(spki);
    }
    return info;
}

Result<QString> certificateFingerprint(QByteArrayView pemOrDer)
{
    detail::ErrorQueueScope errors;
    Result<detail::X509Ptr> certificate = loadCertificate(pemOrDer);
    if (!certificate)
        return certificate.error();
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (X509_digest(certificate->get(), EVP_sha256(), digest.data(), &length) != 1)
        return openSslError(u"cannot compute certificate fingerprint"_s);
    return detail::toHex(QByteArrayView(digest.data(), length));
}

Result<QByteArray> createCaCertificate(const PrivateKey &caKey, const QString &commonName, int validDays)
{
    detail::ErrorQueueScope errors;
    if (Status ok = checkSigningKey(caKey, u"CA"_s); !ok)
        return ok.error();
    Result<detail::X509NamePtr> name = commonNameSubject(commonName);
    if (!name)
        return name.error();
    Result<detail::X509Ptr> certificate = newCertificate(name->get(), name->get(), caKey.native(), validDays);
    if (!certificate)
        return certificate.error();
    X509 *ca = certificate->get();

    X509V3_CTX context;
    X509V3_set_ctx(&context, ca, ca, nullptr, nullptr, 0);
    // pathlen:0 because this CA only ever issues end-entity certificates.
    for (const auto &[nid, value] :
         {std::pair{NID_basic_constraints, "critical,CA:TRUE,pathlen:0"},
          std::pair{NID_key_usage, "critical,keyCertSign,cRLSign"}, std::pair{NID_subject_key_identifier, "hash"}}) {
        if (Status ok = addExtension(ca, &context, nid, value); !ok)
            return ok.error();
    }
    return signAndEncode(ca, caKey.native());
}

Result<QByteArray> issueServerCertificate(const PrivateKey &caKey, QByteArrayView caCertificatePem,
                                          const PublicKey &serverKey, const QString &commonName,
                                          const QStringList &dnsNames, const QStringList &ipAddresses, int validDays)
{
    detail::ErrorQueueScope errors;
    if (serverKey.isNull() || serverKey.type() == KeyType::Other)
        return Error(u"server key must be Ed25519 or EC P-256"_s);
    if (dnsNames.isEmpty() && ipAddresses.isEmpty())
        return Error(u"a server certificate needs at least one DNS name or IP address"_s);
    Result<detail::GeneralNamesPtr> altNames = subjectAltNames(dnsNames, ipAddresses);
    if (!altNames)
        return altNames.error();
    return issueLeaf(caKey, caCertificatePem, serverKey.native(), commonName, "serverAuth", altNames->get(), validDays);
}

Result<QByteArray> issueClientCertificate(const PrivateKey &caKey, QByteArrayView caCertificatePem,
                                          QByteArrayView csrPem, const QString &commonName, int validDays)
{
    detail::ErrorQueueScope errors;
    detail::BioPtr bio(detail::newMemoryBio(csrPem));
    if (!bio)
        return Error(u"certificate request is too large"_s);
    detail::X509ReqPtr request(PEM_read_bio_X509_REQ(bio.get(), nullptr, noPassword, nullptr));
    if (!request)
        return openSslError(u"cannot read PEM certificate request"_s);
    EVP_PKEY *requestKey = X509_REQ_get0_pubkey(request.get());
    if (!requestKey || PublicKey::fromNative(requestKey).type() == KeyType::Other)
        return Error(u"certificate request key must be Ed25519 or EC P-256"_s);
    // Proof of possession: only the holder of the private key can have signed the request.
    if (X509_REQ_verify(request.get(), requestKey) != 1)
        return openSslError(u"certificate request signature does not verify"_s);
    // Everything else the requester asked for (subject, extensions) is ignored on purpose.
    return issueLeaf(caKey, caCertificatePem, requestKey, commonName, "clientAuth", nullptr, validDays);
}

Result<QByteArray> createCertificateRequest(const PrivateKey &key, const QString &commonName)
{
    detail::ErrorQueueScope errors;
    if (Status ok = checkSigningKey(key, u"request"_s); !ok)
        return ok.error();
    Result<detail::X509NamePtr> name = commonNameSubject(commonName);
    if (!name)
        return name.error();
    detail::X509ReqPtr request(X509_REQ_new());
    if (!request || X509_REQ_set_version(request.get(), X509_REQ_VERSION_1) != 1 ||
        X509_REQ_set_subject_name(request.get(), name->get()) != 1 ||
        X509_REQ_set_pubkey(request.get(), key.native()) != 1)
        return openSslError(u"cannot create certificate request"_s);
    if (X509_REQ_sign(request.get(), key.native(), signingDigest(key.native())) <= 0)
        return openSslError(u"cannot sign certificate request"_s);
    detail::BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509_REQ(bio.get(), request.get()) != 1)
        return openSslError(u"cannot encode certificate request"_s);
    return detail::bioContents(bio.get());
}

Status checkCertificate(QByteArrayView certificatePem, QByteArrayView caCertificatePem, const QDateTime &at)
{
    detail::ErrorQueueScope errors;
    Result<detail::X509Ptr> certificate = loadCertificate(certificatePem);
    if (!certificate)
        return certificate.error();
    Result<detail::X509Ptr> ca = loadCertificate(caCertificatePem);
    if (!ca)
        return Error(u"CA certificate: "_s + ca.errorString());

    detail::X509StorePtr store(X509_STORE_new());
    detail::X509StoreCtxPtr context(X509_STORE_CTX_new());
    if (!store || !context || X509_STORE_add_cert(store.get(), ca->get()) != 1 ||
        X509_STORE_CTX_init(context.get(), store.get(), certificate->get(), nullptr) != 1)
        return openSslError(u"cannot set up certificate verification"_s);
    const QDateTime when = at.isValid() ? at : QDateTime::currentDateTimeUtc();
    X509_STORE_CTX_set_time(context.get(), 0, static_cast<time_t>(when.toSecsSinceEpoch()));
    if (X509_verify_cert(context.get()) != 1) {
        const int code = X509_STORE_CTX_get_error(context.get());
        return Error(u"certificate does not verify: "_s + QString::fromUtf8(X509_verify_cert_error_string(code)), code);
    }
    return {};
}

bool verifyCertificate(QByteArrayView certificatePem, QByteArrayView caCertificatePem, const QDateTime &at)
{
    return checkCertificate(certificatePem, caCertificatePem, at).ok();
}

} // namespace flotilla::crypto
