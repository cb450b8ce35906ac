#include "agent/VehicleProfile.h"

#include <QJsonArray>
#include <QRandomGenerator>

#include <array>

using namespace Qt::StringLiterals;

namespace flotilla::agent {

namespace {

struct EcuTemplate
{
    const char *ecu;
    const char *hwId;
    std::array<const char *, 3> versions; // older → newer; the fleet runs a mix
};

struct ModelTemplate
{
    const char *name;
    const char *vds; // VIN positions 4-8
    const char *headUnitVendor;
    const char *hardware;
    std::array<EcuTemplate, 5> ecus;
};

struct OemTemplate
{
    const char *brand;
    const char *wmi;   // VIN positions 1-3
    const char *plant; // VIN position 11
    std::array<ModelTemplate, 2> models;
    const char *language;
};

// Brands and WMIs are real; models, hardware ids and versions are invented for the simulation.
const std::array<OemTemplate, 6> Oems{{
    {"Volkswagen",
     "WVW",
     "W",
     {{{"ID.4 Pro",
        "ZZZE2",
        "Harman",
        "hu-mib3",
        {{{"headunit", "hu-mib3", {"3.1.2", "3.2.0", "3.3.1"}},
          {"tbox", "tbox-oc4", {"5.0.9", "5.1.0", "5.1.4"}},
          {"bms", "bms-meb", {"0412", "0418", "0420"}},
          {"gateway", "gw-icas1", {"1.8.0", "1.9.2", "2.0.0"}},
          {"adas", "adas-mqb", {"2.4.1", "2.5.0", "2.5.3"}}}}},
       {"Golf 8 eTSI",
        "ZZZCD",
        "Preh",
        "hu-mib3s",
        {{{"headunit", "hu-mib3s", {"3.0.4", "3.1.2", "3.2.0"}},
          {"tbox", "tbox-oc4", {"5.0.9", "5.1.0", "5.1.4"}},
          {"ecm", "ecm-ea211", {"8V0906259", "8V0906259A", "8V0906259B"}},
          {"tcu", "dq200", {"0AM927769", "0AM927769A", "0AM927769C"}},
          {"cluster", "aid-10", {"1.2.0", "1.2.3", "1.3.0"}}}}}}},
     "de"},
    {"Ford",
     "1FT",
     "F",
     {{{"F-150 Lightning",
        "W1EV0",
        "Panasonic",
        "sync4-hu",
        {{{"headunit", "sync4-hu", {"4.22.1", "4.23.0", "4.24.2"}},
          {"tbox", "tcu-g2", {"12.1.0", "12.2.1", "12.3.0"}},
          {"bms", "becm-l", {"K1", "K2", "K3"}},
          {"gateway", "gwm-2", {"7.0.1", "7.1.0", "7.2.0"}},
          {"adas", "bluecruise-1", {"1.2.0", "1.3.1", "1.4.0"}}}}},
       {"Mustang Mach-E",
        "K3R3E",
        "Panasonic",
        "sync4a-hu",
        {{{"headunit", "sync4a-hu", {"4.21.0", "4.23.0", "4.24.2"}},
          {"tbox", "tcu-g2", {"12.1.0", "12.2.1", "12.3.0"}},
          {"bms", "becm-m", {"J4", "J5", "J6"}},
          {"gateway", "gwm-2", {"7.0.1", "7.1.0", "7.2.0"}},
          {"cluster", "ipc-12", {"2.0.3", "2.1.0", "2.1.1"}}}}}}},
     "en"},
    {"Toyota",
     "JTD",
     "J",
     {{{"Corolla Hybrid",
        "BAMEE",
        "Denso",
        "mm21-hu",
        {{{"headunit", "mm21-hu", {"21.3.1", "21.4.0", "22.1.0"}},
          {"tbox", "dcm-5g", {"1.0.7", "1.1.0", "1.1.2"}},
          {"hvecu", "thsii-5", {"89981-1", "89981-2", "89981-3"}},
          {"gateway", "cgw-t1", {"3.3.0", "3.4.0", "3.4.1"}},
          {"adas", "tss-3", {"3.0.0", "3.0.2", "3.1.0"}}}}},
       {"bZ4X",
        "AAAB3",
        "Panasonic",
        "mm22-hu",
        {{{"headunit", "mm22-hu", {"22.0.4", "22.1.0", "22.2.1"}},
          {"tbox", "dcm-5g", {"1.0.7", "1.1.0", "1.1.2"}},
          {"bms", "bms-e3", {"2.1.0", "2.2.0", "2.2.4"}},
          {"gateway", "cgw-t2", {"4.0.0", "4.1.0", "4.1.5"}},
          {"cluster", "meter-12", {"1.4.0", "1.5.0", "1.5.2"}}}}}}},
     "en"},
    {"Hyundai",
     "KMH",
     "U",
     {{{"IONIQ 5",
        "C8162",
        "Hyundai Mobis",
        "ccnc-hu",
        {{{"headunit", "ccnc-hu", {"1.0.9", "1.1.4", "1.2.0"}},
          {"tbox", "ccs2-tms", {"3.2.0", "3.3.1", "3.4.0"}},
          {"bms", "bms-egmp", {"S1", "S2", "S3"}},
          {"vcu", "vcu-egmp", {"2.0.1", "2.1.0", "2.1.3"}},
          {"adas", "hda2", {"2.0.0", "2.1.0", "2.2.0"}}}}},
       {"Tucson HEV",
        "J3AB2",
        "LG Electronics",
        "gen5w-hu",
        {{{"headunit", "gen5w-hu", {"5.0.2", "5.1.0", "5.2.1"}},
          {"tbox", "ccs-tms", {"2.7.0", "2.8.0", "2.8.3"}},
          {"ecm", "ecm-sm", {"9F0", "9F2", "9F3"}},
          {"gateway", "igw-2", {"1.1.0", "1.2.0", "1.2.4"}},
          {"cluster", "clu-12", {"3.0.0", "3.1.0", "3.1.2"}}}}}}},
     "en"},
    {"Volvo",
     "YV1",
     "V",
     {{{"EX30",
        "EX3RK",
        "Google",
        "aaos-hu",
        {{{"headunit", "aaos-hu", {"1.3.2", "1.4.0", "1.5.1"}},
          {"tbox", "tcam-5", {"6.0.0", "6.1.2", "6.2.0"}},
          {"bms", "bms-sea", {"1.0.0", "1.1.0", "1.1.3"}},
          {"gateway", "cgm-3", {"2.2.0", "2.3.0", "2.3.1"}},
          {"adas", "pilot-1", {"1.0.5", "1.1.0", "1.2.0"}}}}},
       {"XC60 Recharge",
        "UZAL5",
        "Google",
        "aaos-hu2",
        {{{"headunit", "aaos-hu2", {"2.8.1", "2.9.0", "3.0.2"}},
          {"tbox", "tcam-4", {"5.5.0", "5.6.0", "5.6.1"}},
          {"ecm", "ecm-vep4", {"32339", "32340", "32341"}},
          {"tcu", "tcu-aw8", {"4.0.0", "4.0.2", "4.1.0"}},
          {"cluster", "dim-12", {"2.0.0", "2.1.0", "2.1.4"}}}}}}},
     "en"},
    {"Renault",
     "VF1",
     "R",
     {{{"Megane E-Tech",
        "RCB00",
        "LG Electronics",
        "openr-link",
        {{{"headunit", "openr-link", {"2.1.0", "2.2.1", "2.3.0"}},
          {"tbox", "tcu-ivc", {"4.4.0", "4.5.0", "4.5.2"}},
          {"bms", "bms-cmfev", {"A12", "A13", "A14"}},
          {"gateway", "cgw-r5", {"1.0.3", "1.1.0", "1.1.1"}},
          {"adas", "adas-r3", {"3.1.0", "3.2.0", "3.2.2"}}}}},
       {"Clio Hybrid",
        "RJA00",
        "Continental",
        "easy-link",
        {{{"headunit", "easy-link", {"9.1.0", "9.2.0", "9.3.1"}},
          {"tbox", "tcu-ivc", {"4.4.0", "4.5.0", "4.5.2"}},
          {"ecm", "ecm-hr16", {"237100", "237101", "237102"}},
          {"tcu", "etech-mbox", {"1.5.0", "1.6.0", "1.6.1"}},
          {"cluster", "tdb-7", {"1.0.0", "1.0.4", "1.1.0"}}}}}}},
     "fr"},
}};

// Model-year code (VIN position 10) for 2020-2026.
constexpr std::array<char, 7> ModelYears{'L', 'M', 'N', 'P', 'R', 'S', 'T'};

int transliterate(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= '0' && u <= '9')
        return u - '0';
    static const char *letters = "ABCDEFGHJKLMNPRSTUVWXYZ";
    static const int values[] = {1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9};
    for (int i = 0; letters[i]; ++i) {
        if (u == char16_t(letters[i]))
            return values[i];
    }
    return -1;
}

} // namespace

