#include "core/crypto/Tls.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <memory>
#include <vector>

namespace flotilla::crypto {

using namespace Qt::StringLiterals;

namespace {

struct BioFree
{
    void operator()(BIO *bio) const { BIO_free(bio); }
};
struct X509Free
{
    void operator()(X509 *cert) const { X509_free(cert); }
};
struct PkeyFree
{
    void operator()(EVP_PKEY *key) const { EVP_PKEY_free(key); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;

// Drains OpenSSL's per-thread error queue into one message. Draining matters beyond the message:
// a stale entry left on an Asio thread would be misread by the next SSL_get_error there.
QString opensslErrors(const char *what)
{
    QString message = QString::fromLatin1(what);
    unsigned long code = 0;
    bool first = true;
    while ((code = ERR_get_error()) != 0) {
        char text[256];
        ERR_error_string_n(code, text, sizeof text);
        message += first ? u": "_s : u"; "_s;
        message += QString::fromLatin1(text);
        first = false;
    }
    return message;
}

Error tlsError(const char *what)
{
    return Error(opensslErrors(what));
}

// Never prompt on a terminal for an encrypted key: fail instead.
int noPassword(char *, int, int, void *)
{
    return 0;
}

BioPtr memoryBio(QByteArrayView pem)
{
    return BioPtr(BIO_new_mem_buf(pem.data(), int(pem.size())));
}

std::vector<X509Ptr> readCertificates(QByteArrayView pem)
{
    std::vector<X509Ptr> certificates;
    BioPtr bio = memoryBio(pem);
    if (!bio)
        return certificates;
    while (X509 *cert = PEM_read_bio_X509(bio.get(), nullptr, noPassword, nullptr))
        certificates.emplace_back(cert);
    // The loop ends with a "no start line" error at the end of the data: not a failure.
    ERR_clear_error();
    return certificates;
}

Status applyProtocolPolicy(SSL_CTX *context)
{
    ERR_clear_error();
    if (SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION) != 1)
        return tlsError("cannot set the minimum TLS version");
    if (SSL_CTX_set_cipher_list(context, Tls12Ciphers) != 1)
        return tlsError("cannot set the TLS 1.2 cipher list");
    if (SSL_CTX_set_ciphersuites(context, Tls13Suites) != 1)
        return tlsError("cannot set the TLS 1.3 cipher suites");
    SSL_CTX_set_options(context, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
    // Tickets are OpenSSL 3's default; clear the option in case a caller's context set it.
    SSL_CTX_clear_options(context, SSL_OP_NO_TICKET);
    return {};
}

Status useCertificateAndKey(SSL_CTX *context, QByteArrayView chainPem, QByteArrayView keyPem)
{
    std::vector<X509Ptr> chain = readCertificates(chainPem);
    if (chain.empty())
        return Error(u"no certificate in the PEM data"_s);
    ERR_clear_error();
    if (SSL_CTX_use_certificate(context, chain.front().get()) != 1)
        return tlsError("cannot use the certificate");
    SSL_CTX_clear_chain_certs(context);
    for (std::size_t i = 1; i < chain.size(); ++i) {
        if (SSL_CTX_add1_chain_cert(context, chain[i].get()) != 1)
            return tlsError("cannot add an intermediate certificate");
    }
    BioPtr bio = memoryBio(keyPem);
    PkeyPtr key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, noPassword, nullptr) : nullptr);
    if (!key)
        return tlsError("cannot read the private key (encrypted keys are not supported)");
    if (SSL_CTX_use_PrivateKey(context, key.get()) != 1)
        return tlsError("cannot use the private key");
    if (SSL_CTX_check_private_key(context) != 1)
        return tlsError("the private key does not match the certificate");
    return {};
}

// The handshake succeeds whatever the client certificate: a vehicle whose certificate expired or
// was issued by another CA must still reach /dm/register. The result is read afterwards
// (verifiedPeerCertificateSha256) and the handler answers 401 where a certificate is needed.
int acceptAnyClientCertificate(int, X509_STORE_CTX *)
{
    return 1;
}

} // namespace

Status configureServerContext(SSL_CTX *context, QByteArrayView certificateChainPem, QByteArrayView privateKeyPem)
{
    if (!context)
        return Error(u"no TLS context"_s);
    if (Status policy = applyProtocolPolicy(context); !policy)
        return policy;
    SSL_CTX_set_options(context, SSL_OP_CIPHER_SERVER_PREFERENCE);
    SSL_CTX_set_session_cache_mode(context, SSL_SESS_CACHE_SERVER);
    // Without it OpenSSL refuses to resume sessions once client certificates are verified.
    static const unsigned char sessionContext[] = "flotilla";
    if (SSL_CTX_set_session_id_context(context, sessionContext, sizeof sessionContext - 1) != 1)
        return tlsError("cannot set the session id context");
    return useCertificateAndKey(context, certificateChainPem, privateKeyPem);
}

Status requestClientCertificates(SSL_CTX *context, QByteArrayView caPem)
{
    if (!context)
        return Error(u"no TLS context"_s);
    std::vector<X509Ptr> cas = readCertificates(caPem);
    if (cas.empty())
        return Error(u"no CA certificate in the client CA PEM data"_s);
    ERR_clear_error();
    X509_STORE *store = SSL_CTX_get_cert_store(context);
    STACK_OF(X509_NAME) *names = sk_X509_NAME_new_null();
    if (!store || !names)
        return tlsError("cannot prepare the client CA store");
    for (const X509Ptr &ca : cas) {
        if (X509_STORE_add_cert(store, ca.get()) != 1) {
            sk_X509_NAME_pop_free(names, X509_NAME_free);
            return tlsError("cannot add the client CA");
        }
        X509_NAME *name = X509_NAME_dup(X509_get_subject_name(ca.get()));
        if (name && sk_X509_NAME_push(names, name) <= 0)
            X509_NAME_free(name);
    }
    // Tells clients which CA we accept, so that they pick the right certificate.
    SSL_CTX_set_client_CA_list(context, names);
    SSL_CTX_set_verify(context, SSL_VERIFY_PEER, acceptAnyClientCertificate);
    return {};
}

Status configureClientContext(SSL_CTX *context, QByteArrayView caPem)
{
    if (!context)
        return Error(u"no TLS context"_s);
    if (Status policy = applyProtocolPolicy(context); !policy)
        return policy;
    if (caPem.isEmpty()) {
        SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nullptr);
        return {};
    }
    std::vector<X509Ptr> cas = readCertificates(caPem);
    if (cas.empty())
        return Error(u"no CA certificate in the pinned CA PEM data"_s);
    ERR_clear_error();
    // A fresh store holding only the pinned CA: the system store is never consulted.
    X509_STORE *store = X509_STORE_new();
    if (!store)
        return tlsError("cannot create a certificate store");
    for (const X509Ptr &ca : cas) {
        if (X509_STORE_add_cert(store, ca.get()) != 1) {
            X509_STORE_free(store);
            return tlsError("cannot add the pinned CA");
        }
    }
    SSL_CTX_set_cert_store(context, store); // takes ownership
    SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nullptr);
    return {};
}

Status useClientCertificate(SSL_CTX *context, QByteArrayView certificatePem, QByteArrayView privateKeyPem)
{
    if (!context)
        return Error(u"no TLS context"_s);
    return useCertificateAndKey(context, certificatePem, privateKeyPem);
}

QString verifiedPeerCertificateSha256(const SSL *ssl)
{
    if (!ssl)
        return {};
    X509 *cert = SSL_get0_peer_certificate(ssl);
    if (!cert || SSL_get_verify_result(ssl) != X509_V_OK)
        return {};
    unsigned char *der = nullptr;
    const int length = i2d_X509(cert, &der);
    if (length <= 0) {
        ERR_clear_error();
        return {};
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digestLength = 0;
    const int ok = EVP_Digest(der, std::size_t(length), digest, &digestLength, EVP_sha256(), nullptr);
    OPENSSL_free(der);
    if (ok != 1) {
        ERR_clear_error();
        return {};
    }
    return QString::fromLatin1(
        QByteArray::fromRawData(reinterpret_cast<const char *>(digest), qsizetype(digestLength)).toHex());
}

} // namespace flotilla::crypto
