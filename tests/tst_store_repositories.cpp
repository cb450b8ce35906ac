// Repositories: every field round-trips, filters and counts, constraints (unique VIN, foreign
// keys, cascade), the JSON and enum column formats, and the append-only event log.

#include "server/store/Database.h"
#include "server/store/Records.h"
#include "server/store/Repositories.h"
#include "server/store/Transaction.h"
#include "tests/tst_store_support.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QtTest>

#include <thread>

using namespace Qt::StringLiterals;
using namespace flotilla;
using namespace flotilla::store;
using flotilla::test::RawConnection;

namespace {

VehicleRecord fullVehicle(const QString &vin)
{
    VehicleRecord v;
    v.vin = vin;
    v.devId = u"IMEI:35693803564380"_s + vin.right(1);
    v.state = VehicleState::Accepted;
    v.manufacturer = u"Volkswagen"_s;
    v.model = u"Golf VIII"_s;
    v.oem = u"VW Group"_s;
    v.devType = u"TCU"_s;
    v.fwVersion = u"1.2.0"_s;
    v.swVersion = u"2024.05.1"_s;
    v.hwVersion = u"B2"_s;
    v.language = u"de-DE"_s;
    v.dmVersion = u"2.0"_s;
    v.codecs = {u"zstd-delta"_s, u"bsdiff"_s};
    v.deltaMaxMemoryMiB = 64;
    v.ecus = QJsonArray{QJsonObject{{u"Ecu"_s, u"TCU"_s}, {u"HwId"_s, u"TCU-B2"_s}, {u"SwV"_s, u"2024.05.1"_s}},
                        QJsonObject{{u"Ecu"_s, u"BCM"_s}, {u"HwId"_s, u"BCM-7"_s}, {u"SwV"_s, u"7.1.3"_s}}};
    v.rxswin = {u"R156-VW-0001"_s, u"R10-VW-0200"_s};
    v.registeredAtMs = 1'767'225'600'000;
    v.lastSeenAtMs = 1'767'312'000'000;
    v.lastAddress = u"192.0.2.10:50443"_s;
    v.sessionCount = 7;
    v.updatedAtMs = 1'767'312'000'123;
    return v;
}

VehicleRecord minimalVehicle(const QString &vin, VehicleState state = VehicleState::Pending)
{
    VehicleRecord v;
    v.vin = vin;
    v.devId = u"dev-"_s + vin;
    v.state = state;
    v.registeredAtMs = 1000;
    v.updatedAtMs = 1000;
    return v;
}

bool sameVehicle(const VehicleRecord &a, const VehicleRecord &b, QString *diff)
{
    auto check = [&](bool same, const char *field) {
        if (!same)
            *diff += QString::fromLatin1(field) + u' ';
    };
    check(a.id == b.id, "id");
    check(a.vin == b.vin, "vin");
    check(a.devId == b.devId, "devId");
    check(a.state == b.state, "state");
    check(a.manufacturer == b.manufacturer, "manufacturer");
    check(a.model == b.model, "model");
    check(a.oem == b.oem, "oem");
    check(a.devType == b.devType, "devType");
    check(a.fwVersion == b.fwVersion, "fwVersion");
    check(a.swVersion == b.swVersion, "swVersion");
    check(a.hwVersion == b.hwVersion, "hwVersion");
    check(a.language == b.language, "language");
    check(a.dmVersion == b.dmVersion, "dmVersion");
    check(a.codecs == b.codecs, "codecs");
    check(a.deltaMaxMemoryMiB == b.deltaMaxMemoryMiB, "deltaMaxMemoryMiB");
    check(a.ecus == b.ecus, "ecus");
    check(a.rxswin == b.rxswin, "rxswin");
    check(a.registeredAtMs == b.registeredAtMs, "registeredAtMs");
    check(a.lastSeenAtMs == b.lastSeenAtMs, "lastSeenAtMs");
    check(a.lastAddress == b.lastAddress, "lastAddress");
    check(a.sessionCount == b.sessionCount, "sessionCount");
    check(a.updatedAtMs == b.updatedAtMs, "updatedAtMs");
    return diff->isEmpty();
}

QStringList vinsOf(const QList<VehicleRecord> &vehicles)
{
    QStringList vins;
    for (const VehicleRecord &v : vehicles)
        vins.append(v.vin);
    return vins;
}

QList<qint64> idsOf(const QList<EventRecord> &events)
{
    QList<qint64> ids;
    for (const EventRecord &e : events)
        ids.append(e.id);
    return ids;
}

} // namespace

class TestStoreRepositories : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void enumNames_data();
    void enumNames();

    void vehicleRoundTripsEveryField();
    void vehicleOptionalAndEmptyFields();
    void vehicleJsonColumnsAreCompact();
    void vehicleUpdateEveryField();
    void vehicleUniqueVin();
    void vehicleUnknownIdIsNotFound();
    void vehicleFindByVins();
    void vehicleListOrderingAndPaging();
    void vehicleListFilters_data();
    void vehicleListFilters();
    void vehicleStateSessionAndCounts();

    void registrationRoundTripAndDecisions();
    void registrationListAndLatest();
    void registrationNonceUsed();
    void registrationNeedsVehicle();

    void tokenRoundTripRevokeAndExpiry();
    void tokenForMissingVehicleFails();

    void sessionLifecycle();
    void sessionAbandonOpen();

    void moSnapshotUpsertAndList();

    void eventLogOrderingAndCursor();
    void eventLogIsAppendOnly();

    void deletingVehicleCascades();
    void cachedStatementsSeeOtherConnectionsWrites();
    void repositoriesJoinTransactions();
    void connectionOfAnotherThreadIsRefused();

private:
    qint64 addVehicle(const VehicleRecord &vehicle);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<Database> m_database;
};

// Enum fields are compared by their names: QTest's toString() is shadowed for them by the
// store's toString() overloads (found by argument-dependent lookup), which return QString.

void TestStoreRepositories::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_database = test::openStore(*m_dir);
    QVERIFY(m_database);
}

void TestStoreRepositories::cleanup()
{
    m_database.reset();
    m_dir.reset();
}

qint64 TestStoreRepositories::addVehicle(const VehicleRecord &vehicle)
{
    const Result<qint64> id = VehicleRepository(m_database->connection()).insert(vehicle);
    if (!id.ok()) {
        qWarning("insert vehicle failed: %s", qPrintable(id.errorString()));
        return 0;
    }
    return id.value();
}

