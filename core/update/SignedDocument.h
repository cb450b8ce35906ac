#pragma once

#include "core/Result.h"
#include "core/crypto/Keys.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

// Signed JSON documents of PROTOCOL.md §6.1: {"Signed": {...}, "Signatures": [{KeyId, Alg, Sig}]}.
// The signature covers the canonical form of "Signed": UTF-8 JSON, object keys sorted by UTF-16 code
// units, no insignificant whitespace, integers only, strings escaped as QJsonDocument::Compact writes.
namespace flotilla::update {

// The canonical form; fails on a number that is not an integer (no floating point in signed data).
Result<QByteArray> canonicalJson(const QJsonObject &object);

struct Signature
{
    QString keyId; // hex SHA-256 of the public key's DER SubjectPublicKeyInfo
    QString alg = QStringLiteral("Ed25519");
    QByteArray sig; // raw signature bytes (base64 on the wire)
};

class SignedDocument final
{
public:
    SignedDocument() = default;
    explicit SignedDocument(QJsonObject signedPart)
        : m_signed(std::move(signedPart))
    {}

    // Parses and checks the envelope (size limit, shape, base64); does not verify signatures.
    static Result<SignedDocument> parse(const QByteArray &json);
    QByteArray toJson() const; // compact

    const QJsonObject &signedPart() const { return m_signed; }
    const QList<Signature> &signatures() const { return m_signatures; }

    Status sign(const crypto::PrivateKey &key); // appends a signature with this key
    // Distinct trusted keys whose signature over the canonical form verifies.
    int validSignatureCount(const QList<crypto::PublicKey> &trusted) const;
    // At least threshold valid signatures from distinct trusted keys (PROTOCOL.md §6.1).
    Status verify(const QList<crypto::PublicKey> &trusted, int threshold = 1) const;

    static constexpr qsizetype MaxBytes = 256 * 1024; // an instruction or bundle index, never more

private:
    QJsonObject m_signed;
    QList<Signature> m_signatures;
};

} // namespace flotilla::update
