#pragma once

#include "core/Result.h"
#include "core/crypto/Hash.h"
#include "core/crypto/Keys.h"
#include "core/update/SignedDocument.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>

// Offline (dealer) bundle, PROTOCOL.md §8: one file that carries a vehicle's signed update
// instruction and its payloads, for a vehicle without network (USB). Layout:
//
//   "FLOTILLA-BUNDLE\n"   16 bytes magic
//   index length          8 bytes, unsigned big-endian, at most SignedDocument::MaxBytes
//   index                 a SignedDocument (UTF-8 JSON): Signed = {"Type":"bundle-index",
//                         "Format":1, "CreatedUtc":"...", "Instruction":{<the signed instruction
//                         document, Signed + Signatures>}, "Entries":[{"Sha256","Length","Offset"}]}
//   payloads              concatenated; Offset counts from the first payload byte, entries are in
//                         file order, contiguous, and the file ends with the last one
//
// The reader streams: it never holds a payload in memory, verifies the index signature and the
// embedded instruction's signature before anything else, and each payload's length and SHA-256
// while copying it out. See docs/agent.md.
namespace flotilla::update {

struct BundleEntry
{
    QString sha256;
    qint64 length = 0;
    qint64 offset = 0; // from the first payload byte
};

class Bundle final
{
public:
    static constexpr QByteArrayView Magic = "FLOTILLA-BUNDLE\n";
    static constexpr auto IndexType = "bundle-index";
    static constexpr int Format = 1;

    // Writes path atomically: the instruction document (already signed) and the payload files
    // (streamed in, hashed on the way), with an index signed by key. createdUtc: ISO 8601 UTC.
    static Status write(const QString &path, const SignedDocument &instruction, const QStringList &payloadFiles,
                        const crypto::PrivateKey &key, const QString &createdUtc);

    // Reads the header and the index and checks their shape (no signature check yet).
    static Result<Bundle> open(const QString &path);

    // The index is signed by threshold trusted keys, and so is the embedded instruction.
    Status verify(const QList<crypto::PublicKey> &trusted, int threshold = 1) const;

    const SignedDocument &index() const { return m_index; }
    const SignedDocument &instruction() const { return m_instruction; }
    const QList<BundleEntry> &entries() const { return m_entries; }
    const QString &path() const { return m_path; }

    // Streams every payload into dir/<sha256> (through dir/<sha256>.part, renamed once its length
    // and SHA-256 are right); returns the digests of each, in entry order. Fails on a short file,
    // trailing bytes, or a payload that is not what its entry says. cancelled is polled per chunk.
    Result<QList<crypto::Digests>> extract(const QString &dir, const std::atomic<bool> *cancelled = nullptr,
                                           const std::function<void(qint64 done, qint64 total)> &progress = {}) const;

private:
    Bundle() = default;

    QString m_path;
    SignedDocument m_index;
    SignedDocument m_instruction;
    QList<BundleEntry> m_entries;
    qint64 m_payloadStart = 0;
};

} // namespace flotilla::update
