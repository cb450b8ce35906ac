// The management REST API over real TLS against a real ServerRuntime (docs/api.md).

#include "core/omadm/Codec.h"
#include "server/FleetService.h"
#include "server/ServerRuntime.h"
#include "server/api/ManagementApi.h"
#include "tests/ApiTestSupport.h"
#include "tests/support/TestSupport.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace flotilla;
using namespace Qt::StringLiterals;

namespace {

using HeaderList = QList<std::pair<QByteArray, QByteArray>>;

QJsonObject jsonOf(const test::RawResponse &response)
{
    return QJsonDocument::fromJson(response.body).object();
}

QStringList vinsOf(const QJsonArray &items)
{
    QStringList vins;
    for (const QJsonValue &item : items)
        vins.append(item.toObject().value(u"vin"_s).toString());
    return vins;
}

} // namespace

class tst_ManagementApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void rejectsMissingOrWrongToken_data();
    void rejectsMissingOrWrongToken();
    void acceptsBearerSchemeInAnyCase();
    void root();
    void status();
    void unknownRouteIs404_data();
    void unknownRouteIs404();
    void wrongMethodIs405_data();
    void wrongMethodIs405();
    void badQueryParametersAre400_data();
    void badQueryParametersAre400();
    void badBodies_data();
    void badBodies();
    void oversizedBodyIsJson413();
    void pendingVehicleIsListed();
    void vehicleWithValidProofIsAccepted();
    void vehicleDetails();
    void unknownVehicleIs404();
    void acceptFlow();
    void rejectFlow();
    void decisionsOnUnknownVehicleAre404();
    void enrollmentKeyRotation();
    void events();
    void keepAliveConnectionServesManyRequests();

private:
    test::RawResponse call(const QByteArray &method, const QByteArray &target, const QByteArray &body = {},
                           HeaderList headers = {});
    test::RawResponse callWithoutToken(const QByteArray &method, const QByteArray &target, HeaderList headers,
                                       const QByteArray &body = {});
    void verifyError(const test::RawResponse &response, int status);

    QTemporaryDir m_dir;
    std::unique_ptr<server::ServerRuntime> m_runtime;
    QByteArray m_token;
};

void tst_ManagementApi::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_runtime = test::startApiTestRuntime(m_dir.path());
    QVERIFY(m_runtime);
    QVERIFY(m_runtime->apiPort() != 0);
    m_token = m_runtime->apiToken().toUtf8();
    QVERIFY(!m_token.isEmpty());
}

void tst_ManagementApi::cleanupTestCase()
{
    m_runtime.reset();
}

test::RawResponse tst_ManagementApi::callWithoutToken(const QByteArray &method, const QByteArray &target,
                                                      HeaderList headers, const QByteArray &body)
{
    test::RawTlsClient client(m_runtime->caCertificatePem());
    if (!client.connectTo(u"127.0.0.1"_s, m_runtime->apiPort())) {
        qWarning("cannot connect to the API: %s", qPrintable(client.errorString()));
        return {};
    }
    return client.request(method, target, headers, body);
}

test::RawResponse tst_ManagementApi::call(const QByteArray &method, const QByteArray &target, const QByteArray &body,
                                          HeaderList headers)
{
    headers.prepend(std::pair<QByteArray, QByteArray>("Authorization", "Bearer " + m_token));
    if (!body.isEmpty() && std::none_of(headers.begin(), headers.end(), [](const auto &h) {
            return h.first.compare("Content-Type", Qt::CaseInsensitive) == 0;
        })) {
        headers.append(std::pair<QByteArray, QByteArray>("Content-Type", "application/json"));
    }
    return callWithoutToken(method, target, headers, body);
}

void tst_ManagementApi::verifyError(const test::RawResponse &response, int status)
{
    QCOMPARE(response.status, status);
    QVERIFY2(response.header("Content-Type").startsWith("application/json"), response.header("Content-Type"));
    const QJsonObject error = jsonOf(response).value(u"error"_s).toObject();
    QCOMPARE(error.value(u"status"_s).toInt(), status);
    QVERIFY2(!error.value(u"message"_s).toString().isEmpty(), response.body);
}

