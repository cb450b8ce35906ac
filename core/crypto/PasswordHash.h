#pragma once

#include "core/Result.h"

#include <QString>

// Operator passwords (issue 4): stored only as a slow, salted scrypt hash (RFC 7914, OpenSSL's
// EVP_PBE_scrypt), so a copied database does not give the passwords away cheaply.
namespace flotilla::crypto {

struct ScryptParameters
{
    // N = 2^15, r = 8, p = 1: 32 MiB and about 0.1 s per check on this class of machine (OWASP's
    // minimum is N = 2^17 with r = 8 at 128 MiB; we take the memory-light end for a desktop app).
    int logN = 15;
    int r = 8;
    int p = 1;
};

// "scrypt$<logN>$<r>$<p>$<salt base64>$<hash base64>": the parameters travel with the hash, so
// they can be raised later without invalidating stored passwords.
Result<QString> hashPassword(const QString &password, const ScryptParameters &parameters = {});

// True when password matches; false for a wrong password or a malformed/unsupported stored hash
// (which is logged by the caller, not told to the user). Constant-time comparison.
bool verifyPassword(const QString &password, const QString &stored);

// Whether a stored hash uses weaker parameters than the current defaults (rehash at next login).
bool needsRehash(const QString &stored, const ScryptParameters &parameters = {});

} // namespace flotilla::crypto