void TestStoreRepositories::enumNames_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("value");
    QTest::addColumn<QString>("name");
    const QList<std::tuple<QString, int, QString>> rows = {
        {u"vehicle"_s, int(VehicleState::Pending), u"pending"_s},
        {u"vehicle"_s, int(VehicleState::Accepted), u"accepted"_s},
        {u"vehicle"_s, int(VehicleState::Rejected), u"rejected"_s},
        {u"vehicle"_s, int(VehicleState::Blocked), u"blocked"_s},
        {u"vehicle"_s, int(VehicleState::Wiped), u"wiped"_s},
        {u"registration"_s, int(RegistrationState::Pending), u"pending"_s},
        {u"registration"_s, int(RegistrationState::Accepted), u"accepted"_s},
        {u"registration"_s, int(RegistrationState::Rejected), u"rejected"_s},
        {u"registration"_s, int(RegistrationState::Issued), u"issued"_s},
        {u"proof"_s, int(ProofStatus::Valid), u"valid"_s},
        {u"proof"_s, int(ProofStatus::Missing), u"missing"_s},
        {u"proof"_s, int(ProofStatus::Invalid), u"invalid"_s},
        {u"session"_s, int(SessionState::Open), u"open"_s},
        {u"session"_s, int(SessionState::Ended), u"ended"_s},
        {u"session"_s, int(SessionState::Abandoned), u"abandoned"_s},
        {u"session"_s, int(SessionState::Failed), u"failed"_s},
    };
    for (const auto &[kind, value, name] : rows)
        QTest::addRow("%s %s", qPrintable(kind), qPrintable(name)) << kind << value << name;
}

void TestStoreRepositories::enumNames()
{
    QFETCH(QString, kind);
    QFETCH(int, value);
    QFETCH(QString, name);
    if (kind == u"vehicle") {
        QCOMPARE(toString(VehicleState(value)), name);
        QCOMPARE(vehicleStateFromString(name), std::optional(VehicleState(value)));
        QCOMPARE(vehicleStateFromString(name.toUpper()), std::nullopt);
    } else if (kind == u"registration") {
        QCOMPARE(toString(RegistrationState(value)), name);
        QCOMPARE(registrationStateFromString(name), std::optional(RegistrationState(value)));
    } else if (kind == u"proof") {
        QCOMPARE(toString(ProofStatus(value)), name);
        QCOMPARE(proofStatusFromString(name), std::optional(ProofStatus(value)));
    } else {
        QCOMPARE(toString(SessionState(value)), name);
        QCOMPARE(sessionStateFromString(name), std::optional(SessionState(value)));
    }
    QCOMPARE(vehicleStateFromString(u"nonsense"), std::nullopt);
    QCOMPARE(sessionStateFromString(u""), std::nullopt);
}

void TestStoreRepositories::vehicleRoundTripsEveryField()
{
    VehicleRecord vehicle = fullVehicle(u"WVWZZZ1JZXW000001"_s);
    vehicle.id = addVehicle(vehicle);
    QVERIFY(vehicle.id > 0);
    VehicleRepository vehicles(m_database->connection());

    const auto byId = vehicles.findById(vehicle.id);
    QVERIFY2(byId.ok(), qPrintable(byId.errorString()));
    QVERIFY(byId->has_value());
    QString diff;
    QVERIFY2(sameVehicle(**byId, vehicle, &diff), qPrintable(diff));

    const auto byVin = vehicles.findByVin(vehicle.vin);
    QVERIFY(byVin.ok() && byVin->has_value());
    QVERIFY2(sameVehicle(**byVin, vehicle, &diff), qPrintable(diff));

    QVERIFY(!vehicles.findByVin(u"NOPE"_s)->has_value());
    QVERIFY(!vehicles.findById(vehicle.id + 100)->has_value());

    // Enum columns hold the lowercase names.
    QCOMPARE(test::queryValue(m_database->connection(), u"SELECT state FROM vehicles"_s).toString(), u"accepted"_s);
}

void TestStoreRepositories::vehicleOptionalAndEmptyFields()
{
    VehicleRecord vehicle = minimalVehicle(u"JN1AZ4EH7DM430112"_s);
    vehicle.id = addVehicle(vehicle);
    QVERIFY(vehicle.id > 0);
    const auto found = VehicleRepository(m_database->connection()).findById(vehicle.id);
    QVERIFY(found.ok() && found->has_value());
    QString diff;
    QVERIFY2(sameVehicle(**found, vehicle, &diff), qPrintable(diff));
    QVERIFY(!(*found)->deltaMaxMemoryMiB.has_value());
    QVERIFY(test::queryValue(m_database->connection(), u"SELECT delta_max_memory_mib FROM vehicles"_s).isNull());
    // Empty text is stored as '' (the columns are NOT NULL), not as NULL.
    QCOMPARE(test::queryValue(m_database->connection(), u"SELECT COUNT(*) FROM vehicles WHERE model = ''"_s).toInt(),
             1);
}

void TestStoreRepositories::vehicleJsonColumnsAreCompact()
{
    QVERIFY(addVehicle(fullVehicle(u"WVWZZZ1JZXW000001"_s)) > 0);
    RawConnection raw(m_dir->filePath(u"store.db"_s));
    QCOMPARE(raw.value(u"SELECT codecs FROM vehicles"_s).toString(), uR"(["zstd-delta","bsdiff"])"_s);
    QCOMPARE(raw.value(u"SELECT rxswin FROM vehicles"_s).toString(), uR"(["R156-VW-0001","R10-VW-0200"])"_s);
    QCOMPARE(raw.value(u"SELECT ecus FROM vehicles"_s).toString(),
             uR"([{"Ecu":"TCU","HwId":"TCU-B2","SwV":"2024.05.1"},{"Ecu":"BCM","HwId":"BCM-7","SwV":"7.1.3"}])"_s);
    QVERIFY(addVehicle(minimalVehicle(u"EMPTYJSON00000001"_s)) > 0);
    QCOMPARE(raw.value(u"SELECT codecs || ecus || rxswin FROM vehicles WHERE vin = 'EMPTYJSON00000001'"_s).toString(),
             u"[][][]"_s);
}