void tst_ManagementApi::rejectsMissingOrWrongToken_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("authorization"); // empty: no header
    QTest::addColumn<bool>("invalidToken");        // error="invalid_token" expected

    QTest::newRow("no header") << QByteArray("/api/v1/status") << QByteArray() << false;
    QTest::newRow("wrong token") << QByteArray("/api/v1/status") << QByteArray("Bearer wrong") << true;
    QTest::newRow("token prefix") << QByteArray("/api/v1/status") << QByteArray("Bearer abc") << true;
    QTest::newRow("empty bearer") << QByteArray("/api/v1/status") << QByteArray("Bearer ") << true;
    QTest::newRow("basic scheme") << QByteArray("/api/v1/status") << QByteArray("Basic YWRtaW46YWRtaW4=") << true;
    // Authentication comes before routing: an unknown route does not answer 404 to strangers.
    QTest::newRow("unknown route") << QByteArray("/api/v1/nope") << QByteArray() << false;
    QTest::newRow("root") << QByteArray("/api/v1") << QByteArray("Bearer x") << true;
}

void tst_ManagementApi::rejectsMissingOrWrongToken()
{
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, authorization);
    QFETCH(bool, invalidToken);

    HeaderList headers;
    if (!authorization.isEmpty())
        headers.append(std::pair<QByteArray, QByteArray>("Authorization", authorization));
    const test::RawResponse response = callWithoutToken("GET", target, headers);
    verifyError(response, 401);
    const QByteArray challenge = response.header("WWW-Authenticate");
    QVERIFY2(challenge.startsWith("Bearer"), challenge);
    QCOMPARE(challenge.contains("invalid_token"), invalidToken);

    // The right token, with a byte changed at the end, is still wrong.
    QByteArray almost = m_token;
    almost.back() = almost.back() == 'A' ? 'B' : 'A';
    verifyError(callWithoutToken("GET", target, {{"Authorization", "Bearer " + almost}}), 401);
}

void tst_ManagementApi::acceptsBearerSchemeInAnyCase()
{
    const test::RawResponse response =
        callWithoutToken("GET", "/api/v1/status", {{"Authorization", "bearer " + m_token}});
    QCOMPARE(response.status, 200);
}

void tst_ManagementApi::root()
{
    const test::RawResponse response = call("GET", "/api/v1");
    QCOMPARE(response.status, 200);
    QVERIFY(response.header("Content-Type").startsWith("application/json"));
    QCOMPARE(response.header("Cache-Control"), QByteArray("no-store"));
    const QJsonObject root = jsonOf(response);
    QCOMPARE(root.value(u"apiVersion"_s).toInt(), server::api::ApiVersion);
    QCOMPARE(root.value(u"server"_s).toString(), u"flotilla"_s);
    QCOMPARE(root.value(u"version"_s).toString(), QStringLiteral(FLOTILLA_VERSION));
    // A trailing slash names the same resource.
    QCOMPARE(call("GET", "/api/v1/").status, 200);
}

void tst_ManagementApi::status()
{
    const test::RawResponse response = call("GET", "/api/v1/status");
    QCOMPARE(response.status, 200);
    const QJsonObject status = jsonOf(response);
    const Result<server::ServerStatus> expected = m_runtime->fleet().status();
    QVERIFY2(expected.ok(), qPrintable(expected.errorString()));
    QCOMPARE(status.value(u"apiVersion"_s).toInt(), 1);
    QCOMPARE(status.value(u"serverId"_s).toString(), expected->serverId);
    QCOMPARE(status.value(u"apiUrl"_s).toString(), m_runtime->apiUrl());
    QCOMPARE(status.value(u"deviceUrl"_s).toString(), m_runtime->deviceUrl());
    QCOMPARE(status.value(u"pollSeconds"_s).toInt(), m_runtime->config().pollSeconds);
    for (const QString &count : {u"vehicles"_s, u"accepted"_s, u"pendingVehicles"_s, u"rejected"_s, u"blocked"_s,
                                 u"pendingRegistrations"_s, u"online"_s, u"sessions"_s}) {
        QVERIFY2(status.value(count).isDouble(), qPrintable(count));
    }
    QCOMPARE(status.value(u"startedAtMs"_s).toInteger(), expected->startedAtMs);
    const QString startedText = status.value(u"startedAt"_s).toString();
    QVERIFY2(startedText.endsWith(u'Z'), qPrintable(startedText)); // UTC, written as UTC
    const QDateTime started = QDateTime::fromString(startedText, Qt::ISODateWithMs);
    QVERIFY(started.isValid());
    QCOMPARE(started.toMSecsSinceEpoch(), expected->startedAtMs);
}

