#include "core/crypto/Keys.h"

#include "core/crypto/Hash.h"
#include "core/crypto/OpenSslError.h"
#include "core/crypto/OpenSslPtr.h"

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <climits>
#include <utility>

using namespace Qt::StringLiterals;

namespace flotilla::crypto {

namespace {

constexpr qsizetype Ed25519KeySize = 32;

KeyType keyTypeOf(const EVP_PKEY *key)
{
    if (!key)
        return KeyType::Other;
    if (EVP_PKEY_get_base_id(key) == EVP_PKEY_ED25519)
        return KeyType::Ed25519;
    if (EVP_PKEY_get_base_id(key) == EVP_PKEY_EC) {
        char group[64] = {};
        size_t length = 0;
        if (EVP_PKEY_get_group_name(key, group, sizeof group, &length) != 1)
            return KeyType::Other;
        // OpenSSL names it "prime256v1" (SEC 2 / X9.62) or "P-256" (NIST), depending on origin.
        if (OBJ_sn2nid(group) == NID_X9_62_prime256v1 || EC_curve_nist2nid(group) == NID_X9_62_prime256v1)
            return KeyType::EcP256;
    }
    return KeyType::Other;
}

// Ed25519 signs the message itself (PureEdDSA, no pre-hash: OpenSSL wants a null digest);
// ECDSA P-256 signs its SHA-256.
const EVP_MD *signatureDigest(KeyType type)
{
    return type == KeyType::EcP256 ? EVP_sha256() : nullptr;
}

// Never prompt: an encrypted PEM must fail with an error, not block asking a terminal for a passphrase.
int noPassword(char *, int, int, void *)
{
    return 0;
}

} // namespace

// ---- PublicKey --------------------------------------------------------------------------------

PublicKey::PublicKey() = default;

PublicKey::PublicKey(EVP_PKEY *key)
    : m_key(key)
{}

PublicKey::~PublicKey()
{
    EVP_PKEY_free(m_key);
}

PublicKey::PublicKey(const PublicKey &other)
    : m_key(other.m_key)
{
    if (m_key)
        EVP_PKEY_up_ref(m_key);
}

PublicKey &PublicKey::operator=(const PublicKey &other)
{
    if (this != &other) {
        PublicKey copy(other);
        std::swap(m_key, copy.m_key);
    }
    return *this;
}

PublicKey::PublicKey(PublicKey &&other) noexcept
    : m_key(std::exchange(other.m_key, nullptr))
{}

PublicKey &PublicKey::operator=(PublicKey &&other) noexcept
{
    if (this != &other) {
        EVP_PKEY_free(m_key); // drop the old key now, not whenever `other` dies; other is left null
        m_key = std::exchange(other.m_key, nullptr);
    }
    return *this;
}

Result<PublicKey> PublicKey::fromPem(QByteArrayView pem)
{
    detail::ErrorQueueScope errors;
    detail::BioPtr bio(detail::newMemoryBio(pem));
    if (!bio)
        return Error(u"public key PEM is too large"_s);
    EVP_PKEY *key = PEM_read_bio_PUBKEY(bio.get(), nullptr, noPassword, nullptr);
    if (!key)
        return detail::openSslError(u"cannot read PEM public key"_s);
    return PublicKey(key);
}

Result<PublicKey> PublicKey::fromDer(QByteArrayView der)
{
    detail::ErrorQueueScope errors;
    if (der.isEmpty() || der.size() > LONG_MAX)
        return Error(u"public key DER is empty or too large"_s);
    const unsigned char *cursor = detail::bytesOf(der);
    EVP_PKEY *key = d2i_PUBKEY(nullptr, &cursor, static_cast<long>(der.size()));
    if (!key)
        return detail::openSslError(u"cannot read DER SubjectPublicKeyInfo"_s);
    PublicKey result(key);
    // Trailing bytes would give one key several encodings (and several key IDs).
    if (cursor != detail::bytesOf(der) + der.size())
        return Error(u"trailing bytes after the DER SubjectPublicKeyInfo"_s);
    return result;
}

Result<PublicKey> PublicKey::fromRawEd25519(QByteArrayView raw)
{
    detail::ErrorQueueScope errors;
    if (raw.size() != Ed25519KeySize)
        return Error(u"an Ed25519 public key is 32 bytes, not %1"_s.arg(raw.size()));
    EVP_PKEY *key =
        EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, detail::bytesOf(raw), static_cast<size_t>(raw.size()));
    if (!key)
        return detail::openSslError(u"cannot import raw Ed25519 public key"_s);
    return PublicKey(key);
}

