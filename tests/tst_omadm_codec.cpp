#include "core/omadm/Codec.h"
#include "core/omadm/Codes.h"
#include "tests/OmadmDump.h"
#include "tests/support/TestSupport.h"

#include <QProcess>
#include <QStandardPaths>
#include <QtTest>

using namespace flotilla::omadm;
using namespace flotilla::omadm::testdump;
using namespace Qt::StringLiterals;
using flotilla::Result;
using flotilla::test::testData;

// The OMA-DM codec against the cleaned-up seed flows of reference/omadm.md §5 (golden files in
// tests/data/omadm), the tolerated input variants of PROTOCOL.md §4 and the exact output forms.
class TestOmadmCodec final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // §5.1 registration and bootstrap
    void registrationRequest();
    void registrationRequestFullExt();
    void registrationAnswer();
    void registrationAnswerFullBytes();
    void bootstrapComplete();
    void errorBody();
    void errorBodyBytes_data();
    void errorBodyBytes();
    // §5.2 - §5.7
    void package1Session();
    void serverPackages_data();
    void serverPackages();
    void devInfoGetResult();
    void fumoGetResult();
    void fumoHgetData();
    void fumoUpdateAsync();
    void fumoFinalAlert();
    void fumoUpdateSync();
    void scomoInventory();
    void scomoInstallSync();
    void lawmoWipeStatus_data();
    void lawmoWipeStatus();
    void lawmoWipeAlert();
    void roundTrip_data();
    void roundTrip();

    // PROTOCOL.md §4 tolerated variants, one each
    void variantKeysIgnoreCase();
    void variantClientUrl();
    void variantStateStringOrNumber_data();
    void variantStateStringOrNumber();
    void variantMarkInformation();
    void variantMoidAliases();
    void variantColonSlashSlash();
    void variantSpaceAfterSlashes();
    void variantNoUrnPrefix();
    void variantNoSessionAlert();
    void variantResultsAsMos();
    void variantResultsBothForms();
    void variantMoResultCodeAsSc();
    void variantScAsString();
    void variantDm1xResultCode();
    void variantLowercaseDataKeys();
    void variantResultCodeAsString();
    void variantServerInitiated_data();
    void variantServerInitiated();
    void unknownMembersIgnored();
    void detectKind_data();
    void detectKind();

    // Encoding
    void encodePackage3SingleResult();
    void encodePackage3ManyResults();
    void encodeIntegersAsIntegers();
    void encodeEmptyPackage2IsEnd();
    void encodePackage1SessionAlert_data();
    void encodePackage1SessionAlert();
    void encodeAlertOmitsEmptyMembers();
    void alertToJsonMembers();
    void devInfoToJsonMergesExt();
    void moDataRootIgnoresCase();

    // Registration proof
    void registrationProof_data();
    void registrationProof();
    void registrationProofMatchesOpensslCli_data();
    void registrationProofMatchesOpensslCli();
};

namespace {

template<typename T>
T decodeOrFail(const Result<T> &result)
{
    if (!result.ok())
        qWarning("decode failed: %s", qPrintable(result.errorString()));
    return result.ok() ? result.value() : T{};
}

} // namespace

// ---------------------------------------------------------------------------------------------- §5.1

void TestOmadmCodec::registrationRequest()
{
    const Result<RegistrationRequest> decoded = decodeRegistrationRequest(testData(u"omadm/register-request.json"_s));
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    const RegistrationRequest &r = *decoded;
    QCOMPARE(r.clientUri, u"urn:oma:mo:oma-dm-devinfo:1.0//"_s);
    QCOMPARE(r.devInfo.devId, u"HUS100592800"_s);
    QCOMPARE(r.devInfo.man, u"Vendor"_s);
    QCOMPARE(r.devInfo.mod, u"model-number"_s);
    QCOMPARE(r.devInfo.dmV, u"2.0"_s);
    QCOMPARE(r.devInfo.lang, u"en"_s);
    QCOMPARE(r.devInfo.devType, u"headunit"_s);
    QCOMPARE(r.devInfo.oem, u"panasonic"_s);
    QCOMPARE(r.devInfo.fwV, u"firmware0.4"_s);
    QCOMPARE(r.devInfo.swV, u"Vendor1.2"_s);
    QCOMPARE(r.devInfo.hwV, QString());
    QCOMPARE(r.devInfo.vin, u"493005100591233"_s);
    QCOMPARE(r.devInfo.encryptedVin, u"ABJHABD^UVBJA"_s);
    QVERIFY(r.devInfo.nonce.isEmpty());
    QVERIFY(r.devInfo.codecs.isEmpty());
    QVERIFY(!r.devInfo.deltaMaxMemoryMiB.has_value());
    QVERIFY(r.devInfo.ecus.isEmpty());
    QCOMPARE(r.devInfo.ext.size(), 2);
    QCOMPARE(r.devInfo.ext.value(u"VIN").toString(), u"493005100591233"_s);

    // What a vehicle agent writes for it.
    const QByteArray expected = QByteArray(R"({"ClientURI":"urn:oma:mo:oma-dm-devinfo:1.0//","MOData":{"DevInfo":{)"
                                           R"("DevID":"HUS100592800","Man":"Vendor","Mod":"model-number","DmV":"2.0",)"
                                           R"("Lang":"en","DevType":"headunit","OEM":"panasonic","FwV":"firmware0.4",)"
                                           R"("SwV":"Vendor1.2","HwV":"","Ext":{"VIN":"493005100591233",)"
                                           R"("EncryptedVIN":"ABJHABD^UVBJA"}}}})");
    QCOMPARE(encode(r), expected);
}

void TestOmadmCodec::registrationRequestFullExt()
{
    const Result<RegistrationRequest> decoded =
        decodeRegistrationRequest(testData(u"omadm/register-request-full.json"_s));
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    const DevInfo &d = decoded->devInfo;
    QCOMPARE(d.devId, u"HU-7731-0042"_s);
    QCOMPARE(d.hwV, u"hw3"_s);
    QCOMPARE(d.vin, u"WVWZZZ1JZXW000001"_s);
    QCOMPARE(d.encryptedVin, u"q3CLFmLxvQxq0n5i4k5mBkYc3rD1r7ZC2l4cQhC8o0U="_s);
    QCOMPARE(d.nonce, u"3q2+7w8Q5xK9Jm1Y0uT6Aw=="_s);
    QCOMPARE(d.codecs, (QStringList{u"full-zstd"_s, u"zstd-patch"_s}));
    QCOMPARE(d.deltaMaxMemoryMiB, std::optional<int>(64));
    QCOMPARE(d.ecus.size(), 2);
    QCOMPARE(d.ecus[0].ecu, u"headunit"_s);
    QCOMPARE(d.ecus[0].hwId, u"hu-gen3"_s);
    QCOMPARE(d.ecus[0].swVersion, u"1.2.0"_s);
    QCOMPARE(d.ecus[1].ecu, u"tbox"_s);
    QCOMPARE(d.ecus[1].hwId, u"tbox-a"_s);
    QCOMPARE(d.ecus[1].swVersion, u"4.1.7"_s);
    QCOMPARE(d.rxswin, (QStringList{u"R10-0001"_s, u"R156-HU-12"_s}));
    QVERIFY(d.csr.startsWith(u"-----BEGIN CERTIFICATE REQUEST-----\n"));
    // Unknown Ext members are kept for whoever understands them.
    QCOMPARE(d.ext.value(u"X-Vendor").toObject().value(u"Trim").toString(), u"GTI"_s);

    // Encoded: typed members in PROTOCOL.md order, then the others; re-decodes to the same values.
    const QByteArray bytes = encode(*decoded);
    const QByteArray vinFragment = R"("Ext":{"VIN":"WVWZZZ1JZXW000001","EncryptedVIN":)";
    QVERIFY(bytes.contains(vinFragment));
    const QByteArray ecusFragment =
        R"("DeltaMaxMemoryMiB":64,"Ecus":[{"Ecu":"headunit","HwId":"hu-gen3","SwV":"1.2.0"},)";
    QVERIFY(bytes.contains(ecusFragment));
    const QByteArray vendorFragment = R"("X-Vendor":{"Trim":"GTI"})";
    QVERIFY(bytes.contains(vendorFragment));
    const Result<RegistrationRequest> again = decodeRegistrationRequest(bytes);
    QVERIFY2(again.ok(), qPrintable(again.errorString()));
    QCOMPARE(dump(*again), dump(*decoded));
}

