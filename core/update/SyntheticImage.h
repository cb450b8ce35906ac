#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QString>

#include <memory>

class QIODevice;

// Deterministic, executable-like firmware images for the simulated fleet and the demo releases.
// The server makes its sample releases with the same generator, so a simulated vehicle's running
// image is byte-identical to the server's copy of that version, and deltas built on the server
// apply on the vehicle.
namespace flotilla::update {

// The image of one (key, version): key is an ECU's hardware id (firmware) or a SCOMO component id
// (application). The same inputs give the same bytes on every platform (integer arithmetic and
// explicit little-endian layout only). Two versions of one key differ the way two builds of one
// code base do: some functions are rewritten, some inserted or removed (shifting every later
// function, so relative call targets across the image change), constants and strings change,
// the build string changes. Sizes are about 1-4 MiB by ECU kind (nominalSize). Written streaming:
// the layout (a few bytes per function) is computed up front, the bytes are generated per function
// while writing, never held whole.
class SyntheticImage final
{
public:
    SyntheticImage(QString key, QString version);
    ~SyntheticImage();
    SyntheticImage(const SyntheticImage &) = delete;
    SyntheticImage &operator=(const SyntheticImage &) = delete;

    const QString &key() const { return m_key; }
    const QString &version() const { return m_version; }
    qint64 size() const; // exact length of what write() produces

    Status write(QIODevice &device) const;
    // Atomically (temporary file, fsync, rename); creates the parent folder.
    Status writeFile(const QString &path) const;
    QByteArray toByteArray() const; // for tests and small tools

    // The size class of a key before per-version variation: head units 4 MiB, ADAS 3 MiB,
    // telematics 2 MiB, gateways 1.5 MiB, other ECUs 1-1.5 MiB, applications 0.5-1 MiB.
    static qint64 nominalSize(QStringView key);

    struct Layout; // opaque; public only for the generator's helpers

private:
    QString m_key;
    QString m_version;
    std::unique_ptr<Layout> m_layout;
};

} // namespace flotilla::update