QJsonObject VehicleProfile::toJson() const
{
    QJsonArray ecuArray;
    for (const EcuProfile &ecu : ecus)
        ecuArray.append(QJsonObject{{u"Ecu"_s, ecu.ecu}, {u"HwId"_s, ecu.hwId}, {u"SwV"_s, ecu.swVersion}});
    QJsonArray appArray;
    for (const AppProfile &app : apps)
        appArray.append(
            QJsonObject{{u"Id"_s, app.id}, {u"Name"_s, app.name}, {u"HwId"_s, app.hwId}, {u"Version"_s, app.version}});
    return QJsonObject{{u"vin"_s, vin},
                       {u"devId"_s, devId},
                       {u"manufacturer"_s, manufacturer},
                       {u"model"_s, model},
                       {u"oem"_s, oem},
                       {u"devType"_s, devType},
                       {u"fwVersion"_s, fwVersion},
                       {u"swVersion"_s, swVersion},
                       {u"hwVersion"_s, hwVersion},
                       {u"language"_s, language},
                       {u"ecus"_s, ecuArray},
                       {u"rxswin"_s, QJsonArray::fromStringList(rxswin)},
                       {u"codecs"_s, QJsonArray::fromStringList(codecs)},
                       {u"deltaMaxMemoryMiB"_s, deltaMaxMemoryMiB},
                       {u"apps"_s, appArray}};
}