void tst_ManagementApi::unknownRouteIs404_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::newRow("unknown") << QByteArray("GET") << QByteArray("/api/v1/nope");
    QTest::newRow("other version") << QByteArray("GET") << QByteArray("/api/v2/status");
    QTest::newRow("outside prefix") << QByteArray("GET") << QByteArray("/status");
    QTest::newRow("slash") << QByteArray("GET") << QByteArray("/");
    QTest::newRow("too deep") << QByteArray("GET") << QByteArray("/api/v1/vehicles/X/extra");
    QTest::newRow("unknown action") << QByteArray("POST") << QByteArray("/api/v1/registrations/X/approve");
}

void tst_ManagementApi::unknownRouteIs404()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    verifyError(call(method, target), 404);
}

void tst_ManagementApi::wrongMethodIs405_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("allow");
    QTest::newRow("POST status") << QByteArray("POST") << QByteArray("/api/v1/status") << QByteArray("GET");
    QTest::newRow("DELETE vehicles") << QByteArray("DELETE") << QByteArray("/api/v1/vehicles") << QByteArray("GET");
    QTest::newRow("GET accept") << QByteArray("GET") << QByteArray("/api/v1/registrations/X/accept")
                                << QByteArray("POST");
    QTest::newRow("PUT key") << QByteArray("PUT") << QByteArray("/api/v1/enrollment-key") << QByteArray("GET");
}

void tst_ManagementApi::wrongMethodIs405()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, allow);
    const test::RawResponse response = call(method, target);
    verifyError(response, 405);
    QCOMPARE(response.header("Allow"), allow);
}

void tst_ManagementApi::badQueryParametersAre400_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QString>("mentions"); // the message names what is wrong

    QTest::newRow("limit zero") << QByteArray("/api/v1/vehicles?limit=0") << u"limit"_s;
    QTest::newRow("limit text") << QByteArray("/api/v1/vehicles?limit=ten") << u"limit"_s;
    QTest::newRow("limit too big") << QByteArray("/api/v1/vehicles?limit=1001") << u"limit"_s;
    QTest::newRow("negative offset") << QByteArray("/api/v1/vehicles?offset=-1") << u"offset"_s;
    QTest::newRow("vehicle state") << QByteArray("/api/v1/vehicles?state=flying") << u"state"_s;
    QTest::newRow("unknown parameter") << QByteArray("/api/v1/vehicles?stat=pending") << u"stat"_s;
    QTest::newRow("twice") << QByteArray("/api/v1/vehicles?limit=1&limit=2") << u"limit"_s;
    QTest::newRow("q too long") << "/api/v1/vehicles?q=" + QByteArray(201, 'x') << u"q"_s;
    QTest::newRow("registration state") << QByteArray("/api/v1/registrations?state=maybe") << u"state"_s;
    QTest::newRow("events after") << QByteArray("/api/v1/events?after=-5") << u"after"_s;
    QTest::newRow("events limit") << QByteArray("/api/v1/events?limit=x") << u"limit"_s;
    QTest::newRow("status takes none") << QByteArray("/api/v1/status?verbose=1") << u"verbose"_s;
}

void tst_ManagementApi::badQueryParametersAre400()
{
    QFETCH(QByteArray, target);
    QFETCH(QString, mentions);
    const test::RawResponse response = call("GET", target);
    verifyError(response, 400);
    const QString message = jsonOf(response).value(u"error"_s).toObject().value(u"message"_s).toString();
    QVERIFY2(message.contains(mentions), qPrintable(message));
}