void TestStoreRepositories::vehicleUpdateEveryField()
{
    VehicleRecord vehicle = fullVehicle(u"WVWZZZ1JZXW000001"_s);
    vehicle.id = addVehicle(vehicle);
    QVERIFY(vehicle.id > 0);
    VehicleRecord changed;
    changed.id = vehicle.id;
    changed.vin = u"WVWZZZ1JZXW000099"_s;
    changed.devId = u"IMEI:000000000000099"_s;
    changed.state = VehicleState::Blocked;
    changed.manufacturer = u"Škoda"_s;
    changed.model = u"Octavia"_s;
    changed.oem = u"VW Group CZ"_s;
    changed.devType = u"HU"_s;
    changed.fwVersion = u"9"_s;
    changed.swVersion = u"10"_s;
    changed.hwVersion = u"11"_s;
    changed.language = u"cs-CZ"_s;
    changed.dmVersion = u"2.1"_s;
    changed.codecs = {u"xdelta3"_s};
    changed.deltaMaxMemoryMiB = std::nullopt;
    changed.ecus = QJsonArray{QJsonObject{{u"Ecu"_s, u"HU"_s}}};
    changed.rxswin = {};
    changed.registeredAtMs = 5;
    changed.lastSeenAtMs = 6;
    changed.lastAddress = u"[2001:db8::1]:443"_s;
    changed.sessionCount = 8;
    changed.updatedAtMs = 9;
    VehicleRepository vehicles(m_database->connection());
    const Status updated = vehicles.update(changed);
    QVERIFY2(updated.ok(), qPrintable(updated.errorString()));
    const auto found = vehicles.findById(vehicle.id);
    QVERIFY(found.ok() && found->has_value());
    QString diff;
    QVERIFY2(sameVehicle(**found, changed, &diff), qPrintable(diff));
    QVERIFY(!vehicles.findByVin(vehicle.vin)->has_value());
}

void TestStoreRepositories::vehicleUniqueVin()
{
    QVERIFY(addVehicle(minimalVehicle(u"VIN00000000000001"_s)) > 0);
    VehicleRecord twin = minimalVehicle(u"VIN00000000000001"_s);
    twin.devId = u"another device"_s;
    const Result<qint64> id = VehicleRepository(m_database->connection()).insert(twin);
    QVERIFY(!id.ok());
    QCOMPARE(id.errorString(), u"insert vehicle: UNIQUE constraint failed: vehicles.vin"_s);
    QCOMPARE(storeError(id.error()), StoreError::Constraint);

    // Updating another vehicle onto a taken VIN fails the same way.
    VehicleRecord other = minimalVehicle(u"VIN00000000000002"_s);
    other.id = addVehicle(other);
    other.vin = u"VIN00000000000001"_s;
    const Status updated = VehicleRepository(m_database->connection()).update(other);
    QVERIFY(!updated.ok());
    QCOMPARE(updated.errorString(), u"update vehicle: UNIQUE constraint failed: vehicles.vin"_s);
}

void TestStoreRepositories::vehicleUnknownIdIsNotFound()
{
    VehicleRepository vehicles(m_database->connection());
    VehicleRecord ghost = minimalVehicle(u"GHOST000000000001"_s);
    ghost.id = 999;
    QCOMPARE(storeError(vehicles.update(ghost).error()), StoreError::NotFound);
    QCOMPARE(storeError(vehicles.setState(999, VehicleState::Wiped, 1).error()), StoreError::NotFound);
    QCOMPARE(storeError(vehicles.recordSession(999, 1, u"x"_s).error()), StoreError::NotFound);
    QVERIFY(vehicles.update(ghost).errorString().contains(u"999"));
}

void TestStoreRepositories::vehicleFindByVins()
{
    for (const QString &vin : {u"C-VIN"_s, u"A-VIN"_s, u"B-VIN"_s, u"D-VIN"_s})
        QVERIFY(addVehicle(minimalVehicle(vin)) > 0);
    VehicleRepository vehicles(m_database->connection());
    const auto found = vehicles.findByVins({u"D-VIN"_s, u"A-VIN"_s, u"UNKNOWN"_s, u"A-VIN"_s, u"C-VIN"_s});
    QVERIFY2(found.ok(), qPrintable(found.errorString()));
    QCOMPARE(vinsOf(found.value()), (QStringList{u"A-VIN"_s, u"C-VIN"_s, u"D-VIN"_s}));
    QCOMPARE(vehicles.findByVins({})->size(), 0);

    // More VINs than fit one statement's IN list.
    QStringList many;
    for (int i = 0; i < 1200; ++i)
        many.append(u"MISSING-%1"_s.arg(i));
    many.append(u"B-VIN"_s);
    const auto manyFound = vehicles.findByVins(many);
    QVERIFY2(manyFound.ok(), qPrintable(manyFound.errorString()));
    QCOMPARE(vinsOf(manyFound.value()), QStringList{u"B-VIN"_s});
}

void TestStoreRepositories::vehicleListOrderingAndPaging()
{
    for (const QString &vin : {u"VIN-E"_s, u"VIN-A"_s, u"VIN-D"_s, u"VIN-B"_s, u"VIN-C"_s})
        QVERIFY(addVehicle(minimalVehicle(vin)) > 0);
    VehicleRepository vehicles(m_database->connection());
    VehicleFilter filter;
    QCOMPARE(vinsOf(vehicles.list(filter).value()),
             (QStringList{u"VIN-A"_s, u"VIN-B"_s, u"VIN-C"_s, u"VIN-D"_s, u"VIN-E"_s}));
    filter.limit = 2;
    QCOMPARE(vinsOf(vehicles.list(filter).value()), (QStringList{u"VIN-A"_s, u"VIN-B"_s}));
    filter.offset = 2;
    QCOMPARE(vinsOf(vehicles.list(filter).value()), (QStringList{u"VIN-C"_s, u"VIN-D"_s}));
    filter.offset = 4;
    QCOMPARE(vinsOf(vehicles.list(filter).value()), QStringList{u"VIN-E"_s});
    filter.offset = 10;
    QCOMPARE(vehicles.list(filter)->size(), 0);
    filter.limit = 0; // no limit
    filter.offset = 1;
    QCOMPARE(vehicles.list(filter)->size(), 4);
}

