#include "DemoReleases.h"

#include "agent/VehicleProfile.h"
#include "core/update/SyntheticImage.h"
#include "server/FleetService.h"
#include "server/releases/ReleaseService.h"
#include "server/updates/DeltaService.h"

#include <QCollator>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QMap>
#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flotilla::demo {

namespace {

Q_LOGGING_CATEGORY(lcDemo, "flotilla.demo")

struct Hardware
{
    QString hwId;
    QString ecu;
    int vehicles = 0;
    QStringList versions; // running in the demo fleet, oldest first
};

// The next version after the newest one the fleet runs: a minor bump for dotted versions
// (3.3.1 → 3.4.0), a build suffix otherwise (0420 → 0420-r2, part numbers keep their form).
QString nextVersion(const QString &newest)
{
    static const QRegularExpression dotted(u"^(\\d+)\\.(\\d+)(?:\\.\\d+)?$"_s);
    if (const auto match = dotted.match(newest); match.hasMatch())
        return u"%1.%2.0"_s.arg(match.captured(1)).arg(match.captured(2).toInt() + 1);
    return newest + u"-r2"_s;
}

QList<Hardware> mostCommonHardware(const DemoReleaseOptions &options)
{
    QMap<QString, Hardware> byHwId;
    const agent::FleetCatalog catalog(options.seed);
    for (int i = 0; i < options.fleetSize; ++i) {
        for (const agent::EcuProfile &ecu : catalog.vehicle(i).ecus) {
            Hardware &hardware = byHwId[ecu.hwId];
            hardware.hwId = ecu.hwId;
            hardware.ecu = ecu.ecu;
            ++hardware.vehicles;
            if (!hardware.versions.contains(ecu.swVersion))
                hardware.versions.append(ecu.swVersion);
        }
    }
    QList<Hardware> all = byHwId.values();
    QCollator numeric;
    numeric.setNumericMode(true);
    for (Hardware &hardware : all)
        std::sort(hardware.versions.begin(), hardware.versions.end(), numeric);
    std::stable_sort(all.begin(), all.end(),
                     [](const Hardware &a, const Hardware &b) { return a.vehicles > b.vehicles; });
    return all.mid(0, options.hardwareCount);
}

QJsonObject manifestFor(const Hardware &hardware, const QString &version, int counter, bool isNew)
{
    const QString file = hardware.hwId + u'-' + version + u".img"_s;
    QJsonObject target;
    target.insert(u"Ecu"_s, hardware.ecu);
    target.insert(u"HwId"_s, hardware.hwId);
    target.insert(u"Version"_s, version);
    target.insert(u"File"_s, file);
    QJsonObject manifest;
    manifest.insert(u"Name"_s, QString(hardware.hwId + u"-firmware"_s));
    manifest.insert(u"Version"_s, version);
    manifest.insert(u"ReleaseCounter"_s, counter);
    manifest.insert(u"Kind"_s, u"firmware"_s);
    manifest.insert(u"HwIds"_s, QJsonArray{hardware.hwId});
    manifest.insert(u"Targets"_s, QJsonArray{target});
    if (isNew) {
        // What a real release asks of the vehicle and tells its owner.
        manifest.insert(u"Preconditions"_s,
                        QJsonObject{{u"MinBatteryPct"_s, 30}, {u"Parked"_s, true}, {u"Consent"_s, u"required"_s}});
        manifest.insert(u"UserText"_s,
                        QJsonObject{{u"en"_s, u"Improves %1 start-up time and stability. The vehicle cannot be driven "
                                              "for about 10 minutes."_s.arg(hardware.ecu)},
                                    {u"de"_s, u"Verbessert Startzeit und Stabilität (%1). Das Fahrzeug ist etwa 10 "
                                              "Minuten nicht fahrbereit."_s.arg(hardware.ecu)}});
    } else {
        manifest.insert(u"Preconditions"_s, QJsonObject{{u"Consent"_s, u"not-required"_s}});
    }
    return manifest;
}

// Imports one release unless it exists; returns its id, 0 when skipped, -1 on failure.
qint64 importOne(server::releases::ReleaseService &releases, const QJsonObject &json, const QString &workDir)
{
    auto manifest = server::releases::ReleaseService::parseManifest(json);
    if (!manifest) {
        qCWarning(lcDemo) << "demo release manifest:" << manifest.errorString();
        return -1;
    }
    const QString name = json.value(u"Name"_s).toString();
    const QString version = json.value(u"Version"_s).toString();
    if (auto existing = releases.find(name, version); !existing || existing->has_value())
        return existing ? 0 : -1;

    const QJsonObject target = json.value(u"Targets"_s).toArray().first().toObject();
    const QString path = workDir + u'/' + target.value(u"File"_s).toString();
    const update::SyntheticImage image(target.value(u"HwId"_s).toString(), version);
    if (auto written = image.writeFile(path); !written) {
        qCWarning(lcDemo) << "demo image" << path << written.errorString();
        return -1;
    }
    auto imported = releases.importFiles(*manifest, {{target.value(u"Ecu"_s).toString(), path}}, {}, u"demo"_s);
    QFile::remove(path);
    if (!imported) {
        qCWarning(lcDemo) << "demo release" << name << version << imported.errorString();
        return -1;
    }
    return imported->id;
}

} // namespace

int importDemoReleases(server::FleetService &fleet, const DemoReleaseOptions &options, std::stop_token stop)
{
    if (!QDir().mkpath(options.workDir)) {
        qCWarning(lcDemo) << "cannot create" << options.workDir;
        return 0;
    }
    int imported = 0;
    for (const Hardware &hardware : mostCommonHardware(options)) {
        // The versions the fleet runs get counters 1..n; the new one n+1, so vehicles accept it.
        int counter = 0;
        for (const QString &version : hardware.versions) {
            if (stop.stop_requested())
                return imported;
            imported +=
                importOne(fleet.releases(), manifestFor(hardware, version, ++counter, false), options.workDir) > 0;
        }
        if (stop.stop_requested())
            return imported;
        const QString newest = nextVersion(hardware.versions.last());
        const qint64 id = importOne(fleet.releases(), manifestFor(hardware, newest, ++counter, true), options.workDir);
        if (id > 0) {
            ++imported;
            if (auto queued = fleet.deltas().request(id); !queued)
                qCWarning(lcDemo) << "demo deltas:" << queued.errorString();
        }
    }
    QDir(options.workDir).removeRecursively();
    if (imported > 0)
        qCInfo(lcDemo) << "imported" << imported << "demo releases";
    return imported;
}

} // namespace flotilla::demo