void tst_ManagementApi::badBodies_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");

    const QByteArray reject = "/api/v1/registrations/WVWZZZ1JZXW009999/reject";
    QTest::newRow("not JSON") << reject << QByteArray("application/json") << QByteArray("{nope") << 400;
    QTest::newRow("array") << reject << QByteArray("application/json") << QByteArray("[]") << 400;
    QTest::newRow("unknown field") << reject << QByteArray("application/json") << QByteArray(R"({"reasn":"x"})") << 400;
    QTest::newRow("actor not text") << reject << QByteArray("application/json") << QByteArray(R"({"actor":5})") << 400;
    QTest::newRow("reason too long") << reject << QByteArray("application/json")
                                     << R"({"reason":")" + QByteArray(1001, 'r') + R"("})" << 400;
    QTest::newRow("text/plain") << reject << QByteArray("text/plain") << QByteArray("{}") << 415;
    QTest::newRow("form") << reject << QByteArray("application/x-www-form-urlencoded") << QByteArray("actor=x") << 415;
    QTest::newRow("accept has no reason") << QByteArray("/api/v1/registrations/WVWZZZ1JZXW009999/accept")
                                          << QByteArray("application/json") << QByteArray(R"({"reason":"x"})") << 400;
}

void tst_ManagementApi::badBodies()
{
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    // Validation comes before the facade: the unknown VIN would otherwise give 404.
    verifyError(call("POST", target, body, {{"Content-Type", contentType}}), status);
}

void tst_ManagementApi::oversizedBodyIsJson413()
{
    // The transport refuses it; the API gives the refusal its error format.
    const QByteArray body = R"({"reason":")" + QByteArray(2 * 1024 * 1024, 'r') + R"("})";
    verifyError(call("POST", "/api/v1/registrations/WVWZZZ1JZXW009999/reject", body), 413);
}

void tst_ManagementApi::pendingVehicleIsListed()
{
    const QString vin = u"WVWZZZ1JZXW000101"_s;
    QCOMPARE(test::registerVehicle(*m_runtime, vin, u"HU-0101"_s), 202); // no proof → pending

    test::RawResponse response = call("GET", "/api/v1/vehicles?state=pending&q=W000101");
    QCOMPARE(response.status, 200);
    QJsonObject answer = jsonOf(response);
    QCOMPARE(vinsOf(answer.value(u"vehicles"_s).toArray()), QStringList{vin});
    QCOMPARE(answer.value(u"count"_s).toInt(), 1);
    const QJsonObject vehicle = answer.value(u"vehicles"_s).toArray().first().toObject();
    QCOMPARE(vehicle.value(u"devId"_s).toString(), u"HU-0101"_s);
    QCOMPARE(vehicle.value(u"state"_s).toString(), u"pending"_s);
    QCOMPARE(vehicle.value(u"model"_s).toString(), u"model-x"_s);
    QCOMPARE(vehicle.value(u"codecs"_s).toArray(), (QJsonArray{u"full-zstd"_s, u"zstd-patch"_s}));
    QCOMPARE(vehicle.value(u"ecus"_s).toArray().first().toObject().value(u"hwId"_s).toString(), u"hu-gen3"_s);
    QVERIFY(vehicle.value(u"online"_s).isBool());
    QVERIFY(vehicle.value(u"registeredAtMs"_s).toInteger() > 0);

    // The filter is case-insensitive and '+' in a query is a space (form encoding).
    response = call("GET", "/api/v1/vehicles?q=w000101");
    QCOMPARE(vinsOf(jsonOf(response).value(u"vehicles"_s).toArray()), QStringList{vin});
    response = call("GET", "/api/v1/vehicles?q=W000101+x");
    QCOMPARE(jsonOf(response).value(u"count"_s).toInt(), 0);
    // The state filter excludes it.
    response = call("GET", "/api/v1/vehicles?state=accepted&q=W000101");
    QCOMPARE(jsonOf(response).value(u"count"_s).toInt(), 0);

    // Its request waits in the pending registrations (the default state).
    response = call("GET", "/api/v1/registrations");
    QCOMPARE(response.status, 200);
    answer = jsonOf(response);
    QVERIFY(vinsOf(answer.value(u"registrations"_s).toArray()).contains(vin));
    QCOMPARE(answer.value(u"count"_s).toInt(), answer.value(u"registrations"_s).toArray().size());
    for (const QJsonValue &item : answer.value(u"registrations"_s).toArray()) {
        const QJsonObject registration = item.toObject();
        QCOMPARE(registration.value(u"state"_s).toString(), u"pending"_s);
        if (registration.value(u"vin"_s).toString() == vin) {
            QCOMPARE(registration.value(u"proof"_s).toString(), u"missing"_s);
            QCOMPARE(registration.value(u"devId"_s).toString(), u"HU-0101"_s);
            QCOMPARE(registration.value(u"devInfo"_s).toObject().value(u"DevID"_s).toString(), u"HU-0101"_s);
        }
    }

    const Result<server::ServerStatus> status = m_runtime->fleet().status();
    QVERIFY(status.ok());
    QVERIFY(status->pendingRegistrations >= 1);
    QCOMPARE(jsonOf(call("GET", "/api/v1/status")).value(u"pendingRegistrations"_s).toInteger(),
             status->pendingRegistrations);
}