void TestStoreRepositories::vehicleListFilters_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("state"); // -1: any
    QTest::addColumn<QStringList>("expected");

    const int any = -1;
    QTest::newRow("everything") << QString() << any
                                << QStringList{u"1HGCM82633A004352"_s, u"TMBJJ7NE8J0123456"_s, u"WVWZZZ1JZXW000001"_s,
                                               u"WVWZZZ1JZXW000002"_s};
    QTest::newRow("VIN substring, lower case")
        << u"wvwzzz"_s << any << QStringList{u"WVWZZZ1JZXW000001"_s, u"WVWZZZ1JZXW000002"_s};
    QTest::newRow("DevID") << u"imei:4901"_s << any << QStringList{u"TMBJJ7NE8J0123456"_s};
    QTest::newRow("model, mixed case") << u"aCcOrD"_s << any << QStringList{u"1HGCM82633A004352"_s};
    QTest::newRow("OEM") << u"vw group"_s << any
                         << QStringList{u"TMBJJ7NE8J0123456"_s, u"WVWZZZ1JZXW000001"_s, u"WVWZZZ1JZXW000002"_s};
    QTest::newRow("percent is literal") << u"100%"_s << any << QStringList{u"WVWZZZ1JZXW000002"_s};
    QTest::newRow("underscore is literal") << u"e_up"_s << any << QStringList{u"WVWZZZ1JZXW000001"_s};
    QTest::newRow("backslash is literal") << u"a\\b"_s << any << QStringList{u"1HGCM82633A004352"_s};
    QTest::newRow("lone percent matches nothing extra") << u"%"_s << any << QStringList{u"WVWZZZ1JZXW000002"_s};
    QTest::newRow("state") << QString() << int(VehicleState::Blocked) << QStringList{u"TMBJJ7NE8J0123456"_s};
    QTest::newRow("text and state") << u"wvw"_s << int(VehicleState::Pending) << QStringList{u"WVWZZZ1JZXW000002"_s};
    QTest::newRow("no match") << u"tesla"_s << any << QStringList();
    QTest::newRow("quote in text") << u"o'brien"_s << any << QStringList();
}

void TestStoreRepositories::vehicleListFilters()
{
    QFETCH(QString, text);
    QFETCH(int, state);
    QFETCH(QStringList, expected);

    VehicleRecord golf = fullVehicle(u"WVWZZZ1JZXW000001"_s);
    golf.model = u"e_up"_s; // '_' must not match any single character
    VehicleRecord percent = minimalVehicle(u"WVWZZZ1JZXW000002"_s, VehicleState::Pending);
    percent.model = u"ID.3 100%"_s;
    percent.oem = u"VW Group"_s;
    VehicleRecord honda = minimalVehicle(u"1HGCM82633A004352"_s, VehicleState::Accepted);
    honda.model = u"Accord a\\b"_s;
    honda.oem = u"Honda"_s;
    VehicleRecord skoda = minimalVehicle(u"TMBJJ7NE8J0123456"_s, VehicleState::Blocked);
    skoda.devId = u"IMEI:490154203237518"_s;
    skoda.model = u"Octavia"_s;
    skoda.oem = u"VW Group"_s;
    VehicleRecord decoy = minimalVehicle(u"XXXXXXXXXXXXXXXXX"_s, VehicleState::Wiped);
    decoy.model = u"eXup 1000"_s; // would match "e_up" and "100%" if they were wildcards
    for (const VehicleRecord &v : {golf, percent, honda, skoda, decoy})
        QVERIFY(addVehicle(v) > 0);

    VehicleFilter filter;
    filter.text = text;
    if (state >= 0)
        filter.state = VehicleState(state);
    const auto listed = VehicleRepository(m_database->connection()).list(filter);
    QVERIFY2(listed.ok(), qPrintable(listed.errorString()));
    QStringList vins = vinsOf(listed.value());
    if (text.isEmpty() && state < 0)
        vins.removeAll(u"XXXXXXXXXXXXXXXXX"_s); // the decoy is there, as it should be
    QCOMPARE(vins, expected);
}

void TestStoreRepositories::vehicleStateSessionAndCounts()
{
    const qint64 a = addVehicle(minimalVehicle(u"VIN-A"_s, VehicleState::Pending));
    const qint64 b = addVehicle(minimalVehicle(u"VIN-B"_s, VehicleState::Pending));
    const qint64 c = addVehicle(minimalVehicle(u"VIN-C"_s, VehicleState::Accepted));
    QVERIFY(a > 0 && b > 0 && c > 0);
    VehicleRepository vehicles(m_database->connection());

    QVERIFY(vehicles.setState(b, VehicleState::Accepted, 5000).ok());
    const auto afterState = vehicles.findById(b);
    QCOMPARE(toString((*afterState)->state), toString(VehicleState::Accepted));
    QCOMPARE((*afterState)->updatedAtMs, 5000);

    QVERIFY(vehicles.recordSession(c, 7000, u"198.51.100.7:4711"_s).ok());
    QVERIFY(vehicles.recordSession(c, 8000, u"198.51.100.8:4712"_s).ok());
    const auto afterSession = vehicles.findById(c);
    QCOMPARE((*afterSession)->sessionCount, 2);
    QCOMPARE((*afterSession)->lastSeenAtMs, 8000);
    QCOMPARE((*afterSession)->lastAddress, u"198.51.100.8:4712"_s);
    QCOMPARE((*afterSession)->updatedAtMs, 1000); // a check-in is not an inventory change

    const auto counts = vehicles.countByState();
    QVERIFY2(counts.ok(), qPrintable(counts.errorString()));
    QCOMPARE(counts->size(), 5); // every state, zeros included
    QCOMPARE(counts->value(VehicleState::Pending), 1);
    QCOMPARE(counts->value(VehicleState::Accepted), 2);
    QCOMPARE(counts->value(VehicleState::Wiped), 0);
    QVERIFY(counts->contains(VehicleState::Wiped));

    QCOMPARE(vehicles.countSeenSince(8000).valueOr(-1), 1);
    QCOMPARE(vehicles.countSeenSince(8001).valueOr(-1), 0);
    QCOMPARE(vehicles.countSeenSince(0).valueOr(-1), 3);
}