PublicKey PublicKey::fromNative(EVP_PKEY *key)
{
    if (!key || EVP_PKEY_up_ref(key) != 1)
        return {};
    return PublicKey(key);
}

bool PublicKey::isNull() const
{
    return m_key == nullptr;
}

KeyType PublicKey::type() const
{
    return keyTypeOf(m_key);
}

QByteArray PublicKey::toPem() const
{
    if (!m_key)
        return {};
    detail::ErrorQueueScope errors;
    detail::BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), m_key) != 1)
        return {};
    return detail::bioContents(bio.get());
}

QByteArray PublicKey::toDer() const
{
    if (!m_key)
        return {};
    detail::ErrorQueueScope errors;
    unsigned char *buffer = nullptr;
    const int length = i2d_PUBKEY(m_key, &buffer);
    if (length <= 0)
        return {};
    QByteArray der(reinterpret_cast<const char *>(buffer), length);
    OPENSSL_free(buffer);
    return der;
}

QString PublicKey::keyId() const
{
    const QByteArray der = toDer();
    if (der.isEmpty())
        return {};
    return Hasher::hexHash(der, HashAlgorithm::Sha256);
}

bool PublicKey::verify(QByteArrayView data, QByteArrayView signature) const
{
    const KeyType keyType = type();
    // Only the two algorithms of security.md (d); anything else fails closed.
    if (!m_key || keyType == KeyType::Other || signature.isEmpty())
        return false;
    detail::ErrorQueueScope errors;
    detail::EvpMdCtxPtr context(EVP_MD_CTX_new());
    if (!context || EVP_DigestVerifyInit(context.get(), nullptr, signatureDigest(keyType), nullptr, m_key) != 1)
        return false;
    return EVP_DigestVerify(context.get(), detail::bytesOf(signature), static_cast<size_t>(signature.size()),
                            detail::bytesOf(data), static_cast<size_t>(data.size())) == 1;
}

EVP_PKEY *PublicKey::native() const
{
    return m_key;
}

// ---- PrivateKey -------------------------------------------------------------------------------

PrivateKey::PrivateKey() = default;

PrivateKey::PrivateKey(EVP_PKEY *key)
    : m_key(key)
{}

PrivateKey::~PrivateKey()
{
    EVP_PKEY_free(m_key);
}

PrivateKey::PrivateKey(PrivateKey &&other) noexcept
    : m_key(std::exchange(other.m_key, nullptr))
{}

PrivateKey &PrivateKey::operator=(PrivateKey &&other) noexcept
{
    if (this != &other) {
        EVP_PKEY_free(m_key); // drop the old key now, not whenever `other` dies; other is left null
        m_key = std::exchange(other.m_key, nullptr);
    }
    return *this;
}

Result<PrivateKey> PrivateKey::generate(KeyType type)
{
    detail::ErrorQueueScope errors;
    EVP_PKEY *key = nullptr;
    switch (type) {
    case KeyType::Ed25519:
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
        break;
    case KeyType::EcP256:
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
        break;
    case KeyType::Other:
        return Error(u"cannot generate a key of an unspecified type"_s);
    }
    if (!key)
        return detail::openSslError(u"key generation failed"_s);
    return PrivateKey(key);
}

Result<PrivateKey> PrivateKey::fromPem(QByteArrayView pem)
{
    detail::ErrorQueueScope errors;
    detail::BioPtr bio(detail::newMemoryBio(pem));
    if (!bio)
        return Error(u"private key PEM is too large"_s);
    EVP_PKEY *key = PEM_read_bio_PrivateKey(bio.get(), nullptr, noPassword, nullptr);
    if (!key)
        return detail::openSslError(u"cannot read PEM private key (encrypted keys are not supported)"_s);
    return PrivateKey(key);
}

