#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <memory>

typedef struct evp_pkey_st EVP_PKEY;

namespace flotilla::crypto {

enum class KeyType
{
    Ed25519,
    EcP256,
    Other,
};

class PublicKey final
{
public:
    PublicKey();
    ~PublicKey();
    PublicKey(const PublicKey &);
    PublicKey &operator=(const PublicKey &);
    PublicKey(PublicKey &&) noexcept;
    PublicKey &operator=(PublicKey &&) noexcept;

    static Result<PublicKey> fromPem(QByteArrayView pem);
    static Result<PublicKey> fromDer(QByteArrayView der); // SubjectPublicKeyInfo
    // RFC 8032 raw 32-byte Ed25519 public key.
    static Result<PublicKey> fromRawEd25519(QByteArrayView raw);
    // Shares a key OpenSSL handed out (a certificate's or a CSR's): takes a new reference
    // (EVP_PKEY_up_ref), the caller keeps its own. Null in, null out.
    static PublicKey fromNative(EVP_PKEY *key);

    bool isNull() const;
    KeyType type() const;
    QByteArray toPem() const;
    QByteArray toDer() const; // SubjectPublicKeyInfo
    // PROTOCOL.md §6.1 KeyId: lowercase hex SHA-256 of the DER SubjectPublicKeyInfo.
    QString keyId() const;

    // Ed25519: pure EdDSA over data. EC P-256: ECDSA with SHA-256, DER signature.
    bool verify(QByteArrayView data, QByteArrayView signature) const;

    EVP_PKEY *native() const;

private:
    friend class PrivateKey;
    explicit PublicKey(EVP_PKEY *key); // takes ownership
    EVP_PKEY *m_key = nullptr;
};

class PrivateKey final
{
public:
    PrivateKey();
    ~PrivateKey();
    PrivateKey(PrivateKey &&) noexcept;
    PrivateKey &operator=(PrivateKey &&) noexcept;
    PrivateKey(const PrivateKey &) = delete;
    PrivateKey &operator=(const PrivateKey &) = delete;

    static Result<PrivateKey> generate(KeyType type);
    static Result<PrivateKey> fromPem(QByteArrayView pem);
    // RFC 8032 raw 32-byte Ed25519 seed.
    static Result<PrivateKey> fromRawEd25519(QByteArrayView seed);

    bool isNull() const;
    KeyType type() const;
    QByteArray toPem() const; // unencrypted PKCS#8; callers write it with 0600 permissions
    PublicKey publicKey() const;
    Result<QByteArray> sign(QByteArrayView data) const;

    EVP_PKEY *native() const;

private:
    explicit PrivateKey(EVP_PKEY *key); // takes ownership
    EVP_PKEY *m_key = nullptr;
};

} // namespace flotilla::crypto