void TestStoreRepositories::registrationRoundTripAndDecisions()
{
    const qint64 vehicleId = addVehicle(fullVehicle(u"WVWZZZ1JZXW000001"_s));
    QVERIFY(vehicleId > 0);
    RegistrationRepository registrations(m_database->connection());
    RegistrationRecord r;
    r.vehicleId = vehicleId;
    r.devId = u"IMEI:356938035643801"_s;
    r.state = RegistrationState::Pending;
    r.proof = ProofStatus::Invalid;
    r.nonce = u"n-7f3a9c"_s;
    r.peerAddress = u"192.0.2.10"_s;
    r.devInfo = QJsonObject{{u"DevId"_s, r.devId}, {u"Man"_s, u"Volkswagen"_s}, {u"Mod"_s, u"Golf VIII"_s}};
    r.csr = u"-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n"_s;
    r.requestedAtMs = 1000;
    const Result<qint64> id = registrations.insert(r);
    QVERIFY2(id.ok(), qPrintable(id.errorString()));
    r.id = id.value();
    r.vin = u"WVWZZZ1JZXW000001"_s; // joined from vehicles on reads

    auto check = [&](const RegistrationRecord &expected) {
        const auto found = registrations.findById(expected.id);
        QVERIFY2(found.ok(), qPrintable(found.errorString()));
        QVERIFY(found->has_value());
        const RegistrationRecord &g = **found;
        QCOMPARE(g.id, expected.id);
        QCOMPARE(g.vehicleId, expected.vehicleId);
        QCOMPARE(g.vin, expected.vin);
        QCOMPARE(g.devId, expected.devId);
        QCOMPARE(toString(g.state), toString(expected.state));
        QCOMPARE(toString(g.proof), toString(expected.proof));
        QCOMPARE(g.nonce, expected.nonce);
        QCOMPARE(g.peerAddress, expected.peerAddress);
        QCOMPARE(g.devInfo, expected.devInfo);
        QCOMPARE(g.csr, expected.csr);
        QCOMPARE(g.requestedAtMs, expected.requestedAtMs);
        QCOMPARE(g.decidedAtMs, expected.decidedAtMs);
        QCOMPARE(g.decidedBy, expected.decidedBy);
        QCOMPARE(g.reason, expected.reason);
    };
    check(r);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(test::queryValue(m_database->connection(), u"SELECT dev_info FROM registrations"_s).toString(),
             uR"({"DevId":"IMEI:356938035643801","Man":"Volkswagen","Mod":"Golf VIII"})"_s);
    QCOMPARE(
        test::queryValue(m_database->connection(), u"SELECT proof || '/' || state FROM registrations"_s).toString(),
        u"invalid/pending"_s);

    QVERIFY(registrations.decide(r.id, RegistrationState::Accepted, u"alice"_s, u"known vehicle"_s, 2000).ok());
    r.state = RegistrationState::Accepted;
    r.decidedBy = u"alice"_s;
    r.reason = u"known vehicle"_s;
    r.decidedAtMs = 2000;
    check(r);

    QVERIFY(registrations.markIssued(r.id, 3000).ok());
    r.state = RegistrationState::Issued; // the operator's decision time stays
    check(r);

    // Issued on a valid proof, without an operator: the issue time is the decision time.
    RegistrationRecord direct = r;
    direct.state = RegistrationState::Pending;
    direct.proof = ProofStatus::Valid;
    direct.decidedAtMs = 0;
    direct.decidedBy.clear();
    direct.reason.clear();
    direct.nonce = u"n-other"_s;
    direct.id = registrations.insert(direct).valueOr(0);
    QVERIFY(direct.id > 0);
    QVERIFY(registrations.markIssued(direct.id, 4000).ok());
    direct.state = RegistrationState::Issued;
    direct.decidedAtMs = 4000;
    check(direct);

    QCOMPARE(storeError(registrations.decide(9999, RegistrationState::Rejected, u"bob"_s, {}, 1).error()),
             StoreError::NotFound);
    QCOMPARE(storeError(registrations.markIssued(9999, 1).error()), StoreError::NotFound);
    QVERIFY(!registrations.findById(9999)->has_value());
}

void TestStoreRepositories::registrationListAndLatest()
{
    const qint64 v1 = addVehicle(minimalVehicle(u"VIN-1"_s));
    const qint64 v2 = addVehicle(minimalVehicle(u"VIN-2"_s));
    RegistrationRepository registrations(m_database->connection());
    auto add = [&](qint64 vehicleId, RegistrationState state, qint64 at) {
        RegistrationRecord r;
        r.vehicleId = vehicleId;
        r.devId = u"dev"_s;
        r.state = state;
        r.requestedAtMs = at;
        return registrations.insert(r).valueOr(0);
    };
    const qint64 r1 = add(v1, RegistrationState::Rejected, 1);
    const qint64 r2 = add(v2, RegistrationState::Pending, 2);
    const qint64 r3 = add(v1, RegistrationState::Pending, 3);
    const qint64 r4 = add(v1, RegistrationState::Issued, 4);
    QVERIFY(r1 && r2 && r3 && r4);

    auto ids = [](const QList<RegistrationRecord> &list) {
        QList<qint64> result;
        for (const RegistrationRecord &r : list)
            result.append(r.id);
        return result;
    };
    QCOMPARE(ids(registrations.list(std::nullopt).value()), (QList<qint64>{r4, r3, r2, r1})); // newest first
    QCOMPARE(ids(registrations.list(RegistrationState::Pending).value()), (QList<qint64>{r3, r2}));
    QCOMPARE(ids(registrations.list(RegistrationState::Pending, 1).value()), QList<qint64>{r3});
    QCOMPARE(registrations.list(RegistrationState::Accepted)->size(), 0);
    QCOMPARE(registrations.list(std::nullopt).value().constFirst().vin, u"VIN-1"_s);

    QCOMPARE((*registrations.findLatestForVehicle(v1))->id, r4);
    QCOMPARE((*registrations.findLatestForVehicle(v2))->id, r2);
    QVERIFY(!registrations.findLatestForVehicle(v2 + 100)->has_value());
}

void TestStoreRepositories::registrationNonceUsed()
{
    const qint64 v1 = addVehicle(minimalVehicle(u"VIN-1"_s));
    const qint64 v2 = addVehicle(minimalVehicle(u"VIN-2"_s));
    RegistrationRepository registrations(m_database->connection());
    RegistrationRecord r;
    r.vehicleId = v1;
    r.devId = u"dev"_s;
    r.nonce = u"nonce-abc"_s;
    QVERIFY(registrations.insert(r).ok());
    RegistrationRecord noProof;
    noProof.vehicleId = v1;
    noProof.devId = u"dev"_s;
    QVERIFY(registrations.insert(noProof).ok()); // nonce ''

    QCOMPARE(registrations.nonceUsed(v1, u"nonce-abc"_s).valueOr(false), true);
    QCOMPARE(registrations.nonceUsed(v1, u"nonce-ABC"_s).valueOr(true), false); // exact match
    QCOMPARE(registrations.nonceUsed(v1, u"nonce-xyz"_s).valueOr(true), false);
    QCOMPARE(registrations.nonceUsed(v2, u"nonce-abc"_s).valueOr(true), false); // per vehicle
    QCOMPARE(registrations.nonceUsed(v1, QString()).valueOr(true), false);      // no nonce: nothing to replay
}