QString VehicleProfile::unitVersion(const QString &unit, bool scomo) const
{
    if (scomo) {
        for (const AppProfile &app : apps) {
            if (app.id == unit)
                return app.version;
        }
        for (const EcuProfile &ecu : ecus) {
            if (ecu.ecu + u"-app"_s == unit)
                return ecu.swVersion;
        }
        return {};
    }
    for (const EcuProfile &ecu : ecus) {
        if (ecu.ecu == unit)
            return ecu.swVersion;
    }
    return {};
}

Result<VehicleProfile> VehicleProfile::fromJson(const QJsonObject &json)
{
    VehicleProfile profile;
    profile.vin = json.value(u"vin"_s).toString();
    profile.devId = json.value(u"devId"_s).toString();
    if (profile.vin.isEmpty() || profile.devId.isEmpty())
        return Error(u"vehicle profile needs vin and devId"_s);
    profile.manufacturer = json.value(u"manufacturer"_s).toString();
    profile.model = json.value(u"model"_s).toString();
    profile.oem = json.value(u"oem"_s).toString();
    profile.devType = json.value(u"devType"_s).toString(u"headunit"_s);
    profile.fwVersion = json.value(u"fwVersion"_s).toString();
    profile.swVersion = json.value(u"swVersion"_s).toString();
    profile.hwVersion = json.value(u"hwVersion"_s).toString();
    profile.language = json.value(u"language"_s).toString(u"en"_s);
    for (const QJsonValue &value : json.value(u"ecus"_s).toArray()) {
        const QJsonObject ecu = value.toObject();
        profile.ecus.append(
            {ecu.value(u"Ecu"_s).toString(), ecu.value(u"HwId"_s).toString(), ecu.value(u"SwV"_s).toString()});
    }
    for (const QJsonValue &value : json.value(u"rxswin"_s).toArray())
        profile.rxswin.append(value.toString());
    for (const QJsonValue &value : json.value(u"codecs"_s).toArray())
        profile.codecs.append(value.toString());
    profile.deltaMaxMemoryMiB = json.value(u"deltaMaxMemoryMiB"_s).toInt(64);
    for (const QJsonValue &value : json.value(u"apps"_s).toArray()) {
        const QJsonObject app = value.toObject();
        profile.apps.append({app.value(u"Id"_s).toString(), app.value(u"Name"_s).toString(),
                             app.value(u"HwId"_s).toString(), app.value(u"Version"_s).toString()});
    }
    return profile;
}

