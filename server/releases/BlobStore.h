#pragma once

#include "core/Result.h"
#include "server/releases/ReleaseTypes.h"

#include <QSqlDatabase>
#include <QString>

#include <optional>

class QIODevice;

namespace flotilla::server::releases {

// The content-addressed blob store (DESIGN.md): files under <data>/blobs/<sha256>, one row each in
// table blobs. Files are streamed in and out in fixed chunks, never loaded whole; an import hashes
// while it copies to a temporary file, then renames it into place (idempotent for equal content).
class BlobStore final
{
public:
    explicit BlobStore(QString root);

    // Copy buffer: imports read and write this much at a time, whatever the file's size.
    static constexpr qint64 ChunkSize = 1024 * 1024;

    const QString &root() const { return m_root; }
    QString pathOf(const QString &sha256) const; // whether or not it exists
    static bool isSha256(QStringView text);      // 64 lowercase hex digits

    // Copies the file in (streaming), records its row on db (the caller's connection/transaction).
    Result<BlobRecord> importFile(QSqlDatabase &db, const QString &path, const QString &kind, qint64 nowMs);
    // Small in-memory content (signed instructions, bundle indexes).
    Result<BlobRecord> importData(QSqlDatabase &db, const QByteArray &data, const QString &kind, qint64 nowMs);
    Result<std::optional<BlobRecord>> find(QSqlDatabase &db, const QString &sha256) const;

    // The two halves of importFile, for callers that must not hold a transaction while a large
    // file is copied (a release import streams its images first, then records every row in one
    // transaction): copyFile puts the file in place, record writes its row.
    Result<BlobRecord> copyFile(const QString &path, const QString &kind, qint64 nowMs) const;
    static Status record(QSqlDatabase &db, const BlobRecord &blob);

private:
    Result<BlobRecord> copyFrom(QIODevice &source, const QString &what, const QString &kind, qint64 nowMs) const;

    QString m_root;
};

} // namespace flotilla::server::releases