void TestStoreRepositories::registrationNeedsVehicle()
{
    RegistrationRecord r;
    r.vehicleId = 4242;
    r.devId = u"dev"_s;
    const Result<qint64> id = RegistrationRepository(m_database->connection()).insert(r);
    QVERIFY(!id.ok());
    QCOMPARE(id.errorString(), u"insert registration: FOREIGN KEY constraint failed"_s);
}

void TestStoreRepositories::tokenRoundTripRevokeAndExpiry()
{
    const qint64 v1 = addVehicle(minimalVehicle(u"VIN-1"_s));
    const qint64 v2 = addVehicle(minimalVehicle(u"VIN-2"_s));
    TokenRepository tokens(m_database->connection());
    TokenRecord t;
    t.hash = u"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"_s;
    t.vehicleId = v1;
    t.devId = u"IMEI:1"_s;
    t.clientCertificateSha256 = u"ab12"_s;
    t.issuedAtMs = 1000;
    t.expiresAtMs = 10'000;
    QVERIFY(tokens.insert(t).ok());
    const auto found = tokens.find(t.hash);
    QVERIFY(found.ok() && found->has_value());
    QCOMPARE((*found)->hash, t.hash);
    QCOMPARE((*found)->vehicleId, t.vehicleId);
    QCOMPARE((*found)->devId, t.devId);
    QCOMPARE((*found)->clientCertificateSha256, t.clientCertificateSha256);
    QCOMPARE((*found)->issuedAtMs, t.issuedAtMs);
    QCOMPARE((*found)->expiresAtMs, t.expiresAtMs);
    QCOMPARE((*found)->revokedAtMs, 0);
    QVERIFY(!tokens.find(u"unknown"_s)->has_value());

    // Same hash twice: primary key.
    const Status twice = tokens.insert(t);
    QVERIFY(!twice.ok());
    QCOMPARE(storeError(twice.error()), StoreError::Constraint);

    TokenRecord older = t;
    older.hash = u"older"_s;
    older.revokedAtMs = 500; // revoked before
    older.expiresAtMs = 2000;
    QVERIFY(tokens.insert(older).ok());
    TokenRecord otherVehicle = t;
    otherVehicle.hash = u"other"_s;
    otherVehicle.vehicleId = v2;
    otherVehicle.expiresAtMs = 3000;
    QVERIFY(tokens.insert(otherVehicle).ok());

    QVERIFY(tokens.revokeAllForVehicle(v1, 7000).ok());
    QCOMPARE((*tokens.find(t.hash))->revokedAtMs, 7000);
    QCOMPARE((*tokens.find(u"older"_s))->revokedAtMs, 500); // first revocation kept
    QCOMPARE((*tokens.find(u"other"_s))->revokedAtMs, 0);

    QCOMPARE(tokens.deleteExpired(2000).valueOr(-1), 0); // strictly before
    QCOMPARE(tokens.deleteExpired(3001).valueOr(-1), 2);
    QVERIFY(!tokens.find(u"older"_s)->has_value());
    QVERIFY(!tokens.find(u"other"_s)->has_value());
    QVERIFY(tokens.find(t.hash)->has_value());
}

void TestStoreRepositories::tokenForMissingVehicleFails()
{
    TokenRecord t;
    t.hash = u"h"_s;
    t.vehicleId = 4242;
    t.devId = u"dev"_s;
    const Status inserted = TokenRepository(m_database->connection()).insert(t);
    QVERIFY(!inserted.ok());
    QCOMPARE(inserted.errorString(), u"insert token: FOREIGN KEY constraint failed"_s);
    QCOMPARE(storeError(inserted.error()), StoreError::Constraint);
}

void TestStoreRepositories::sessionLifecycle()
{
    const qint64 vehicleId = addVehicle(minimalVehicle(u"VIN-1"_s));
    SessionRepository sessions(m_database->connection());
    SessionRecord s;
    s.vehicleId = vehicleId;
    s.reason = u"client"_s;
    s.notificationId = u"ntf-42"_s;
    s.startedAtMs = 1000;
    s.peerAddress = u"192.0.2.1:1234"_s;
    const Result<qint64> id = sessions.insert(s);
    QVERIFY2(id.ok(), qPrintable(id.errorString()));
    s.id = id.value();

    auto check = [&](const SessionRecord &expected, const SessionRecord &g) {
        QCOMPARE(g.id, expected.id);
        QCOMPARE(g.vehicleId, expected.vehicleId);
        QCOMPARE(g.reason, expected.reason);
        QCOMPARE(g.notificationId, expected.notificationId);
        QCOMPARE(toString(g.state), toString(expected.state));
        QCOMPARE(g.startedAtMs, expected.startedAtMs);
        QCOMPARE(g.endedAtMs, expected.endedAtMs);
        QCOMPARE(g.packages, expected.packages);
        QCOMPARE(g.pendingCommands, expected.pendingCommands);
        QCOMPARE(g.peerAddress, expected.peerAddress);
        QCOMPARE(g.outcome, expected.outcome);
    };
    auto open = sessions.findOpenForVehicle(vehicleId);
    QVERIFY(open.ok() && open->has_value());
    check(s, **open);

    s.packages = 2;
    s.pendingCommands = QJsonArray{QJsonObject{{u"CmdID"_s, 3}, {u"Cmd"_s, u"Get"_s}}};
    QVERIFY(sessions.update(s).ok());
    open = sessions.findOpenForVehicle(vehicleId);
    QVERIFY(open->has_value());
    check(s, **open);
    QCOMPARE(test::queryValue(m_database->connection(), u"SELECT pending_commands FROM dm_sessions"_s).toString(),
             uR"([{"Cmd":"Get","CmdID":3}])"_s);

    s.state = SessionState::Ended;
    s.endedAtMs = 2000;
    s.outcome = u"ended"_s;
    s.pendingCommands = {};
    QVERIFY(sessions.update(s).ok());
    QVERIFY(!sessions.findOpenForVehicle(vehicleId)->has_value());
    const auto listed = sessions.listForVehicle(vehicleId);
    QCOMPARE(listed->size(), 1);
    check(s, listed->constFirst());

    SessionRecord ghost = s;
    ghost.id = 999;
    QCOMPARE(storeError(sessions.update(ghost).error()), StoreError::NotFound);
    SessionRecord orphan = s;
    orphan.vehicleId = 4242;
    QCOMPARE(storeError(sessions.insert(orphan).error()), StoreError::Constraint);
}

