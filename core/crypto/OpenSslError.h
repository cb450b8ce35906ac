#pragma once

#include "core/Result.h"

#include <QByteArrayView>
#include <QString>

#include <openssl/bio.h>

// Internal to core/crypto: turns OpenSSL's per-thread error queue into Flotilla errors.
namespace flotilla::crypto::detail {

// Drains this thread's OpenSSL error queue into one line ("reason; reason"). Draining matters:
// OpenSSL keeps failures queued per thread, and a stale entry would otherwise show up in (or
// change the outcome of) the next, unrelated call on the same thread.
QString takeOpenSslErrors();

// An Error whose message is what + the drained OpenSSL queue text.
Error openSslError(const QString &what);

// Clears the queue on entry and on exit of a public crypto call, so an error message only ever
// names failures of this call and a failed call leaves nothing behind for the next one.
class ErrorQueueScope final
{
public:
    ErrorQueueScope();
    ~ErrorQueueScope();
    ErrorQueueScope(const ErrorQueueScope &) = delete;
    ErrorQueueScope &operator=(const ErrorQueueScope &) = delete;
};

// Non-null pointer to the bytes of view (OpenSSL rejects null even for zero lengths in places).
const unsigned char *bytesOf(QByteArrayView view);

// Read-only memory BIO over view (not copied: view must outlive the BIO); null if too large.
BIO *newMemoryBio(QByteArrayView view);
// Everything written into a memory BIO.
QByteArray bioContents(BIO *bio);

// Lowercase hex of raw bytes as a QString.
QString toHex(QByteArrayView bytes);

} // namespace flotilla::crypto::detail
