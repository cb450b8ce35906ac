#pragma once

// One synthetic release for the update tests: the simulator's deterministic image of (hwId,
// version) and its release.json in a folder, imported through ReleaseService::importFolder (the
// path `flotillactl release import` and the console take). Header-only: the tests that include it
// link flotilla::server.
#include "core/update/SyntheticImage.h"
#include "server/releases/ReleaseService.h"

#include <QDebug>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace flotilla::test {

struct SyntheticRelease
{
    QString name = QStringLiteral("gw-firmware");
    QString version;
    qint64 counter = 1;
    QString kind = QStringLiteral("firmware");
    QString ecu = QStringLiteral("gateway");
    QString hwId;
    QJsonObject preconditions{{QStringLiteral("Consent"), QStringLiteral("not-required")}};
    QJsonArray rxswin; // optional members: left out of the manifest when empty
    QJsonObject userText;
    QJsonArray dtcsToClear;
};

// Returns the release id, or 0 after a warning saying why.
inline qint64 importSyntheticRelease(server::releases::ReleaseService &releases, const QString &folder,
                                     const SyntheticRelease &spec)
{
    QDir().mkpath(folder);
    const QString file = spec.ecu + QStringLiteral(".img");
    if (auto written = update::SyntheticImage(spec.hwId, spec.version).writeFile(folder + u'/' + file); !written) {
        qWarning() << "image:" << written.errorString();
        return 0;
    }
    QJsonObject manifest{
        {QStringLiteral("Name"), spec.name},
        {QStringLiteral("Version"), spec.version},
        {QStringLiteral("ReleaseCounter"), spec.counter},
        {QStringLiteral("Kind"), spec.kind},
        {QStringLiteral("HwIds"), QJsonArray{spec.hwId}},
        {QStringLiteral("Preconditions"), spec.preconditions},
        {QStringLiteral("Targets"), QJsonArray{QJsonObject{{QStringLiteral("Ecu"), spec.ecu},
                                                           {QStringLiteral("HwId"), spec.hwId},
                                                           {QStringLiteral("Version"), spec.version},
                                                           {QStringLiteral("File"), file}}}},
    };
    if (!spec.rxswin.isEmpty())
        manifest.insert(QStringLiteral("Rxswin"), spec.rxswin);
    if (!spec.userText.isEmpty())
        manifest.insert(QStringLiteral("UserText"), spec.userText);
    if (!spec.dtcsToClear.isEmpty())
        manifest.insert(QStringLiteral("DtcsToClear"), spec.dtcsToClear);
    QFile json(folder + QStringLiteral("/release.json"));
    if (!json.open(QIODevice::WriteOnly) || json.write(QJsonDocument(manifest).toJson()) <= 0) {
        qWarning() << "cannot write" << json.fileName();
        return 0;
    }
    json.close();
    auto release = releases.importFolder(folder, QStringLiteral("tester"));
    if (!release) {
        qWarning() << "import:" << release.errorString();
        return 0;
    }
    return release->id;
}

} // namespace flotilla::test