void TestStoreRepositories::sessionAbandonOpen()
{
    const qint64 v1 = addVehicle(minimalVehicle(u"VIN-1"_s));
    const qint64 v2 = addVehicle(minimalVehicle(u"VIN-2"_s));
    SessionRepository sessions(m_database->connection());
    auto add = [&](qint64 vehicleId, SessionState state, qint64 at) {
        SessionRecord s;
        s.vehicleId = vehicleId;
        s.reason = u"server"_s;
        s.state = state;
        s.startedAtMs = at;
        return sessions.insert(s).valueOr(0);
    };
    const qint64 ended = add(v1, SessionState::Ended, 1);
    const qint64 open1 = add(v1, SessionState::Open, 2);
    const qint64 open2 = add(v1, SessionState::Open, 3);
    const qint64 otherVehicle = add(v2, SessionState::Open, 4);
    QVERIFY(ended && open1 && open2 && otherVehicle);

    QCOMPARE((*sessions.findOpenForVehicle(v1))->id, open2); // the newest open one

    const Result<int> abandoned = sessions.abandonOpen(v1, 5000, u"abandoned: new package #1"_s);
    QCOMPARE(abandoned.valueOr(-1), 2);
    QVERIFY(!sessions.findOpenForVehicle(v1)->has_value());
    const QList<SessionRecord> list = sessions.listForVehicle(v1).value();
    QCOMPARE(list.size(), 3);
    QCOMPARE(list.at(0).id, open2); // newest first
    QCOMPARE(toString(list.at(0).state), toString(SessionState::Abandoned));
    QCOMPARE(list.at(0).endedAtMs, 5000);
    QCOMPARE(list.at(0).outcome, u"abandoned: new package #1"_s);
    QCOMPARE(list.at(1).id, open1);
    QCOMPARE(toString(list.at(1).state), toString(SessionState::Abandoned));
    QCOMPARE(list.at(2).id, ended);
    QCOMPARE(toString(list.at(2).state), toString(SessionState::Ended)); // untouched
    QCOMPARE(list.at(2).endedAtMs, 0);
    QCOMPARE((*sessions.findOpenForVehicle(v2))->id, otherVehicle);
    QCOMPARE(sessions.abandonOpen(v1, 6000, u"again"_s).valueOr(-1), 0);
    QCOMPARE(sessions.listForVehicle(v1, 1)->size(), 1);
}

void TestStoreRepositories::moSnapshotUpsertAndList()
{
    const qint64 v1 = addVehicle(minimalVehicle(u"VIN-1"_s));
    const qint64 v2 = addVehicle(minimalVehicle(u"VIN-2"_s));
    MoSnapshotRepository snapshots(m_database->connection());
    MoSnapshot devInfo{v1, u"urn:oma:mo:oma-dm-devinfo:1.2"_s, u"./DevInfo"_s,
                       QJsonObject{{u"Man"_s, u"VW"_s}, {u"Lang"_s, u"de"_s}}, 1000};
    MoSnapshot scomo{v1, u"urn:oma:mo:oma-scomo:1.0"_s, u"./SCOMO"_s, QJsonObject{{u"Inventory"_s, QJsonArray{1, 2}}},
                     1100};
    QVERIFY(snapshots.put(devInfo).ok());
    QVERIFY(snapshots.put(scomo).ok());
    QVERIFY(snapshots.put({v2, devInfo.moid, u"./DevInfo"_s, QJsonObject{{u"Man"_s, u"Honda"_s}}, 900}).ok());

    auto got = snapshots.get(v1, devInfo.moid);
    QVERIFY(got.ok() && got->has_value());
    QCOMPARE((*got)->clientUri, devInfo.clientUri);
    QCOMPARE((*got)->data, devInfo.data);
    QCOMPARE((*got)->receivedAtMs, 1000);

    // Replaced, not duplicated.
    devInfo.clientUri = u"./Vendor/DevInfo"_s;
    devInfo.data = QJsonObject{{u"Man"_s, u"Volkswagen"_s}};
    devInfo.receivedAtMs = 2000;
    QVERIFY(snapshots.put(devInfo).ok());
    got = snapshots.get(v1, devInfo.moid);
    QCOMPARE((*got)->clientUri, u"./Vendor/DevInfo"_s);
    QCOMPARE((*got)->data, devInfo.data);
    QCOMPARE((*got)->receivedAtMs, 2000);

    const QList<MoSnapshot> list = snapshots.listForVehicle(v1).value();
    QCOMPARE(list.size(), 2);
    QCOMPARE(list.at(0).moid, devInfo.moid); // ordered by MOID
    QCOMPARE(list.at(1).moid, scomo.moid);
    QCOMPARE(list.at(1).data, scomo.data);
    QVERIFY(!snapshots.get(v2, scomo.moid)->has_value());
    QCOMPARE(storeError(snapshots.put({4242, scomo.moid, {}, {}, 1}).error()), StoreError::Constraint);
}

void TestStoreRepositories::eventLogOrderingAndCursor()
{
    const qint64 v1 = addVehicle(minimalVehicle(u"VIN-1"_s));
    EventLog log(m_database->connection());
    QList<qint64> ids;
    for (int i = 0; i < 6; ++i) {
        EventRecord e;
        e.atMs = 1000 + i;
        e.kind = i % 2 ? u"vehicle.seen"_s : u"system.started"_s;
        if (i % 2) {
            e.vehicleId = v1;
            e.vin = u"VIN-1"_s;
        }
        e.actor = i % 2 ? u"vehicle"_s : u"system"_s;
        e.summary = u"event %1"_s.arg(i);
        e.data = QJsonObject{{u"i"_s, i}};
        const Result<qint64> id = log.append(e);
        QVERIFY2(id.ok(), qPrintable(id.errorString()));
        if (!ids.isEmpty())
            QVERIFY(id.value() > ids.constLast());
        ids.append(id.value());
    }

    const QList<EventRecord> newest = log.list(0, 4).value();
    QCOMPARE(idsOf(newest), (QList<qint64>{ids[5], ids[4], ids[3], ids[2]}));
    QCOMPARE(newest.at(0).atMs, 1005);
    QCOMPARE(newest.at(0).kind, u"vehicle.seen"_s);
    QCOMPARE(newest.at(0).vehicleId, std::optional<qint64>(v1));
    QCOMPARE(newest.at(0).vin, u"VIN-1"_s);
    QCOMPARE(newest.at(0).actor, u"vehicle"_s);
    QCOMPARE(newest.at(0).summary, u"event 5"_s);
    QCOMPARE(newest.at(0).data, (QJsonObject{{u"i"_s, 5}}));
    QCOMPARE(newest.at(1).vehicleId, std::nullopt);
    QCOMPARE(newest.at(1).vin, QString());

    QCOMPARE(idsOf(log.list(ids[1], 3).value()), (QList<qint64>{ids[2], ids[3], ids[4]})); // ascending after
    QCOMPARE(idsOf(log.list(ids[5], 3).value()), QList<qint64>());
    QCOMPARE(idsOf(log.list(0, 10, v1).value()), (QList<qint64>{ids[5], ids[3], ids[1]}));
    QCOMPARE(idsOf(log.list(ids[1], 10, v1).value()), (QList<qint64>{ids[3], ids[5]}));
    QCOMPARE(log.list(0, 0)->size(), 6); // limit 0: everything
}