void tst_ManagementApi::vehicleWithValidProofIsAccepted()
{
    const QString vin = u"WVWZZZ1JZXW000102"_s;
    const QString key = m_runtime->fleet().enrollmentKey();
    QCOMPARE(test::registerVehicle(*m_runtime, vin, u"HU-0102"_s, omadm::registrationProof(key, vin, u"HU-0102"_s)),
             200);

    const QJsonObject answer = jsonOf(call("GET", "/api/v1/vehicles?q=W000102"));
    QCOMPARE(vinsOf(answer.value(u"vehicles"_s).toArray()), QStringList{vin});
    QCOMPARE(answer.value(u"vehicles"_s).toArray().first().toObject().value(u"state"_s).toString(), u"accepted"_s);
    // Not waiting for anyone; listed as issued.
    QVERIFY(!vinsOf(jsonOf(call("GET", "/api/v1/registrations")).value(u"registrations"_s).toArray()).contains(vin));
    QVERIFY(vinsOf(jsonOf(call("GET", "/api/v1/registrations?state=issued")).value(u"registrations"_s).toArray())
                .contains(vin));
    QVERIFY(vinsOf(jsonOf(call("GET", "/api/v1/registrations?state=all")).value(u"registrations"_s).toArray())
                .contains(vin));
}

void tst_ManagementApi::vehicleDetails()
{
    const QString vin = u"WVWZZZ1JZXW000103"_s;
    QCOMPARE(test::registerVehicle(*m_runtime, vin, u"HU-0103"_s), 202);

    const test::RawResponse response = call("GET", "/api/v1/vehicles/" + vin.toUtf8());
    QCOMPARE(response.status, 200);
    const QJsonObject details = jsonOf(response);
    const QJsonObject vehicle = details.value(u"vehicle"_s).toObject();
    QCOMPARE(vehicle.value(u"vin"_s).toString(), vin);
    QCOMPARE(vehicle.value(u"devId"_s).toString(), u"HU-0103"_s);
    QCOMPARE(vehicle.value(u"rxswin"_s).toArray(), QJsonArray{u"R156-HU-12"_s});
    QCOMPARE(vehicle.value(u"deltaMaxMemoryMiB"_s).toInt(), 64);
    QVERIFY(details.value(u"online"_s).isBool());
    QVERIFY(details.value(u"snapshots"_s).isArray());
    QVERIFY(details.value(u"recentSessions"_s).isArray());
    QVERIFY(details.value(u"recentEvents"_s).isArray());
    const QJsonObject registration = details.value(u"latestRegistration"_s).toObject();
    QCOMPARE(registration.value(u"state"_s).toString(), u"pending"_s);
    QCOMPARE(registration.value(u"vin"_s).toString(), vin);
    QVERIFY(registration.value(u"decidedAt"_s).isNull());
    QVERIFY(registration.value(u"decidedAtMs"_s).isNull());

    // Same answer as the facade the console uses.
    const Result<server::VehicleDetails> expected = m_runtime->fleet().vehicle(vin);
    QVERIFY(expected.ok());
    QCOMPARE(vehicle.value(u"id"_s).toInteger(), expected->vehicle.id);
    QCOMPARE(details.value(u"recentEvents"_s).toArray().size(), expected->recentEvents.size());
    QCOMPARE(vehicle.value(u"registeredAtMs"_s).toInteger(), expected->vehicle.registeredAtMs);

    // Path segments are percent-decoded.
    QByteArray encoded = "/api/v1/vehicles/" + vin.toUtf8();
    encoded.replace("WVW", "%57VW");
    QCOMPARE(jsonOf(call("GET", encoded)).value(u"vehicle"_s).toObject().value(u"vin"_s).toString(), vin);
}