void TestOmadmCodec::registrationAnswer()
{
    const Result<DmAccount> decoded = decodeRegistrationAnswer(testData(u"omadm/register-answer.json"_s));
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(decoded->srvId, u"dms-prod-1"_s);
    QCOMPARE(decoded->srvUri, u"https://dms.example.com/dm"_s);
    QCOMPARE(decoded->caCertificateBase64, u"<base64 server communication certificate>"_s);
    QCOMPARE(decoded->token, u"<encrypted session token>"_s);
    QCOMPARE(decoded->pollSeconds, 900); // default when Ext is absent
    QVERIFY(decoded->signingKeys.isEmpty());
    QVERIFY(decoded->clientCertificate.isEmpty());

    // The server's exact bytes for the seed's answer.
    DmAccount account;
    account.srvId = u"dms-prod-1"_s;
    account.srvUri = u"https://dms.example.com/dm"_s;
    account.caCertificateBase64 = u"<base64 server communication certificate>"_s;
    account.token = u"<encrypted session token>"_s;
    const QByteArray expected =
        R"({"ClientURI":"urn:oma:mo:oma-dm-dmacc:1.2//","MOData":{"DmAcc":{"SrvID":"dms-prod-1",)"
        R"("SrvURI":"https://dms.example.com/dm","Auth":{"Trsp":{"Data":"<base64 server communication certificate>",)"
        R"("Secret":"<encrypted session token>"}},"Ext":{"PollSeconds":900}}}})";
    QCOMPARE(encode(account), expected);
    QCOMPARE(dump(decodeOrFail(decodeRegistrationAnswer(expected))), dump(*decoded));
}

void TestOmadmCodec::registrationAnswerFullBytes()
{
    DmAccount account;
    account.srvId = u"flotilla-1"_s;
    account.srvUri = u"https://dms.example.com:8443/dm"_s;
    account.caCertificateBase64 = u"LS0tLS1CRUdJTg=="_s;
    account.token = u"q1w2e3r4t5y6u7i8o9p0-_AbCdEfGhIjKlMnOpQrStU"_s;
    account.tokenExpiresUtc = u"2026-12-21T10:00:00Z"_s;
    account.pollSeconds = 600;
    account.notifyUri = u"wss://dms.example.com:8443/dm/notify"_s;
    account.signingKeys = {u"-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n"_s};
    account.clientCertificate = u"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"_s;
    const QByteArray expected =
        R"({"ClientURI":"urn:oma:mo:oma-dm-dmacc:1.2//","MOData":{"DmAcc":{"SrvID":"flotilla-1",)"
        R"("SrvURI":"https://dms.example.com:8443/dm","Auth":{"Trsp":{"Data":"LS0tLS1CRUdJTg==",)"
        R"("Secret":"q1w2e3r4t5y6u7i8o9p0-_AbCdEfGhIjKlMnOpQrStU"}},"Ext":{"TokenExpiresUtc":"2026-12-21T10:00:00Z",)"
        R"("PollSeconds":600,"NotifyURI":"wss://dms.example.com:8443/dm/notify",)"
        R"("SigningKeys":["-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n"],)"
        R"("ClientCert":"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"}}}})";
    QCOMPARE(encode(account), expected);
    const Result<DmAccount> decoded = decodeRegistrationAnswer(expected);
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(dump(*decoded), dump(account));
}

void TestOmadmCodec::bootstrapComplete()
{
    const QByteArray body = testData(u"omadm/bootstrap-complete.json"_s);
    QCOMPARE(detectPackageKind(body).valueOr(PackageKind::Response), PackageKind::Initiation);
    const Result<Package1> decoded = decodePackage1(body);
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(decoded->reason, SessionReason::BootstrapComplete);
    QVERIFY(decoded->mos.isEmpty());
    QCOMPARE(decoded->alerts.size(), 1);
    const Alert &alert = decoded->alerts.first();
    QCOMPARE(alert.type, QStringView(alerttype::BootstrapComplete).toString());
    QCOMPARE(alert.mark, u"informational"_s);
    QCOMPARE(alert.dataType, u"application/json"_s);
    QCOMPARE(alert.resultCode(), std::optional<int>(200));
    QVERIFY(!alert.state().has_value()); // "State": "" counts as absent
    QCOMPARE(alert.dataValue(u"State").toString(), QString());
    QVERIFY(decoded->notificationId.isEmpty());
}

void TestOmadmCodec::errorBody()
{
    const Result<ErrorBody> decoded = decodeErrorBody(testData(u"omadm/error-401.json"_s));
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(decoded->code, 401);
    QCOMPARE(decoded->description, u"Unauthorized"_s);
}

void TestOmadmCodec::errorBodyBytes_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("description");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("401") << 401 << u"Unauthorized"_s
                         << QByteArray(R"({"Responsecode":"401","Description":"Unauthorized"})");
    QTest::newRow("202 pending") << 202 << u"Pending approval"_s
                                 << QByteArray(R"({"Responsecode":"202","Description":"Pending approval"})");
    QTest::newRow("400 with quotes")
        << 400 << u"Status[1].sc: \"x\" expected an integer"_s
        << QByteArray(R"({"Responsecode":"400","Description":"Status[1].sc: \"x\" expected an integer"})");
}

void TestOmadmCodec::errorBodyBytes()
{
    QFETCH(int, code);
    QFETCH(QString, description);
    QFETCH(QByteArray, expected);
    const QByteArray bytes = encode(ErrorBody{code, description});
    QCOMPARE(bytes, expected);
    const Result<ErrorBody> decoded = decodeErrorBody(bytes);
    QVERIFY(decoded.ok());
    QCOMPARE(decoded->code, code);
    QCOMPARE(decoded->description, description);
}

// ---------------------------------------------------------------------------------------------- §5.2

void TestOmadmCodec::package1Session()
{
    const QByteArray body = testData(u"omadm/package1-session.json"_s);
    QCOMPARE(detectPackageKind(body).valueOr(PackageKind::Response), PackageKind::Initiation);
    const Result<Package1> decoded = decodePackage1(body);
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    const Package1 &p = *decoded;
    QCOMPARE(p.mos.size(), 5);
    const QList<std::pair<QString, MoKind>> expected = {
        {u"urn:oma:mo:oma-dm-devinfo:1.0"_s, MoKind::DevInfo}, {u"urn:oma:mo:oma-dm-accinfo:1.2"_s, MoKind::DmAcc},
        {u"urn:oma:mo:oma-fumo:1.0"_s, MoKind::Fumo},          {u"urn:oma:mo:oma-dm-lawmo:1.0"_s, MoKind::Lawmo},
        {u"urn:oma:mo:oma-dm-scomo:1.1"_s, MoKind::Scomo},
    };
    for (qsizetype i = 0; i < expected.size(); ++i) {
        QCOMPARE(p.mos[i].moid, expected[i].first);
        QCOMPARE(p.mos[i].kind, expected[i].second);
        QCOMPARE(p.mos[i].miids, QStringList{u"miid1"_s});
        QVERIFY(p.mos[i].ddf.isEmpty());
    }
    QCOMPARE(p.reason, SessionReason::ClientInitiated);
    QCOMPARE(p.alerts.size(), 1);
    QCOMPARE(p.alerts[0].type, u"urn:oma:at:dm:2.0:ClientInitiatedMgmt"_s);
    QVERIFY(p.alerts[0].data.isEmpty());
    // The server addresses MOs by the MOID the vehicle announced.
    QCOMPARE(p.moidFor(MoKind::Fumo), u"urn:oma:mo:oma-fumo:1.0"_s);
    QCOMPARE(p.moidFor(MoKind::DmAcc), u"urn:oma:mo:oma-dm-accinfo:1.2"_s);
    QCOMPARE(p.moidFor(MoKind::DiagMon), u"urn:oma:mo:oma-diagmon:1.0"_s); // not announced: canonical
    QVERIFY(p.supports(MoKind::Scomo));
    QVERIFY(!p.supports(MoKind::DiagMon));
    QVERIFY(!p.supports(MoKind::VehicleControl));
    QVERIFY(!p.supports(MoKind::Unknown));
}

// ---------------------------------------------------------------------------------------------- server packages