void TestStoreRepositories::eventLogIsAppendOnly()
{
    EventLog log(m_database->connection());
    EventRecord e;
    e.atMs = 1;
    e.kind = u"k"_s;
    e.actor = u"system"_s;
    e.summary = u"s"_s;
    QVERIFY(log.append(e).ok());
    RawConnection raw(m_dir->filePath(u"store.db"_s));
    QString error;
    QVERIFY(!raw.exec(u"UPDATE events SET summary = 'changed'"_s, &error));
    QCOMPARE(error, u"events are append-only"_s);
    QVERIFY(!raw.exec(u"DELETE FROM events"_s, &error));
    QCOMPARE(error, u"events are append-only"_s);
    QCOMPARE(raw.value(u"SELECT summary FROM events"_s).toString(), u"s"_s);
    QCOMPARE(raw.value(u"SELECT COUNT(*) FROM events"_s).toInt(), 1);
}

void TestStoreRepositories::deletingVehicleCascades()
{
    const qint64 gone = addVehicle(minimalVehicle(u"VIN-GONE"_s));
    const qint64 kept = addVehicle(minimalVehicle(u"VIN-KEPT"_s));
    QSqlDatabase db = m_database->connection();
    for (qint64 vehicleId : {gone, kept}) {
        RegistrationRecord r;
        r.vehicleId = vehicleId;
        r.devId = u"dev"_s;
        QVERIFY(RegistrationRepository(db).insert(r).ok());
        TokenRecord t;
        t.hash = u"hash-"_s + QString::number(vehicleId);
        t.vehicleId = vehicleId;
        t.devId = u"dev"_s;
        QVERIFY(TokenRepository(db).insert(t).ok());
        SessionRecord s;
        s.vehicleId = vehicleId;
        s.reason = u"client"_s;
        QVERIFY(SessionRepository(db).insert(s).ok());
        QVERIFY(MoSnapshotRepository(db).put({vehicleId, u"urn:x"_s, u"./X"_s, {}, 1}).ok());
    }
    QSqlQuery remove(db);
    QVERIFY(remove.exec(u"DELETE FROM vehicles WHERE vin = 'VIN-GONE'"_s));
    for (const QString &table : {u"registrations"_s, u"tokens"_s, u"dm_sessions"_s, u"mo_snapshots"_s}) {
        QCOMPARE(test::queryValue(db, u"SELECT COUNT(*) FROM "_s + table).toInt(), 1);
        QCOMPARE(test::queryValue(db, u"SELECT vehicle_id FROM "_s + table).toLongLong(), kept);
    }
}

void TestStoreRepositories::cachedStatementsSeeOtherConnectionsWrites()
{
    // Statements are prepared once per connection and reused; a reused SELECT that was not reset
    // would pin an old WAL snapshot and miss later writes of other connections.
    const qint64 id = addVehicle(minimalVehicle(u"VIN-1"_s));
    VehicleRepository here(m_database->connection());
    QCOMPARE((*here.findById(id))->model, QString());
    QCOMPARE(here.list({})->size(), 1);
    {
        RawConnection other(m_dir->filePath(u"store.db"_s));
        QVERIFY(other.exec(u"UPDATE vehicles SET model = 'Leaf'"_s));
        QVERIFY(other.exec(u"INSERT INTO vehicles (vin, dev_id, state, registered_at, updated_at) "
                           u"VALUES ('VIN-2', 'd', 'pending', 1, 1)"_s));
    }
    QCOMPARE((*here.findById(id))->model, u"Leaf"_s);
    QCOMPARE(here.list({})->size(), 2);
    QCOMPARE(here.countByState()->value(VehicleState::Pending), 2);
}

void TestStoreRepositories::repositoriesJoinTransactions()
{
    QSqlDatabase db = m_database->connection();
    {
        Transaction transaction(db);
        VehicleRepository vehicles(db);
        const qint64 id = vehicles.insert(minimalVehicle(u"VIN-1"_s)).valueOr(0);
        QVERIFY(id > 0);
        QVERIFY(vehicles.findById(id)->has_value()); // its own writes are visible inside
        EventRecord e;
        e.kind = u"vehicle.registered"_s;
        e.vehicleId = id;
        e.actor = u"system"_s;
        e.summary = u"registered"_s;
        QVERIFY(EventLog(db).append(e).ok());
    } // no commit
    QCOMPARE(test::queryValue(db, u"SELECT COUNT(*) FROM vehicles"_s).toInt(), 0);
    QCOMPARE(test::queryValue(db, u"SELECT COUNT(*) FROM events"_s).toInt(), 0);
}

void TestStoreRepositories::connectionOfAnotherThreadIsRefused()
{
    // Handing this thread's connection to another thread is a bug; the store says so instead of
    // letting two threads share one SQLite handle and its cached statements.
    const qint64 id = addVehicle(minimalVehicle(u"VIN-1"_s));
    QSqlDatabase mine = m_database->connection();
    QTest::ignoreMessage(QtCriticalMsg, "a connection was used on a thread that does not own it");
    QString findError;
    QString beginError;
    std::thread other([&] {
        const auto found = VehicleRepository(mine).findById(id);
        findError = found.ok() ? u"no error"_s : found.errorString();
        Transaction transaction(mine);
        beginError = transaction.isActive() ? u"active"_s : transaction.beginStatus().errorString();
    });
    other.join();
    QVERIFY2(findError.startsWith(u"find vehicle by id: the connection belongs to another thread"),
             qPrintable(findError));
    QVERIFY2(beginError.startsWith(u"begin transaction: the connection belongs to another thread"),
             qPrintable(beginError));
    QVERIFY(VehicleRepository(mine).findById(id)->has_value()); // fine on its own thread
}

QTEST_GUILESS_MAIN(TestStoreRepositories)
#include "tst_store_repositories.moc"
