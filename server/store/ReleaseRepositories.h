#pragma once

#include "core/Result.h"
#include "server/releases/ReleaseTypes.h"

#include <QList>
#include <QMap>
#include <QSqlDatabase>

#include <optional>

// Tables blobs, releases and release_targets (schema v3), for server/releases. Same rules as
// Repositories.h: prepared statements, named placeholders, the caller's connection.
namespace flotilla::store {

class BlobRepository final
{
public:
    explicit BlobRepository(QSqlDatabase db);
    // Content-addressed: a row that exists already is kept as it is (its first kind and time).
    Status insert(const server::releases::BlobRecord &blob);
    Result<std::optional<server::releases::BlobRecord>> find(const QString &sha256);

private:
    QSqlDatabase m_db;
};

class ReleaseRepository final
{
public:
    explicit ReleaseRepository(QSqlDatabase db);
    // The release row and its target rows (their blobs must exist); returns the new id. A second
    // release with the same name and version fails with StoreError::Constraint.
    Result<qint64> insert(const server::releases::ReleaseRecord &release);
    Result<std::optional<server::releases::ReleaseRecord>> findById(qint64 id);
    Result<std::optional<server::releases::ReleaseRecord>> find(const QString &name, const QString &version);
    Result<QList<server::releases::ReleaseRecord>> list(); // newest first, with their targets
    // version → image, from every release's targets of this hardware id; a version that several
    // releases carry maps to the newest release's image.
    Result<QMap<QString, server::releases::BlobRecord>> imagesForHwId(const QString &hwId);

private:
    Status loadTargets(QList<server::releases::ReleaseRecord> &releases);

    QSqlDatabase m_db;
};

} // namespace flotilla::store