void TestOmadmCodec::serverPackages_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QList<QStringList>>("commands");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("5.3 devinfo GET") << u"devinfo-get-p2.json"_s
                                     << QList<QStringList>{{u"GET"_s, u"urn:oma:mo:oma-dm-devinfo:1.0//"_s}}
                                     << QByteArray(R"({"CMD":[["GET","urn:oma:mo:oma-dm-devinfo:1.0//"]]})");
    QTest::newRow("END") << u"end.json"_s << QList<QStringList>{{u"END"_s}} << QByteArray(R"({"CMD":[["END"]]})");
    QTest::newRow("5.4 fumo GET") << u"fumo-get-p2.json"_s
                                  << QList<QStringList>{{u"GET"_s, u"urn:oma:mo:oma-dm-fumo:1.0//"_s}}
                                  << QByteArray(R"({"CMD":[["GET","urn:oma:mo:oma-dm-fumo:1.0//"]]})");
    QTest::newRow("5.5 fumo HGET+EXEC")
        << u"fumo-update-p2.json"_s
        << QList<QStringList>{{u"HGET"_s, u"https://dms.example.com/dm/mo/<token>/fumo-job-77"_s,
                               u"urn:oma:mo:oma-dm-fumo:1.0//DownloadAndUpdate/PkgURL"_s},
                              {u"EXEC"_s, u"urn:oma:mo:oma-dm-fumo:1.0//DownloadAndUpdate"_s}}
        << QByteArray(R"({"CMD":[["HGET","https://dms.example.com/dm/mo/<token>/fumo-job-77",)"
                      R"("urn:oma:mo:oma-dm-fumo:1.0//DownloadAndUpdate/PkgURL"],)"
                      R"(["EXEC","urn:oma:mo:oma-dm-fumo:1.0//DownloadAndUpdate"]]})");
    QTest::newRow("5.6 scomo GET") << u"scomo-get-p2.json"_s
                                   << QList<QStringList>{{u"GET"_s, u"urn:oma:mo:oma-dm-scomo:1.1//"_s}}
                                   << QByteArray(R"({"CMD":[["GET","urn:oma:mo:oma-dm-scomo:1.1//"]]})");
    QTest::newRow("5.6 scomo install")
        << u"scomo-install-p2.json"_s
        << QList<QStringList>{{u"HGET"_s, u"https://dms.example.com/dm/mo/<token>/scomo-dl-<PkgID>"_s,
                               u"urn:oma:mo:oma-dm-scomo:1.1//Download/<PkgID>"_s},
                              {u"EXEC"_s,
                               u"urn:oma:mo:oma-dm-scomo:1.1//Download/<PkgID>/Operations/DownloadInstall"_s}}
        << QByteArray(R"({"CMD":[["HGET","https://dms.example.com/dm/mo/<token>/scomo-dl-<PkgID>",)"
                      R"("urn:oma:mo:oma-dm-scomo:1.1//Download/<PkgID>"],)"
                      R"(["EXEC","urn:oma:mo:oma-dm-scomo:1.1//Download/<PkgID>/Operations/DownloadInstall"]]})");
    QTest::newRow("5.7 lawmo wipe")
        << u"lawmo-wipe-p2.json"_s << QList<QStringList>{{u"EXEC"_s, u"urn:oma:mo:oma-dm-lawmo:1.0//Operations/Wipe"_s}}
        << QByteArray(R"({"CMD":[["EXEC","urn:oma:mo:oma-dm-lawmo:1.0//Operations/Wipe"]]})");
}

void TestOmadmCodec::serverPackages()
{
    QFETCH(QString, file);
    QFETCH(QList<QStringList>, commands);
    QFETCH(QByteArray, expected);

    const Result<Package2> decoded = decodePackage2(testData(u"omadm/"_s + file));
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(decoded->commands.size(), commands.size());
    for (qsizetype i = 0; i < commands.size(); ++i) {
        QCOMPARE(decoded->commands[i].name, commands[i].first());
        QCOMPARE(decoded->commands[i].params, commands[i].mid(1));
    }

    // The bytes the server sends, built from values as the engine would.
    Package2 built;
    for (const QStringList &command : std::as_const(commands))
        built.commands.append(Command{command.first(), command.mid(1)});
    QCOMPARE(encode(built), expected);
    QCOMPARE(encode(*decoded), expected);
}

// ---------------------------------------------------------------------------------------------- client packages

void TestOmadmCodec::devInfoGetResult()
{
    const QByteArray body = testData(u"omadm/devinfo-get-p3.json"_s);
    QCOMPARE(detectPackageKind(body).valueOr(PackageKind::Initiation), PackageKind::Response);
    const Result<Package3> decoded = decodePackage3(body);
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(decoded->statuses.size(), 1);
    QCOMPARE(decoded->statuses[0].sc, 200);
    QVERIFY(decoded->statuses[0].uris.isEmpty());
    QCOMPARE(decoded->results.size(), 1);
    const MoData &result = decoded->results[0];
    QCOMPARE(result.clientUri, u"urn:oma:mo:oma-dm-devinfo:1.0//"_s);
    QVERIFY(result.cacheValidator.isEmpty());
    const Result<DevInfo> devInfo = DevInfo::fromJson(result.root(MoKind::DevInfo).toObject());
    QVERIFY2(devInfo.ok(), qPrintable(devInfo.errorString()));
    QCOMPARE(devInfo->devId, u"493005100592800"_s);
    QCOMPARE(devInfo->man, u"Vendor"_s);
    QCOMPARE(devInfo->mod, u"model-number"_s);
    QCOMPARE(devInfo->dmV, u"2.0"_s);
    QCOMPARE(devInfo->lang, u"en"_s);
    QCOMPARE(devInfo->devType, u"headunit"_s);
    QCOMPARE(devInfo->oem, u"panasonic"_s);
    QCOMPARE(devInfo->fwV, u"firmware0.4"_s);
    QCOMPARE(devInfo->swV, u"Vendor1.2"_s);
    QCOMPARE(devInfo->hwV, QString());
    QVERIFY(devInfo->ext.isEmpty());
    QVERIFY(decoded->alerts.isEmpty());
}

void TestOmadmCodec::fumoGetResult()
{
    const Result<Package3> decoded = decodePackage3(testData(u"omadm/fumo-get-p3.json"_s));
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(decoded->statuses.size(), 1);
    QCOMPARE(decoded->statuses[0].sc, 200);
    QCOMPARE(decoded->results.size(), 1);
    QCOMPARE(decoded->results[0].clientUri, u"urn:oma:mo:oma-dm-fumo:1.0//"_s);
    const QJsonObject fumo = decoded->results[0].root(MoKind::Fumo).toObject();
    QCOMPARE(fumo.value(u"PkgName").toString(), u"pkg493005100592800"_s);
    QCOMPARE(fumo.value(u"PkgVersion").toString(), u"Version"_s);
    QCOMPARE(fumo.value(u"DownloadAndUpdate").toObject().value(u"PkgURL").toString(), u"url"_s);
    QCOMPARE(fumo.value(u"State").toString(), u"10"_s);
}

void TestOmadmCodec::fumoHgetData()
{
    const Result<QJsonObject> parsed = parseObject(testData(u"omadm/fumo-hget-modata.json"_s));
    QVERIFY2(parsed.ok(), qPrintable(parsed.errorString()));
    QCOMPARE(parsed->value(u"MOData")
                 .toObject()
                 .value(u"fumo")
                 .toObject()
                 .value(u"DownloadAndUpdate")
                 .toObject()
                 .value(u"PkgURL")
                 .toString(),
             u"https://cdn.example.com/fw/hu-1.2.3.bin"_s);
}

void TestOmadmCodec::fumoUpdateAsync()
{
    const Result<Package3> decoded = decodePackage3(testData(u"omadm/fumo-update-p3-async.json"_s));
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(decoded->statuses.size(), 2);
    QCOMPARE(decoded->statuses[0].sc, 200);
    QCOMPARE(decoded->statuses[1].sc, int(StatusCode::Accepted));
    QVERIFY(decoded->results.isEmpty());
    QVERIFY(decoded->alerts.isEmpty());
    const QByteArray expected = QByteArray(R"({"Status":[{"sc":200},{"sc":202}]})");
    QCOMPARE(encode(*decoded), expected);
}

namespace {

void checkFumoFinalAlert(const Alert &alert)
{
    QCOMPARE(alert.type, QStringView(alerttype::FumoDownloadAndUpdate).toString());
    QCOMPARE(alert.sourceUri, u"urn:oma:mo:oma-dm-fumo:1.0//DownloadAndUpdate"_s);
    QVERIFY(alert.targetUri.isEmpty());
    QCOMPARE(alert.mark, u"informational"_s);
    QCOMPARE(alert.dataType, u"application/json"_s);
    QCOMPARE(alert.resultCode(), std::optional<int>(200));
    QCOMPARE(alert.state(), std::optional<int>(100));
    QCOMPARE(fumoStateName(alert.state().value_or(0)), u"Update Successful / No Data"_s);
    QVERIFY(isSuccessResult(alert.resultCode().value_or(0)));
    const Result<ClientUri> source = ClientUri::parse(alert.sourceUri);
    QVERIFY(source.ok());
    QCOMPARE(source->kind, MoKind::Fumo);
    QCOMPARE(source->path, u"DownloadAndUpdate"_s);
}

} // namespace

void TestOmadmCodec::fumoFinalAlert()
{
    const Result<Package1> decoded = decodePackage1(testData(u"omadm/fumo-final-alert-p1.json"_s));
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(decoded->reason, SessionReason::ClientInitiated); // no session alert: tolerated
    QCOMPARE(decoded->alerts.size(), 1);
    checkFumoFinalAlert(decoded->alerts[0]);
    QVERIFY(!QTest::currentTestFailed());
}

void TestOmadmCodec::fumoUpdateSync()
{
    const Result<Package3> decoded = decodePackage3(testData(u"omadm/fumo-update-p3-sync.json"_s));
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(decoded->statuses.size(), 2);
    QCOMPARE(decoded->statuses[0].sc, 200);
    QCOMPARE(decoded->statuses[1].sc, 200);
    QCOMPARE(decoded->alerts.size(), 1);
    checkFumoFinalAlert(decoded->alerts[0]);
}

void TestOmadmCodec::scomoInventory()
{
    const Result<Package3> decoded = decodePackage3(testData(u"omadm/scomo-get-p3.json"_s));
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(decoded->statuses.size(), 1);
    QCOMPARE(decoded->statuses[0].sc, 200);
    QCOMPARE(decoded->results.size(), 1);
    QCOMPARE(decoded->results[0].clientUri, u"urn:oma:mo:oma-dm-scomo:1.1//"_s); // from "ClientURL"
    const QJsonObject deployed =
        decoded->results[0].root(MoKind::Scomo).toObject().value(u"Inventory").toObject().value(u"Deployed").toObject();
    QCOMPARE(deployed.size(), 1);
    const QJsonObject component = deployed.value(u"hu-nav").toObject();
    QCOMPARE(component.value(u"Name").toString(), u"Navigation"_s);
    QCOMPARE(component.value(u"Version").toString(), u"3.2.1"_s);
    QCOMPARE(component.value(u"State").toInt(), int(ScomoDeployedState::Active));
}

void TestOmadmCodec::scomoInstallSync()
{
    const Result<Package3> decoded = decodePackage3(testData(u"omadm/scomo-install-p3-sync.json"_s));
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(decoded->statuses.size(), 2);
    QCOMPARE(decoded->statuses[0].sc, 200);
    QCOMPARE(decoded->statuses[1].sc, 200);
    QCOMPARE(decoded->alerts.size(), 1);
    const Alert &alert = decoded->alerts[0];
    QCOMPARE(alert.type, QStringView(alerttype::ScomoOperationComplete).toString());
    QCOMPARE(alert.sourceUri, u"urn:oma:mo:oma-dm-scomo:1.1//Download/<PkgID>/Operations/DownloadInstall"_s);
    QCOMPARE(alert.targetUri, u"urn:oma:mo:oma-dm-scomo:1.1//Inventory/Deployed/<ComponentID>"_s);
    QCOMPARE(alert.mark, u"informational"_s);
    QCOMPARE(alert.dataType, u"application/json"_s);
    QCOMPARE(alert.resultCode(), std::optional<int>(int(ScomoResult::Successful)));
    QCOMPARE(alert.state(), std::optional<int>(int(ScomoDeployedState::Active)));
    QCOMPARE(scomoResultName(alert.resultCode().value_or(0)), u"Successful"_s);
}

void TestOmadmCodec::lawmoWipeStatus_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("sc");
    QTest::newRow("sync") << u"lawmo-wipe-p3-sync.json"_s << 1200;
    QTest::newRow("async") << u"lawmo-wipe-p3-async.json"_s << 202;
}

void TestOmadmCodec::lawmoWipeStatus()
{
    QFETCH(QString, file);
    QFETCH(int, sc);
    const QByteArray body = testData(u"omadm/"_s + file);
    const Result<Package3> decoded = decodePackage3(body);
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(decoded->statuses.size(), 1);
    QCOMPARE(decoded->statuses[0].sc, sc);
    QCOMPARE(decoded->statuses[0].uris, QStringList{u"urn:oma:mo:oma-dm-lawmo:1.0//Operations/Wipe"_s});
    QVERIFY(decoded->results.isEmpty());
    QVERIFY(decoded->alerts.isEmpty());
    // The agent writes the seed's form exactly.
    QCOMPARE(encode(*decoded), body.trimmed());
}

void TestOmadmCodec::lawmoWipeAlert()
{
    const Result<Package1> decoded = decodePackage1(testData(u"omadm/lawmo-wipe-alert-p1.json"_s));
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(decoded->alerts.size(), 1);
    const Alert &alert = decoded->alerts[0];
    QCOMPARE(alert.type, QStringView(alerttype::LawmoOperationComplete).toString());
    QCOMPARE(alert.sourceUri, u"urn:oma:mo:oma-dm-lawmo:1.0//Operations/Wipe"_s);
    QCOMPARE(alert.mark, u"informational"_s);
    QCOMPARE(alert.resultCode(), std::optional<int>(int(LawmoResult::Successful)));
    QCOMPARE(alert.state(), std::optional<int>(int(LawmoState::Unlocked)));
    QCOMPARE(lawmoStateName(alert.state().value_or(0)), u"Unlocked"_s);
}

// encode(decode(x)) decodes to the same values, for every golden message.
void TestOmadmCodec::roundTrip_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("kind");
    const QList<std::pair<const char *, const char *>> files = {
        {"register-request.json", "registration"},
        {"register-request-full.json", "registration"},
        {"register-answer.json", "answer"},
        {"error-401.json", "error"},
        {"bootstrap-complete.json", "p1"},
        {"package1-session.json", "p1"},
        {"fumo-final-alert-p1.json", "p1"},
        {"lawmo-wipe-alert-p1.json", "p1"},
        {"devinfo-get-p2.json", "p2"},
        {"end.json", "p2"},
        {"fumo-get-p2.json", "p2"},
        {"fumo-update-p2.json", "p2"},
        {"scomo-get-p2.json", "p2"},
        {"scomo-install-p2.json", "p2"},
        {"lawmo-wipe-p2.json", "p2"},
        {"devinfo-get-p3.json", "p3"},
        {"fumo-get-p3.json", "p3"},
        {"fumo-update-p3-async.json", "p3"},
        {"fumo-update-p3-sync.json", "p3"},
        {"scomo-get-p3.json", "p3"},
        {"scomo-install-p3-sync.json", "p3"},
        {"lawmo-wipe-p3-sync.json", "p3"},
        {"lawmo-wipe-p3-async.json", "p3"},
    };
    for (const auto &[file, kind] : files)
        QTest::newRow(file) << QString::fromLatin1(file) << QString::fromLatin1(kind);
}

namespace {

template<typename T, typename Decode>
void checkRoundTrip(const QByteArray &body, Decode decode)
{
    const Result<T> first = decode(body);
    QVERIFY2(first.ok(), qPrintable(first.errorString()));
    const QByteArray bytes = encode(*first);
    const Result<T> second = decode(bytes);
    QVERIFY2(second.ok(), qPrintable(second.errorString()));
    QCOMPARE(dump(*second), dump(*first));
    // And the encoding is stable.
    QCOMPARE(encode(*second), bytes);
}

// A package #1 without a session alert is encoded with one (ClientInitiatedMgmt), so it
// re-decodes to the same values plus that alert in front.
void checkPackage1RoundTrip(const QByteArray &body)
{
    const Result<Package1> first = decodePackage1(body);
    QVERIFY2(first.ok(), qPrintable(first.errorString()));
    Package1 expected = *first;
    const bool hasSessionAlert = std::any_of(expected.alerts.cbegin(), expected.alerts.cend(), [](const Alert &alert) {
        return alert.type.endsWith(u"ClientInitiatedMgmt") || alert.type.endsWith(u"ServerInitiatedMgmt") ||
               alert.type.endsWith(u"BootstrapComplete");
    });
    if (!hasSessionAlert) {
        Alert session;
        session.type = QStringView(alerttype::ClientInitiated).toString();
        expected.alerts.prepend(session);
    }
    const QByteArray bytes = encode(*first);
    const Result<Package1> second = decodePackage1(bytes);
    QVERIFY2(second.ok(), qPrintable(second.errorString()));
    QCOMPARE(dump(*second), dump(expected));
    QCOMPARE(encode(*second), bytes);
}

} // namespace

void TestOmadmCodec::roundTrip()
{
    QFETCH(QString, file);
    QFETCH(QString, kind);
    const QByteArray body = testData(u"omadm/"_s + file);
    QVERIFY(!body.isEmpty());
    if (kind == u"registration")
        checkRoundTrip<RegistrationRequest>(body, decodeRegistrationRequest);
    else if (kind == u"answer")
        checkRoundTrip<DmAccount>(body, decodeRegistrationAnswer);
    else if (kind == u"error")
        checkRoundTrip<ErrorBody>(body, decodeErrorBody);
    else if (kind == u"p1")
        checkPackage1RoundTrip(body);
    else if (kind == u"p2")
        checkRoundTrip<Package2>(body, decodePackage2);
    else
        checkRoundTrip<Package3>(body, decodePackage3);
}

// ---------------------------------------------------------------------------------------------- variants

void TestOmadmCodec::variantKeysIgnoreCase()
{
    const Result<Package3> decoded = decodePackage3(
        R"({"status":[{"SC":202,"uri":["urn:oma:mo:oma-dm-lawmo:1.0//Operations/Wipe"]}],)"
        R"("clienturi":"urn:oma:mo:oma-dm-devinfo:1.0//","modata":{"devinfo":{"devid":"D1","SWV":"9"}},)"
        R"("alert":[{"alerttype":"urn:oma:at:lawmo:1.0:OperationComplete","sourceuri":"urn:oma:mo:oma-dm-lawmo:1.0//Operations/Wipe",)"
        R"("mark":"critical","datatype":"application/json","data":{"RESULTCODE":1405}}]})");
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(decoded->statuses.size(), 1);
    QCOMPARE(decoded->statuses[0].sc, 202);
    QCOMPARE(decoded->statuses[0].uris, QStringList{u"urn:oma:mo:oma-dm-lawmo:1.0//Operations/Wipe"_s});
    QCOMPARE(decoded->results.size(), 1);
    QCOMPARE(decoded->results[0].clientUri, u"urn:oma:mo:oma-dm-devinfo:1.0//"_s);
    const Result<DevInfo> devInfo = DevInfo::fromJson(decoded->results[0].root(MoKind::DevInfo).toObject());
    QVERIFY(devInfo.ok());
    QCOMPARE(devInfo->devId, u"D1"_s);
    QCOMPARE(devInfo->swV, u"9"_s);
    QCOMPARE(decoded->alerts.size(), 1);
    QCOMPARE(decoded->alerts[0].type, u"urn:oma:at:lawmo:1.0:OperationComplete"_s);
    QCOMPARE(decoded->alerts[0].sourceUri, u"urn:oma:mo:oma-dm-lawmo:1.0//Operations/Wipe"_s);
    QCOMPARE(decoded->alerts[0].mark, u"critical"_s);
    QCOMPARE(decoded->alerts[0].resultCode(), std::optional<int>(1405));
    QCOMPARE(lawmoResultName(*decoded->alerts[0].resultCode()), u"Wipe Data Failed"_s);

    const Result<ErrorBody> error = decodeErrorBody(R"({"ResponseCode":403,"description":"Forbidden"})");
    QVERIFY(error.ok());
    QCOMPARE(error->code, 403);
    QCOMPARE(error->description, u"Forbidden"_s);
}

void TestOmadmCodec::variantClientUrl()
{
    const Result<Package3> decoded = decodePackage3(
        R"({"Status":[{"sc":200}],"ClientURL":"urn:oma:mo:oma-dm-scomo:1.1//","MOData":{"scomo":{"Inventory":{}}}})");
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(decoded->results.size(), 1);
    QCOMPARE(decoded->results[0].clientUri, u"urn:oma:mo:oma-dm-scomo:1.1//"_s);
    QVERIFY(decoded->results[0].root(MoKind::Scomo).toObject().contains(u"Inventory"));

    const Result<RegistrationRequest> registration = decodeRegistrationRequest(
        R"({"ClientURL":"urn:oma:mo:oma-dm-devinfo:1.0//","MOData":{"DevInfo":{"DevID":"D2"}}})");
    QVERIFY2(registration.ok(), qPrintable(registration.errorString()));
    QCOMPARE(registration->clientUri, u"urn:oma:mo:oma-dm-devinfo:1.0//"_s);
    QCOMPARE(registration->devInfo.devId, u"D2"_s);

    // Both spellings at once is ambiguous, not a guess.
    const Result<Package3> both =
        decodePackage3(R"({"Status":[{"sc":200}],"ClientURI":"urn:oma:mo:oma-dm-scomo:1.1//",)"
                       R"("ClientURL":"urn:oma:mo:oma-dm-fumo:1.0//","MOData":{}})");
    QVERIFY(!both.ok());
    QCOMPARE(both.errorString(), u"ClientURI: given together with ClientURL"_s);
}

void TestOmadmCodec::variantStateStringOrNumber_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<std::optional<int>>("state");
    QTest::addColumn<std::optional<int>>("resultCode");
    QTest::newRow("string") << QByteArray(R"({"ResultCode":200,"State":"100"})") << std::optional<int>(100)
                            << std::optional<int>(200);
    QTest::newRow("number") << QByteArray(R"({"ResultCode":200,"State":100})") << std::optional<int>(100)
                            << std::optional<int>(200);
    QTest::newRow("string with spaces") << QByteArray(R"({"ResultCode":" 410 ","State":" 70 "})")
                                        << std::optional<int>(70) << std::optional<int>(410);
    QTest::newRow("empty string") << QByteArray(R"({"ResultCode":200,"State":""})") << std::optional<int>()
                                  << std::optional<int>(200);
    QTest::newRow("absent") << QByteArray(R"({"ResultCode":200})") << std::optional<int>() << std::optional<int>(200);
    QTest::newRow("integral double") << QByteArray(R"({"ResultCode":200.0,"State":80.0})") << std::optional<int>(80)
                                     << std::optional<int>(200);
}

void TestOmadmCodec::variantStateStringOrNumber()
{
    QFETCH(QByteArray, data);
    QFETCH(std::optional<int>, state);
    QFETCH(std::optional<int>, resultCode);
    const QByteArray body = R"({"Alert":[{"AlertType":"org.openmobilealliance.dm.firmwareupdate.downloadandupdate",)"
                            R"("SourceURI":"urn:oma:mo:oma-dm-fumo:1.0//DownloadAndUpdate","Data":)" +
                            data + "}]}";
    const Result<Package1> decoded = decodePackage1(body);
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(decoded->alerts.size(), 1);
    QCOMPARE(decoded->alerts[0].state(), state);
    QCOMPARE(decoded->alerts[0].resultCode(), resultCode);
}

void TestOmadmCodec::variantMarkInformation()
{
    const Result<Package1> decoded =
        decodePackage1(R"({"Alert":[{"AlertType":"urn:oma:at:lawmo:1.0:OperationComplete","Mark":"Information",)"
                       R"("Data":{"ResultCode":1200}},{"AlertType":"x","Mark":"CRITICAL"}]})");
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(decoded->alerts[0].mark, u"informational"_s);
    QCOMPARE(decoded->alerts[1].mark, u"critical"_s);
    const QByteArray markFragment = R"("Mark":"informational")";
    QVERIFY(encode(*decoded).contains(markFragment));
}

void TestOmadmCodec::variantMoidAliases()
{
    const Result<Package1> decoded = decodePackage1(
        R"({"MOS":[{"MOID":"urn:oma:mo:oma-scomo:1.0","MIID":["a"]},{"MOID":"urn:oma:mo:oma-lawmo:1.0","MIID":[]},)"
        R"({"MOID":" urn:oma:mo:oma-dm-accinfo:1.2 ","MIID":["m"],"DDF":"https://ddf.example.com/dmacc.ddf"},)"
        R"({"MOID":"urn:oma:mo:x-other:1.0","MIID":["z"]}],)"
        R"("Alert":[{"AlertType":"urn:oma:at:dm:2.0:ClientInitiatedMgmt"}]})");
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(decoded->mos.size(), 4);
    QCOMPARE(decoded->mos[0].kind, MoKind::Scomo);
    QCOMPARE(decoded->mos[1].kind, MoKind::Lawmo);
    QCOMPARE(decoded->mos[1].miids, QStringList());
    QCOMPARE(decoded->mos[2].kind, MoKind::DmAcc);
    QCOMPARE(decoded->mos[2].moid, u"urn:oma:mo:oma-dm-accinfo:1.2"_s); // trimmed, not canonicalised
    QCOMPARE(decoded->mos[2].ddf, u"https://ddf.example.com/dmacc.ddf"_s);
    QCOMPARE(decoded->mos[3].kind, MoKind::Unknown);
    QCOMPARE(decoded->moidFor(MoKind::Scomo), u"urn:oma:mo:oma-scomo:1.0"_s);
    QCOMPARE(decoded->moidFor(MoKind::Lawmo), u"urn:oma:mo:oma-lawmo:1.0"_s);
    QCOMPARE(decoded->moidFor(MoKind::Fumo), u"urn:oma:mo:oma-dm-fumo:1.0"_s);
    QVERIFY(decoded->supports(MoKind::DmAcc));
    QVERIFY(!decoded->supports(MoKind::Fumo));
}

void TestOmadmCodec::variantColonSlashSlash()
{
    // The seed's FUMO GET result, with its missing brace restored.
    const Result<Package3> decoded = decodePackage3(
        R"({"Status":[{"sc":200}],"ClientURI":"urn:oma:mo:oma-dm-fumo:1.0://","MOData":{"fumo":{"State":"10"}}})");
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(decoded->results[0].clientUri, u"urn:oma:mo:oma-dm-fumo:1.0//"_s);
    QCOMPARE(ClientUri::parse(decoded->results[0].clientUri)->kind, MoKind::Fumo);
}

void TestOmadmCodec::variantSpaceAfterSlashes()
{
    // The seed's SCOMO alert, with its missing comma restored.
    const Result<Package1> decoded = decodePackage1(
        R"({"Alert":[{"AlertType":"urn:oma:at:scomo:1.0:OperationComplete",)"
        R"("SourceURI":"urn:oma:mo:oma-dm-scomo:1.1// Download/<PkgID>/Operations/DownloadInstall",)"
        R"("Mark":"Information","DataType":"application/json","Data":{"ResultCode":200,"State":"20"}}]})");
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    const Alert &alert = decoded->alerts[0];
    QCOMPARE(alert.sourceUri, u"urn:oma:mo:oma-dm-scomo:1.1//Download/<PkgID>/Operations/DownloadInstall"_s);
    QCOMPARE(alert.resultCode(), std::optional<int>(200));
    QCOMPARE(alert.state(), std::optional<int>(20));
    QVERIFY(isSuccessResult(*alert.resultCode()));

    const Result<Package3> status = decodePackage3(
        R"({"Status":[{"sc":200,"URI":["urn:oma:mo:oma-dm-scomo:1.0// Download/P/Operations/DownloadInstall"]}]})");
    QVERIFY(status.ok());
    QCOMPARE(status->statuses[0].uris,
             QStringList{u"urn:oma:mo:oma-dm-scomo:1.0//Download/P/Operations/DownloadInstall"_s});
}

void TestOmadmCodec::variantNoUrnPrefix()
{
    // The seed's DevInfo GET result exactly as the slide has it.
    const Result<Package3> decoded = decodePackage3(
        R"({ "Status": [ { "sc": 200 } ], "ClientURI": "oma:mo:oma-dm-devinfo:1.0//", "MOData": { "DevInfo": { "DevID": "493005100592800", "Man": "Vendor", "Mod": "model-number", "DmV": "2.0", "Lang": "en", "DevType": "headunit", "OEM": "panasonic", "FwV": "firmware0.4", "SwV": "Vendor1.2", "HwV": "" } } })");
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(decoded->results[0].clientUri, u"urn:oma:mo:oma-dm-devinfo:1.0//"_s);

    // And the seed's registration request.
    const Result<RegistrationRequest> registration = decodeRegistrationRequest(
        R"({   "ClientURI": "oma:mo:oma-dm-devinfo:1.0//",   "MOData": {     "DevInfo": {       "DevID": "HUS100592800",       "Man": "Vendor",       "Mod": "model-number",       "DmV": "2.0",       "Lang": "en",       "DevType": "headunit",       "OEM": "panasonic",       "FwV": "firmware0.4",       "SwV": "Vendor1.2",       "HwV": "",       "Ext": {         "VIN": "493005100591233",         "EncryptedVIN": "ABJHABD^UVBJA"       }     }   } })");
    QVERIFY2(registration.ok(), qPrintable(registration.errorString()));
    QCOMPARE(registration->clientUri, u"urn:oma:mo:oma-dm-devinfo:1.0//"_s);
    QCOMPARE(registration->devInfo.vin, u"493005100591233"_s);

    // And the seed's registration answer.
    const Result<DmAccount> answer = decodeRegistrationAnswer(
        R"({   "ClientURI": "oma:mo:oma-dm-dmacc:1.2//",   "MOData": {     "DmAcc": {       "SrvID": "server identifier for the dm server",       "SrvURI": "DM Server endpoint",       "Auth": {         "Trsp": {           "Data": "Server Communication Certificate",           "Secret": "Encrypted Session Token"         }       }     }   } })");
    QVERIFY2(answer.ok(), qPrintable(answer.errorString()));
    QCOMPARE(answer->token, u"Encrypted Session Token"_s);
}

void TestOmadmCodec::variantNoSessionAlert()
{
    const Result<Package1> decoded = decodePackage1(
        R"({"MOS":[{"MOID":"urn:oma:mo:oma-dm-lawmo:1.0","MIID":["miid1"]}],)"
        R"("Alert":[{"AlertType":"urn:oma:at:lawmo:1.0:OperationComplete","Data":{"ResultCode":1200,"State":"30"}}]})");
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(decoded->reason, SessionReason::ClientInitiated);
    QCOMPARE(decoded->alerts.size(), 1); // nothing invented on input
    QCOMPARE(decoded->alerts[0].type, u"urn:oma:at:lawmo:1.0:OperationComplete"_s);

    const Result<Package1> empty = decodePackage1("{}");
    QVERIFY(empty.ok());
    QCOMPARE(empty->reason, SessionReason::ClientInitiated);
    QVERIFY(empty->mos.isEmpty());
    QVERIFY(empty->alerts.isEmpty());
}

void TestOmadmCodec::variantResultsAsMos()
{
    const Result<Package3> decoded =
        decodePackage3(R"({"Status":[{"sc":200},{"sc":200}],"MOS":[)"
                       R"({"ClientURI":"urn:oma:mo:oma-dm-devinfo:1.0//","MOData":{"DevInfo":{"DevID":"D"}},"CV":"7"},)"
                       R"({"ClientURL":"urn:oma:mo:oma-dm-fumo:1.0//","MOData":{"fumo":{"State":"10"}},"DDF":"x"}]})");
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(decoded->results.size(), 2);
    QCOMPARE(decoded->results[0].clientUri, u"urn:oma:mo:oma-dm-devinfo:1.0//"_s);
    QCOMPARE(decoded->results[0].cacheValidator, u"7"_s);
    QCOMPARE(decoded->results[0].root(MoKind::DevInfo).toObject().value(u"DevID").toString(), u"D"_s);
    QCOMPARE(decoded->results[1].clientUri, u"urn:oma:mo:oma-dm-fumo:1.0//"_s);
    QCOMPARE(decoded->results[1].root(MoKind::Fumo).toObject().value(u"State").toString(), u"10"_s);
}

void TestOmadmCodec::variantResultsBothForms()
{
    const Result<Package3> decoded = decodePackage3(
        R"({"Status":[{"sc":200},{"sc":200}],"ClientURI":"urn:oma:mo:oma-dm-devinfo:1.0//",)"
        R"("MOData":{"DevInfo":{}},"MOS":[{"ClientURI":"urn:oma:mo:oma-dm-fumo:1.0//","MOData":{"fumo":{}}}]})");
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(decoded->results.size(), 2);
    QCOMPARE(decoded->results[0].clientUri, u"urn:oma:mo:oma-dm-devinfo:1.0//"_s);
    QCOMPARE(decoded->results[1].clientUri, u"urn:oma:mo:oma-dm-fumo:1.0//"_s);
}

void TestOmadmCodec::variantMoResultCodeAsSc()
{
    const Result<Package3> decoded = decodePackage3(R"({"Status":[{"sc":1200},{"sc":1405},{"sc":410}]})");
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(decoded->statuses[0].sc, 1200);
    QCOMPARE(decoded->statuses[1].sc, 1405);
    QCOMPARE(decoded->statuses[2].sc, 410);
}

void TestOmadmCodec::variantScAsString()
{
    const Result<Package3> decoded = decodePackage3(R"({"Status":[{"sc":"200"},{"sc":" 1200 "}]})");
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(decoded->statuses[0].sc, 200);
    QCOMPARE(decoded->statuses[1].sc, 1200);
    const QByteArray expected = QByteArray(R"({"Status":[{"sc":200},{"sc":1200}]})");
    QCOMPARE(encode(*decoded), expected);
}

void TestOmadmCodec::variantDm1xResultCode()
{
    const Result<Package3> decoded =
        decodePackage3(R"({"Status":[{"sc":202}],"Alert":[{"AlertType":"urn:oma:at:scomo:1.0:OperationComplete",)"
                       R"("SourceURI":"urn:oma:mo:oma-scomo:1.0//Download/Package1/Operations/DownloadInstall",)"
                       R"("TargetURI":"urn:oma:mo:oma-scomo:1.0//Inventory/Deployed/Component1",)"
                       R"("Data":{"DM1x":"<ResultCode>1200</ResultCode><Identifier>Component1</Identifier>"}}]})");
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(decoded->alerts[0].resultCode(), std::optional<int>(1200));
    QVERIFY(!decoded->alerts[0].state().has_value());
    QCOMPARE(decoded->alerts[0].targetUri, u"urn:oma:mo:oma-scomo:1.0//Inventory/Deployed/Component1"_s);

    Alert noCode;
    noCode.data = QJsonObject{{u"DM1x"_s, u"<Identifier>x</Identifier>"_s}};
    QVERIFY(!noCode.resultCode().has_value());
}

void TestOmadmCodec::variantLowercaseDataKeys()
{
    // The seed's second SCOMO alert, with its missing comma restored.
    const Result<Package1> decoded = decodePackage1(
        R"({"Alert":[{"AlertType":"urn:oma:at:scomo:1.0:OperationComplete",)"
        R"("SourceURI":"urn:oma:mo:oma-dm-scomo:1.1// Download/<PkgID>/Operations/DownloadInstall",)"
        R"("Mark":"Information","DataType":"application/json","Data":{"resultCode":200,"state":"20"}}]})");
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(decoded->alerts[0].resultCode(), std::optional<int>(200));
    QCOMPARE(decoded->alerts[0].state(), std::optional<int>(20));
    QCOMPARE(decoded->alerts[0].dataValue(u"ResultCode").toInt(), 200);
}

void TestOmadmCodec::variantResultCodeAsString()
{
    const Result<Package1> decoded =
        decodePackage1(R"({"Alert":[{"AlertType":"x","Data":{"ResultCode":"402","State":"20"}}]})");
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(decoded->alerts[0].resultCode(), std::optional<int>(402));
    QCOMPARE(fumoResultName(*decoded->alerts[0].resultCode()), u"Corrupted Firmware Update Package"_s);
}

void TestOmadmCodec::variantServerInitiated_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("notificationId");
    QTest::newRow("string id") << QByteArray(R"({"Alert":[{"AlertType":"urn:oma:at:dm:2.0:ServerInitiatedMgmt",)"
                                             R"("Data":{"NotificationId":"n-42"}}]})")
                               << u"n-42"_s;
    QTest::newRow("number id") << QByteArray(R"({"Alert":[{"AlertType":"urn:oma:at:dm:2.0:ServerInitiatedMgmt",)"
                                             R"("Data":{"notificationid":4711}}]})")
                               << u"4711"_s;
    QTest::newRow("no id") << QByteArray(R"({"Alert":[{"AlertType":"urn:oma:at:dm:2.0:ServerInitiatedMgmt"}]})")
                           << QString();
    QTest::newRow("after a result alert")
        << QByteArray(R"({"Alert":[{"AlertType":"urn:oma:at:lawmo:1.0:OperationComplete","Data":{"ResultCode":1200}},)"
                      R"({"AlertType":"urn:oma:at:dm:2.0:ServerInitiatedMgmt","Data":{"NotificationId":"n-7"}}]})")
        << u"n-7"_s;
}

void TestOmadmCodec::variantServerInitiated()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, notificationId);
    const Result<Package1> decoded = decodePackage1(body);
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(decoded->reason, SessionReason::ServerInitiated);
    QCOMPARE(decoded->notificationId, notificationId);
}

void TestOmadmCodec::unknownMembersIgnored()
{
    const Result<Package3> decoded =
        decodePackage3(R"({"Status":[{"sc":200,"Extra":[1,2,{"x":null}]}],"Future":{"Feature":true},)"
                       R"("Alert":[{"AlertType":"x","Severity":7,"Data":{"Report":{"Battery":88.5}}}]})");
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(decoded->statuses.size(), 1);
    QCOMPARE(decoded->statuses[0].sc, 200);
    QCOMPARE(decoded->alerts[0].dataValue(u"Report").toObject().value(u"Battery").toDouble(), 88.5);
}

void TestOmadmCodec::detectKind_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<PackageKind>("kind");
    QTest::newRow("package 1") << QByteArray(R"({"MOS":[],"Alert":[]})") << true << PackageKind::Initiation;
    QTest::newRow("empty object") << QByteArray("{}") << true << PackageKind::Initiation;
    QTest::newRow("package 3") << QByteArray(R"({"Status":[{"sc":200}]})") << true << PackageKind::Response;
    QTest::newRow("status any case") << QByteArray(R"({"STATUS":[]})") << true << PackageKind::Response;
    QTest::newRow("array") << QByteArray(R"([{"Status":[]}])") << false << PackageKind::Initiation;
    QTest::newRow("not json") << QByteArray("Status") << false << PackageKind::Initiation;
    QTest::newRow("empty") << QByteArray() << false << PackageKind::Initiation;
}

void TestOmadmCodec::detectKind()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, ok);
    QFETCH(PackageKind, kind);
    const Result<PackageKind> detected = detectPackageKind(body);
    QCOMPARE(detected.ok(), ok);
    if (ok)
        QCOMPARE(*detected, kind);
    else
        QVERIFY(!detected.errorString().isEmpty());
}

// ---------------------------------------------------------------------------------------------- encoding

void TestOmadmCodec::encodePackage3SingleResult()
{
    Package3 p;
    p.statuses = {StatusEntry{200, {}}};
    p.results = {MoData{u"urn:oma:mo:oma-dm-devinfo:1.0//"_s,
                        QJsonObject{{u"DevInfo"_s, QJsonObject{{u"DevID"_s, u"x"_s}, {u"HwV"_s, u""_s}}}},
                        {}}};
    const QByteArray expected = QByteArray(R"({"Status":[{"sc":200}],"ClientURI":"urn:oma:mo:oma-dm-devinfo:1.0//",)"
                                           R"("MOData":{"DevInfo":{"DevID":"x","HwV":""}}})");
    QCOMPARE(encode(p), expected);
}

void TestOmadmCodec::encodePackage3ManyResults()
{
    Package3 p;
    p.statuses = {StatusEntry{200, {}}, StatusEntry{304, {u"urn:oma:mo:oma-dm-fumo:1.0//"_s}}};
    p.results = {MoData{u"urn:oma:mo:oma-dm-devinfo:1.0//"_s, QJsonObject{{u"DevInfo"_s, QJsonObject{}}}, {}},
                 MoData{u"urn:oma:mo:oma-dm-fumo:1.0//"_s, QJsonObject{{u"fumo"_s, QJsonObject{}}}, u"cv1"_s}};
    Alert alert;
    alert.type = u"urn:oma:at:fumo:1.0:Progress"_s;
    alert.sourceUri = u"urn:oma:mo:oma-dm-fumo:1.0//DownloadAndUpdate"_s;
    alert.data = QJsonObject{{u"State"_s, 30}, {u"Progress"_s, 40}};
    p.alerts = {alert};
    const QByteArray expected =
        QByteArray(R"({"Status":[{"sc":200},{"sc":304,"URI":["urn:oma:mo:oma-dm-fumo:1.0//"]}],)"
                   R"("MOS":[{"ClientURI":"urn:oma:mo:oma-dm-devinfo:1.0//","MOData":{"DevInfo":{}}},)"
                   R"({"ClientURI":"urn:oma:mo:oma-dm-fumo:1.0//","MOData":{"fumo":{}},"CV":"cv1"}],)"
                   R"("Alert":[{"AlertType":"urn:oma:at:fumo:1.0:Progress",)"
                   R"("SourceURI":"urn:oma:mo:oma-dm-fumo:1.0//DownloadAndUpdate","Mark":"informational",)"
                   R"("DataType":"application/json","Data":{"Progress":40,"State":30}}]})");
    QCOMPARE(encode(p), expected);
}

void TestOmadmCodec::encodeIntegersAsIntegers()
{
    Package3 p;
    p.statuses = {StatusEntry{1200, {}}};
    p.results = {MoData{u"urn:oma:mo:x-flotilla-rvc:1.0//Status"_s,
                        QJsonObject{{u"rvc"_s, QJsonObject{{u"PollSeconds"_s, QJsonValue(900.0)},
                                                           {u"Odometer"_s, QJsonValue(3.0e9)},
                                                           {u"Big"_s, QJsonValue(qint64(1) << 40)},
                                                           {u"Neg"_s, QJsonValue(-5.0)},
                                                           {u"List"_s, QJsonArray{1.0, 2.5}},
                                                           {u"TargetC"_s, QJsonValue(21.5)}}}},
                        {}}};
    Alert alert;
    alert.type = u"x"_s;
    alert.data = QJsonObject{{u"ResultCode"_s, QJsonValue(200.0)}};
    p.alerts = {alert};
    const QByteArray bytes = encode(p);
    const QList<QByteArray> fragments = {
        R"("sc":1200)", R"("PollSeconds":900,)", R"("Odometer":3000000000,)", R"("Big":1099511627776,)",
        R"("Neg":-5,)", R"("List":[1,2.5])",     R"("TargetC":21.5)",         R"("ResultCode":200})",
    };
    for (const QByteArray &fragment : fragments)
        QVERIFY2(bytes.contains(fragment), bytes.constData());
    QVERIFY(!bytes.contains("900.0"));
    QVERIFY(!bytes.contains("200.0"));
    QVERIFY(!bytes.contains("e+"));

    DmAccount account;
    account.srvUri = u"https://h/dm"_s;
    account.token = u"t"_s;
    account.pollSeconds = 1800;
    const QByteArray pollFragment = R"("PollSeconds":1800})";
    QVERIFY(encode(account).contains(pollFragment));
}

void TestOmadmCodec::encodeEmptyPackage2IsEnd()
{
    const QByteArray end = QByteArray(R"({"CMD":[["END"]]})");
    QCOMPARE(encode(Package2{}), end);
    const QByteArray endOnly = QByteArray(R"({"CMD":[["END"]]})");
    QCOMPARE(encode(Package2{{Command::end()}}), endOnly);
    QVERIFY(Command::end().isEnd());
    QVERIFY(!Command::get(u"urn:oma:mo:oma-dm-devinfo:1.0//"_s).isEnd());
    const QByteArray getThenEnd = QByteArray(R"({"CMD":[["GET","urn:oma:mo:oma-dm-devinfo:1.0//"],["END"]]})");
    QCOMPARE(encode(Package2{{Command::get(u"urn:oma:mo:oma-dm-devinfo:1.0//"_s), Command::end()}}), getThenEnd);
}

void TestOmadmCodec::encodePackage1SessionAlert_data()
{
    QTest::addColumn<SessionReason>("reason");
    QTest::addColumn<QString>("notificationId");
    QTest::addColumn<QByteArray>("expectedAlert");
    QTest::newRow("client") << SessionReason::ClientInitiated << QString()
                            << QByteArray(
                                   R"({"AlertType":"urn:oma:at:dm:2.0:ClientInitiatedMgmt","Mark":"informational"})");
    QTest::newRow("server") << SessionReason::ServerInitiated << u"n-9"_s
                            << QByteArray(
                                   R"({"AlertType":"urn:oma:at:dm:2.0:ServerInitiatedMgmt","Mark":"informational",)"
                                   R"("DataType":"application/json","Data":{"NotificationId":"n-9"}})");
    QTest::newRow("bootstrap") << SessionReason::BootstrapComplete << QString()
                               << QByteArray(
                                      R"({"AlertType":"urn:oma:at:dm:2.0:BootstrapComplete","Mark":"informational",)"
                                      R"("DataType":"application/json","Data":{"ResultCode":200}})");
}

void TestOmadmCodec::encodePackage1SessionAlert()
{
    QFETCH(SessionReason, reason);
    QFETCH(QString, notificationId);
    QFETCH(QByteArray, expectedAlert);

    Package1 p;
    p.mos = {MoSupport{u"urn:oma:mo:oma-dm-devinfo:1.0"_s, {u"miid1"_s}, {}, MoKind::DevInfo}};
    p.reason = reason;
    p.notificationId = notificationId;
    Alert result;
    result.type = u"urn:oma:at:lawmo:1.0:OperationComplete"_s;
    result.sourceUri = u"urn:oma:mo:oma-dm-lawmo:1.0//Operations/Wipe"_s;
    result.data = QJsonObject{{u"ResultCode"_s, 1200}, {u"State"_s, u"30"_s}};
    p.alerts = {result};
    const QByteArray bytes = encode(p);
    const QByteArray expected =
        QByteArray(R"({"MOS":[{"MOID":"urn:oma:mo:oma-dm-devinfo:1.0","MIID":["miid1"]}],"Alert":[)") + expectedAlert +
        R"(,{"AlertType":"urn:oma:at:lawmo:1.0:OperationComplete",)"
        R"("SourceURI":"urn:oma:mo:oma-dm-lawmo:1.0//Operations/Wipe","Mark":"informational",)"
        R"("DataType":"application/json","Data":{"ResultCode":1200,"State":"30"}}]})";
    QCOMPARE(bytes, expected);
    const Result<Package1> decoded = decodePackage1(bytes);
    QVERIFY(decoded.ok());
    QCOMPARE(decoded->reason, reason);
    QCOMPARE(decoded->notificationId, notificationId);
    QCOMPARE(decoded->alerts.size(), 2);

    // A session alert already in alerts is not doubled.
    const QByteArray again = encode(*decoded);
    QCOMPARE(again, bytes);
}

void TestOmadmCodec::encodeAlertOmitsEmptyMembers()
{
    Package3 p;
    p.statuses = {StatusEntry{200, {}}};
    Alert bare;
    bare.type = u"urn:oma:at:dm:2.0:ClientInitiatedMgmt"_s;
    bare.dataType = u"application/json"_s; // without Data, DataType is not written
    p.alerts = {bare};
    const QByteArray expected =
        QByteArray(R"({"Status":[{"sc":200}],"Alert":[{"AlertType":"urn:oma:at:dm:2.0:ClientInitiatedMgmt",)"
                   R"("Mark":"informational"}]})");
    QCOMPARE(encode(p), expected);
    const QByteArray emptyStatus = R"({"Status":[]})";
    QCOMPARE(encode(Package3{}), emptyStatus);
}

void TestOmadmCodec::alertToJsonMembers()
{
    Alert alert;
    alert.type = u"urn:oma:at:scomo:1.0:OperationComplete"_s;
    alert.sourceUri = u"urn:oma:mo:oma-dm-scomo:1.1//Download/P/Operations/DownloadInstall"_s;
    alert.targetUri = u"urn:oma:mo:oma-dm-scomo:1.1//Inventory/Deployed/C"_s;
    alert.mark = u"critical"_s;
    alert.data = QJsonObject{{u"ResultCode"_s, 1405}};
    const QJsonObject json = alertToJson(alert);
    QCOMPARE(json.size(), 6);
    QCOMPARE(json.value(u"AlertType").toString(), alert.type);
    QCOMPARE(json.value(u"SourceURI").toString(), alert.sourceUri);
    QCOMPARE(json.value(u"TargetURI").toString(), alert.targetUri);
    QCOMPARE(json.value(u"Mark").toString(), u"critical"_s);
    QCOMPARE(json.value(u"DataType").toString(), u"application/json"_s);
    QCOMPARE(json.value(u"Data").toObject().value(u"ResultCode").toInt(), 1405);

    Alert bare;
    bare.type = u"x"_s;
    const QJsonObject bareJson = alertToJson(bare);
    QCOMPARE(bareJson.keys(), (QStringList{u"AlertType"_s, u"Mark"_s}));
    QCOMPARE(bareJson.value(u"Mark").toString(), u"informational"_s);
}

void TestOmadmCodec::devInfoToJsonMergesExt()
{
    DevInfo d;
    d.devId = u"HU-1"_s;
    d.swV = u"1.0"_s;
    d.ext = QJsonObject{{u"vin"_s, u"OLD"_s}, {u"Trim"_s, u"GTI"_s}};
    d.vin = u"WVWZZZ1JZXW000001"_s;
    d.codecs = {u"full-zstd"_s};
    d.deltaMaxMemoryMiB = 0;
    d.ecus = {EcuInfo{u"headunit"_s, u"hu-gen3"_s, u"1.2.0"_s}, EcuInfo{u"tbox"_s, {}, {}}};
    const QJsonObject json = d.toJson();
    QCOMPARE(json.value(u"DevID").toString(), u"HU-1"_s);
    QCOMPARE(json.value(u"SwV").toString(), u"1.0"_s);
    QVERIFY(json.contains(u"HwV")); // required members are always written
    const QJsonObject ext = json.value(u"Ext").toObject();
    QVERIFY(!ext.contains(u"vin")); // replaced by the typed member, not duplicated
    QCOMPARE(ext.value(u"VIN").toString(), u"WVWZZZ1JZXW000001"_s);
    QCOMPARE(ext.value(u"Trim").toString(), u"GTI"_s);
    QCOMPARE(ext.value(u"Codecs").toArray(), QJsonArray{u"full-zstd"_s});
    QCOMPARE(ext.value(u"DeltaMaxMemoryMiB").toInt(-1), 0);
    QCOMPARE(ext.value(u"Ecus").toArray().at(1).toObject(), (QJsonObject{{u"Ecu"_s, u"tbox"_s}}));
    QVERIFY(!ext.contains(u"CSR"));

    const Result<DevInfo> back = DevInfo::fromJson(json);
    QVERIFY2(back.ok(), qPrintable(back.errorString()));
    QCOMPARE(back->vin, d.vin);
    QCOMPARE(back->codecs, d.codecs);
    QCOMPARE(back->deltaMaxMemoryMiB, d.deltaMaxMemoryMiB);
    QCOMPARE(back->ecus.size(), 2);
    QCOMPARE(back->ecus[0].swVersion, u"1.2.0"_s);
    QCOMPARE(back->ecus[1].hwId, QString());
}

void TestOmadmCodec::moDataRootIgnoresCase()
{
    const MoData data{u"urn:oma:mo:oma-dm-fumo:1.0//"_s, QJsonObject{{u"FUMO"_s, QJsonObject{{u"State"_s, 50}}}}, {}};
    QCOMPARE(data.root(MoKind::Fumo).toObject().value(u"State").toInt(), 50);
    QVERIFY(data.root(MoKind::Scomo).isUndefined());
}

// ---------------------------------------------------------------------------------------------- proof

void TestOmadmCodec::registrationProof_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("vin");
    QTest::addColumn<QString>("devId");
    QTest::addColumn<QString>("proof");
    // Computed with: printf '%s' 'VIN:DEVID' | openssl dgst -sha256 -hmac KEY -binary | base64
    QTest::newRow("protocol example") << u"fleet-enroll-7Q2x"_s << u"WVWZZZ1JZXW000001"_s << u"HU-7731-0042"_s
                                      << u"Mv0P8UObrW0E+wRQI3T1zvM9or6BSXbEi/bpZnmeMDM="_s;
    QTest::newRow("seed vehicle") << u"K"_s << u"493005100591233"_s << u"HUS100592800"_s
                                  << u"/yj8w3i0Xb/kihZLOq3BD1+Eu+el38XuxVMtMB63icw="_s;
    QTest::newRow("utf-8 key and id") << u"schlüssel"_s << u"WVWZZZ1JZXW000001"_s << u"Gerät-1"_s
                                      << u"Rwpk40sGfWhRILR2bDAcP8C3WKzQOMY2FPCCoTnTlOE="_s;
    QTest::newRow("empty") << QString() << QString() << QString() << u"x0p/DjrPgpFLqM0njh8/W/iYUj7InHLWbKZ+8912MR8="_s;
}

void TestOmadmCodec::registrationProof()
{
    QFETCH(QString, key);
    QFETCH(QString, vin);
    QFETCH(QString, devId);
    QFETCH(QString, proof);
    QCOMPARE(flotilla::omadm::registrationProof(key, vin, devId), proof);
}

void TestOmadmCodec::registrationProofMatchesOpensslCli_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("vin");
    QTest::addColumn<QString>("devId");
    QTest::newRow("ascii") << u"Zm9vYmFy-enroll"_s << u"1HGCM82633A004352"_s << u"tbox-0007"_s;
    QTest::newRow("utf-8") << u"clé-ñ-€"_s << u"VF1AAAAA555555555"_s << u"Ünit 7"_s;
}

void TestOmadmCodec::registrationProofMatchesOpensslCli()
{
    QFETCH(QString, key);
    QFETCH(QString, vin);
    QFETCH(QString, devId);
    const QString openssl = QStandardPaths::findExecutable(u"openssl"_s);
    if (openssl.isEmpty())
        QSKIP("openssl CLI not installed");
    QProcess process;
    process.start(openssl, {u"dgst"_s, u"-sha256"_s, u"-hmac"_s, key, u"-binary"_s});
    QVERIFY(process.waitForStarted());
    process.write(QString(vin + u':' + devId).toUtf8());
    process.closeWriteChannel();
    QVERIFY(process.waitForFinished());
    QCOMPARE(process.exitCode(), 0);
    const QByteArray mac = process.readAllStandardOutput();
    QCOMPARE(mac.size(), 32);
    QCOMPARE(flotilla::omadm::registrationProof(key, vin, devId), QString::fromLatin1(mac.toBase64()));
}

QTEST_GUILESS_MAIN(TestOmadmCodec)
#include "tst_omadm_codec.moc"
