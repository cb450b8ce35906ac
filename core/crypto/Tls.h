#pragma once

#include "core/Result.h"

#include <QByteArrayView>
#include <QString>

typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_st SSL;

// TLS policy shared by the device endpoint, the management API and the agent (PROTOCOL.md §1):
// TLS 1.2 minimum, ECDHE + AEAD suites only, no compression, no renegotiation, session tickets on.
namespace flotilla::crypto {

Status configureServerContext(SSL_CTX *context, QByteArrayView certificateChainPem, QByteArrayView privateKeyPem);
// Ask for (but do not require) a client certificate issued by caPem; the handshake still succeeds
// without one. The handler then decides (a token bound to a certificate needs it).
Status requestClientCertificates(SSL_CTX *context, QByteArrayView caPem);
// Client side: verify the server against caPem only (pinned CA, not the system store).
// With an empty caPem no verification is done (trust on first use; callers warn about it).
Status configureClientContext(SSL_CTX *context, QByteArrayView caPem);
Status useClientCertificate(SSL_CTX *context, QByteArrayView certificatePem, QByteArrayView privateKeyPem);
// Lowercase hex SHA-256 of the peer certificate's DER when the peer presented one and it verified
// against the configured CA (server side: requestClientCertificates); empty otherwise.
QString verifiedPeerCertificateSha256(const SSL *ssl);

inline constexpr auto Tls12Ciphers = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
                                     "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256:"
                                     "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305";
inline constexpr auto Tls13Suites = "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256";

} // namespace flotilla::crypto
