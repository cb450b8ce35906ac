#pragma once

#include "core/Clock.h"
#include "core/Result.h"
#include "server/releases/ReleaseTypes.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

#include <memory>
#include <optional>

namespace flotilla::store {
class Database;
class StoreWriter;
} // namespace flotilla::store

namespace flotilla::server {
class EventBus;
}

namespace flotilla::server::releases {

class BlobStore;
class UploadStore;

// Releases (docs/releases.md): import, listing, and the images the server holds per hardware id
// (the sources deltas are built from). Thread-safe; calls block on the store (never from the GUI
// thread directly).
class ReleaseService final
{
public:
    // oemKeysFolder: PEM public keys (*.pem) trusted to sign releases; may be empty or missing.
    ReleaseService(std::shared_ptr<store::Database> database, store::StoreWriter &writer, BlobStore &blobs,
                   QString oemKeysFolder, const Clock &clock);
    ~ReleaseService();

    // Imports are announced on bus from then on (releasesChanged, eventsAppended), so the console
    // follows releases imported through the API or flotillactl too. Set once at start-up.
    void setEventBus(EventBus *bus);

    // The release.json manifest (docs/releases.md), validated: name, version, release counter,
    // kind, hardware ids, RXSWIN, preconditions, user text, targets {Ecu, HwId, Version, File}.
    struct Manifest
    {
        QJsonObject json;             // as read
        ReleaseRecord release;        // filled from it (no blobs yet)
        QMap<QString, QString> files; // ecu → file name inside the folder / upload id
    };
    // Where a manifest's targets name their image: "File" (a folder's release.json) or "Upload"
    // (the management API: an upload id of uploads()).
    enum class ImageField
    {
        File,
        Upload,
    };
    static Result<Manifest> parseManifest(const QJsonObject &json, ImageField field = ImageField::File);

    // Imports a folder holding release.json, the image files it names and optionally release.sig
    // (an OEM signature, checked against the OEM keys; an invalid one refuses the import). Images are
    // streamed into the blob store. Error code 409 when name+version exists, 400 for a bad manifest.
    Result<ReleaseRecord> importFolder(const QString &folder, const QString &actor);
    // Same from a parsed manifest and the image files already on this machine (API uploads).
    Result<ReleaseRecord> importFiles(const Manifest &manifest, const QMap<QString, QString> &imagePaths,
                                      const QByteArray &oemSignature, const QString &actor);
    // Same from a manifest whose targets name uploads (ImageField::Upload); the uploads are removed
    // once the release is imported. Error code 400 also for an unknown upload.
    Result<ReleaseRecord> importUploads(const QJsonObject &manifest, const QByteArray &oemSignature,
                                        const QString &actor);
    // Images sent through the management API in chunks (UploadStore.h), kept in <blobs>/.uploads.
    UploadStore &uploads() const;

    Result<QList<ReleaseRecord>> list() const;
    Result<std::optional<ReleaseRecord>> find(qint64 id) const;
    Result<std::optional<ReleaseRecord>> find(const QString &name, const QString &version) const;
    // version → image of that version for this hardware id, from every imported release.
    Result<QMap<QString, BlobRecord>> imagesForHwId(const QString &hwId) const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace flotilla::server::releases