namespace vin {

QChar checkDigit(QStringView vin)
{
    static constexpr int weights[17] = {8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};
    if (vin.size() != 17)
        return u'?';
    int sum = 0;
    for (int i = 0; i < 17; ++i) {
        if (i == 8)
            continue;
        const int value = transliterate(vin[i]);
        if (value < 0)
            return u'?';
        sum += value * weights[i];
    }
    const int remainder = sum % 11;
    return remainder == 10 ? QChar(u'X') : QChar(char16_t(u'0' + remainder));
}

bool hasValidCheckDigit(QStringView vin)
{
    return vin.size() == 17 && checkDigit(vin) == vin[8];
}

} // namespace vin

FleetCatalog::FleetCatalog(quint32 seed)
    : m_seed(seed)
{}

VehicleProfile FleetCatalog::vehicle(int index) const
{
    // One generator per vehicle, seeded by (fleet seed, index): vehicle i never depends on others.
    QRandomGenerator random(quint32(m_seed * 2654435761u) ^ quint32(index * 40503u + 17u));
    const OemTemplate &oem = Oems[size_t(index) % Oems.size()];
    const ModelTemplate &model = oem.models[random.bounded(int(oem.models.size()))];
    // Most of a fleet runs the newest software, some lag one or two versions behind.
    const int generation = random.bounded(10) < 6 ? 2 : (random.bounded(2) == 0 ? 1 : 0);

    VehicleProfile profile;
    profile.oem = QString::fromLatin1(oem.brand);
    profile.model = QString::fromLatin1(model.name);
    profile.manufacturer = QString::fromLatin1(model.headUnitVendor);
    profile.hwVersion = QString::fromLatin1(model.hardware);
    profile.language = QString::fromLatin1(oem.language);
    for (const EcuTemplate &ecu : model.ecus) {
        // Each ECU may sit one generation apart from the head unit's.
        const int ecuGeneration = qBound(0, generation - (random.bounded(5) == 0 ? 1 : 0), 2);
        profile.ecus.append({QString::fromLatin1(ecu.ecu), QString::fromLatin1(ecu.hwId),
                             QString::fromLatin1(ecu.versions[size_t(ecuGeneration)])});
    }
    profile.swVersion = profile.ecus.first().swVersion;
    profile.fwVersion = u"fw-"_s + profile.swVersion;
    profile.rxswin = {u"R10-0001"_s, u"R156-%1-%2"_s.arg(QString::fromLatin1(oem.wmi)).arg(11 + generation)};

    // VIN: WMI + VDS + check digit + model year + plant + 6-digit serial (unique per index).
    const char year = ModelYears[size_t(random.bounded(int(ModelYears.size())))];
    const QString serial = QString::number(100000 + (index % 900000));
    QString vinText = QString::fromLatin1(oem.wmi) + QString::fromLatin1(model.vds) + u'0' + QChar::fromLatin1(year) +
                      QString::fromLatin1(oem.plant) + serial;
    vinText[8] = vin::checkDigit(vinText);
    profile.vin = vinText;
    profile.devId = u"HU-%1-%2"_s.arg(QString::fromLatin1(model.hardware).toUpper()).arg(serial);
    return profile;
}

} // namespace flotilla::agent