Result<PrivateKey> PrivateKey::fromRawEd25519(QByteArrayView seed)
{
    detail::ErrorQueueScope errors;
    if (seed.size() != Ed25519KeySize)
        return Error(u"an Ed25519 seed is 32 bytes, not %1"_s.arg(seed.size()));
    EVP_PKEY *key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, detail::bytesOf(seed),
                                                 static_cast<size_t>(seed.size()));
    if (!key)
        return detail::openSslError(u"cannot import raw Ed25519 seed"_s);
    return PrivateKey(key);
}

bool PrivateKey::isNull() const
{
    return m_key == nullptr;
}

KeyType PrivateKey::type() const
{
    return keyTypeOf(m_key);
}

QByteArray PrivateKey::toPem() const
{
    if (!m_key)
        return {};
    detail::ErrorQueueScope errors;
    detail::BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PKCS8PrivateKey(bio.get(), m_key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return {};
    return detail::bioContents(bio.get());
}

PublicKey PrivateKey::publicKey() const
{
    if (!m_key)
        return {};
    detail::ErrorQueueScope errors;
    // Round-trip through the SubjectPublicKeyInfo so that the PublicKey (which gets copied and
    // handed around) never shares the EVP_PKEY that holds the private scalar.
    unsigned char *buffer = nullptr;
    const int length = i2d_PUBKEY(m_key, &buffer);
    if (length <= 0)
        return {};
    const unsigned char *cursor = buffer;
    EVP_PKEY *key = d2i_PUBKEY(nullptr, &cursor, length);
    OPENSSL_free(buffer);
    return key ? PublicKey(key) : PublicKey();
}

Result<QByteArray> PrivateKey::sign(QByteArrayView data) const
{
    const KeyType keyType = type();
    if (!m_key)
        return Error(u"cannot sign with a null key"_s);
    if (keyType == KeyType::Other)
        return Error(u"signing supports Ed25519 and EC P-256 keys only"_s);
    detail::ErrorQueueScope errors;
    detail::EvpMdCtxPtr context(EVP_MD_CTX_new());
    EVP_PKEY_CTX *keyContext = nullptr; // owned by context
    if (!context || EVP_DigestSignInit(context.get(), &keyContext, signatureDigest(keyType), nullptr, m_key) != 1)
        return detail::openSslError(u"cannot start signature"_s);
#ifdef OSSL_SIGNATURE_PARAM_NONCE_TYPE
    // OpenSSL 3.2+: RFC 6979 deterministic ECDSA nonces (security.md (d)). Older versions draw
    // the nonce from the CSPRNG, which is also safe as long as RAND_bytes is sound.
    if (keyType == KeyType::EcP256) {
        unsigned int nonceType = 1;
        const OSSL_PARAM params[] = {
            OSSL_PARAM_construct_uint(OSSL_SIGNATURE_PARAM_NONCE_TYPE, &nonceType),
            OSSL_PARAM_construct_end(),
        };
        if (EVP_PKEY_CTX_set_params(keyContext, params) != 1)
            return detail::openSslError(u"cannot select deterministic ECDSA nonces"_s);
    }
#endif
    size_t length = 0;
    if (EVP_DigestSign(context.get(), nullptr, &length, detail::bytesOf(data), static_cast<size_t>(data.size())) != 1)
        return detail::openSslError(u"cannot size signature"_s);
    QByteArray signature(static_cast<qsizetype>(length), Qt::Uninitialized);
    if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char *>(signature.data()), &length,
                       detail::bytesOf(data), static_cast<size_t>(data.size())) != 1)
        return detail::openSslError(u"signing failed"_s);
    signature.resize(static_cast<qsizetype>(length)); // DER ECDSA signatures vary in length
    return signature;
}

EVP_PKEY *PrivateKey::native() const
{
    return m_key;
}

} // namespace flotilla::crypto