void tst_ManagementApi::unknownVehicleIs404()
{
    const test::RawResponse response = call("GET", "/api/v1/vehicles/WVWZZZ1JZXW0NOPE0");
    verifyError(response, 404);
    verifyError(call("GET", "/api/v1/vehicles/" + QByteArray(65, 'V')), 400);
}

void tst_ManagementApi::acceptFlow()
{
    const QString vin = u"WVWZZZ1JZXW000104"_s;
    QCOMPARE(test::registerVehicle(*m_runtime, vin, u"HU-0104"_s), 202);

    const QByteArray target = "/api/v1/registrations/" + vin.toUtf8() + "/accept";
    test::RawResponse response = call("POST", target, R"({"actor":"alice"})");
    QCOMPARE(response.status, 200);
    const QJsonObject registration = jsonOf(response).value(u"registration"_s).toObject();
    QCOMPARE(registration.value(u"vin"_s).toString(), vin);
    QCOMPARE(registration.value(u"state"_s).toString(), u"accepted"_s);
    QCOMPARE(registration.value(u"decidedBy"_s).toString(), u"alice"_s);
    QVERIFY(registration.value(u"decidedAtMs"_s).toInteger() > 0);

    // Nothing is pending any more.
    verifyError(call("POST", target), 409);
    QCOMPARE(jsonOf(call("GET", "/api/v1/vehicles/" + vin.toUtf8()))
                 .value(u"vehicle"_s)
                 .toObject()
                 .value(u"state"_s)
                 .toString(),
             u"accepted"_s);
    // The vehicle gets its account when it registers again (PROTOCOL.md §3).
    QCOMPARE(test::registerVehicle(*m_runtime, vin, u"HU-0104"_s), 200);
}

void tst_ManagementApi::rejectFlow()
{
    const QString vin = u"WVWZZZ1JZXW000105"_s;
    QCOMPARE(test::registerVehicle(*m_runtime, vin, u"HU-0105"_s), 202);

    // No body at all: the actor defaults to "api".
    const QByteArray target = "/api/v1/registrations/" + vin.toUtf8() + "/reject";
    test::RawResponse response = call("POST", target);
    QCOMPARE(response.status, 200);
    QJsonObject registration = jsonOf(response).value(u"registration"_s).toObject();
    QCOMPARE(registration.value(u"state"_s).toString(), u"rejected"_s);
    QCOMPARE(registration.value(u"decidedBy"_s).toString(), u"api"_s);
    verifyError(call("POST", target, R"({"reason":"again"})"), 409);
    QCOMPARE(test::registerVehicle(*m_runtime, vin, u"HU-0105"_s), 403);

    // A reason travels to the record.
    const QString other = u"WVWZZZ1JZXW000106"_s;
    QCOMPARE(test::registerVehicle(*m_runtime, other, u"HU-0106"_s), 202);
    response =
        call("POST", "/api/v1/registrations/" + other.toUtf8() + "/reject",
             R"({"actor":"bob","reason":"unknown device"})", {{"Content-Type", "application/json; charset=utf-8"}});
    QCOMPARE(response.status, 200);
    registration = jsonOf(response).value(u"registration"_s).toObject();
    QCOMPARE(registration.value(u"reason"_s).toString(), u"unknown device"_s);
    QCOMPARE(registration.value(u"decidedBy"_s).toString(), u"bob"_s);
    const QJsonArray rejected =
        jsonOf(call("GET", "/api/v1/registrations?state=rejected")).value(u"registrations"_s).toArray();
    QVERIFY(vinsOf(rejected).contains(vin));
    QVERIFY(vinsOf(rejected).contains(other));
}

void tst_ManagementApi::decisionsOnUnknownVehicleAre404()
{
    verifyError(call("POST", "/api/v1/registrations/WVWZZZ1JZXW0NOPE0/accept"), 404);
    verifyError(call("POST", "/api/v1/registrations/WVWZZZ1JZXW0NOPE0/reject", R"({"reason":"x"})"), 404);
}

void tst_ManagementApi::enrollmentKeyRotation()
{
    test::RawResponse response = call("GET", "/api/v1/enrollment-key");
    QCOMPARE(response.status, 200);
    const QString oldKey = jsonOf(response).value(u"key"_s).toString();
    QCOMPARE(oldKey, m_runtime->fleet().enrollmentKey());

    response = call("POST", "/api/v1/enrollment-key/rotate", R"({"actor":"carol"})");
    QCOMPARE(response.status, 200);
    const QString newKey = jsonOf(response).value(u"key"_s).toString();
    QVERIFY(!newKey.isEmpty());
    QVERIFY(newKey != oldKey);
    QCOMPARE(jsonOf(call("GET", "/api/v1/enrollment-key")).value(u"key"_s).toString(), newKey);
    QCOMPARE(m_runtime->fleet().enrollmentKey(), newKey);

    // The old key's proofs no longer register a vehicle; the new key's do.
    const QString vin = u"WVWZZZ1JZXW000107"_s;
    QCOMPARE(test::registerVehicle(*m_runtime, vin, u"HU-0107"_s, omadm::registrationProof(oldKey, vin, u"HU-0107"_s)),
             202);
    QCOMPARE(test::registerVehicle(*m_runtime, vin, u"HU-0107"_s, omadm::registrationProof(newKey, vin, u"HU-0107"_s)),
             200);
}

void tst_ManagementApi::events()
{
    const QString vin = u"WVWZZZ1JZXW000108"_s;
    QCOMPARE(test::registerVehicle(*m_runtime, vin, u"HU-0108"_s), 202);

    test::RawResponse response = call("GET", "/api/v1/events?vin=" + vin.toUtf8());
    QCOMPARE(response.status, 200);
    QJsonObject answer = jsonOf(response);
    const QJsonArray events = answer.value(u"events"_s).toArray();
    QVERIFY(!events.isEmpty());
    QCOMPARE(answer.value(u"count"_s).toInt(), events.size());
    qint64 newest = 0;
    for (const QJsonValue &item : events) {
        const QJsonObject event = item.toObject();
        QCOMPARE(event.value(u"vin"_s).toString(), vin);
        QVERIFY(!event.value(u"kind"_s).toString().isEmpty());
        QVERIFY(event.value(u"atMs"_s).toInteger() > 0);
        QVERIFY(QDateTime::fromString(event.value(u"at"_s).toString(), Qt::ISODateWithMs).isValid());
        newest = std::max(newest, event.value(u"id"_s).toInteger());
    }
    QCOMPARE(answer.value(u"lastId"_s).toInteger(), newest);

    // An operator's decision is logged, under the operator's name.
    QCOMPARE(call("POST", "/api/v1/registrations/" + vin.toUtf8() + "/accept", R"({"actor":"dave"})").status, 200);
    response = call("GET", "/api/v1/events?after=" + QByteArray::number(newest));
    QCOMPARE(response.status, 200);
    answer = jsonOf(response);
    bool decisionLogged = false;
    for (const QJsonValue &item : answer.value(u"events"_s).toArray()) {
        const QJsonObject event = item.toObject();
        QVERIFY(event.value(u"id"_s).toInteger() > newest);
        decisionLogged |= event.value(u"vin"_s).toString() == vin && event.value(u"actor"_s).toString() == u"dave";
    }
    QVERIFY2(decisionLogged, response.body);

    // limit bounds the page.
    QCOMPARE(jsonOf(call("GET", "/api/v1/events?limit=1")).value(u"events"_s).toArray().size(), 1);
}

void tst_ManagementApi::keepAliveConnectionServesManyRequests()
{
    // Handlers answer from worker threads; every answer must still come back, in order.
    test::RawTlsClient client(m_runtime->caCertificatePem());
    QVERIFY(client.connectTo(u"127.0.0.1"_s, m_runtime->apiPort()));
    for (int i = 0; i < 20; ++i) {
        const QByteArray target =
            i % 2 ? QByteArray("/api/v1/status") : QByteArray("/api/v1/vehicles?limit=" + QByteArray::number(i + 1));
        const test::RawResponse response = client.request("GET", target, {{"Authorization", "Bearer " + m_token}});
        QCOMPARE(response.status, 200);
        QCOMPARE(jsonOf(response).contains(u"serverId"_s), i % 2 == 1);
    }
}

QTEST_GUILESS_MAIN(tst_ManagementApi)
#include "tst_management_api.moc"
