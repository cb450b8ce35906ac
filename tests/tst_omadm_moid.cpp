#include "core/omadm/Codes.h"
#include "core/omadm/Moid.h"

#include <QtTest>

using namespace flotilla::omadm;
using namespace Qt::StringLiterals;

// MOIDs, aliases, ClientURI parsing and the code-name tables (PROTOCOL.md §4, reference/omadm.md §1.4, §2-4).
class TestOmadmMoid final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void canonicalMoids_data();
    void canonicalMoids();
    void moKindOf_data();
    void moKindOf();
    void rootKeys_data();
    void rootKeys();
    void parseClientUri_data();
    void parseClientUri();
    void rejectClientUri_data();
    void rejectClientUri();
    void toStringIsExactForm();
    void sameNode_data();
    void sameNode();
    void fumoStateNames_data();
    void fumoStateNames();
    void resultNames_data();
    void resultNames();
    void successResults_data();
    void successResults();
};

void TestOmadmMoid::canonicalMoids_data()
{
    QTest::addColumn<MoKind>("kind");
    QTest::addColumn<QString>("moid");
    QTest::newRow("devinfo") << MoKind::DevInfo << u"urn:oma:mo:oma-dm-devinfo:1.0"_s;
    QTest::newRow("dmacc") << MoKind::DmAcc << u"urn:oma:mo:oma-dm-dmacc:1.2"_s;
    QTest::newRow("fumo") << MoKind::Fumo << u"urn:oma:mo:oma-dm-fumo:1.0"_s;
    QTest::newRow("scomo") << MoKind::Scomo << u"urn:oma:mo:oma-dm-scomo:1.1"_s;
    QTest::newRow("lawmo") << MoKind::Lawmo << u"urn:oma:mo:oma-dm-lawmo:1.0"_s;
    QTest::newRow("diagmon") << MoKind::DiagMon << u"urn:oma:mo:oma-diagmon:1.0"_s;
    QTest::newRow("rvc") << MoKind::VehicleControl << u"urn:oma:mo:x-flotilla-rvc:1.0"_s;
    QTest::newRow("unknown") << MoKind::Unknown << QString();
}

void TestOmadmMoid::canonicalMoids()
{
    QFETCH(MoKind, kind);
    QFETCH(QString, moid);
    QCOMPARE(canonicalMoid(kind), moid);
    if (kind != MoKind::Unknown)
        QCOMPARE(moKind(moid), kind);
}

void TestOmadmMoid::moKindOf_data()
{
    QTest::addColumn<QString>("moid");
    QTest::addColumn<MoKind>("kind");
    // The alias table of PROTOCOL.md §4.
    QTest::newRow("accinfo alias") << u"urn:oma:mo:oma-dm-accinfo:1.2"_s << MoKind::DmAcc;
    QTest::newRow("fumo standard") << u"urn:oma:mo:oma-fumo:1.0"_s << MoKind::Fumo;
    QTest::newRow("scomo standard 1.0") << u"urn:oma:mo:oma-scomo:1.0"_s << MoKind::Scomo;
    QTest::newRow("scomo dm 1.0") << u"urn:oma:mo:oma-dm-scomo:1.0"_s << MoKind::Scomo;
    QTest::newRow("lawmo standard") << u"urn:oma:mo:oma-lawmo:1.0"_s << MoKind::Lawmo;
    // Tolerated spellings.
    QTest::newRow("no urn") << u"oma:mo:oma-dm-devinfo:1.0"_s << MoKind::DevInfo;
    QTest::newRow("no urn, alias") << u"oma:mo:oma-fumo:1.0"_s << MoKind::Fumo;
    QTest::newRow("whitespace around") << u"  urn:oma:mo:oma-dm-lawmo:1.0 \t"_s << MoKind::Lawmo;
    QTest::newRow("seed space inside") << u"urn:oma:mo:oma-dm- devinfo:1.0"_s << MoKind::DevInfo;
    QTest::newRow("upper case") << u"URN:OMA:MO:OMA-DM-FUMO:1.0"_s << MoKind::Fumo;
    QTest::newRow("trailing colon (seed :1.0://)") << u"urn:oma:mo:oma-dm-fumo:1.0:"_s << MoKind::Fumo;
    // Not ours.
    QTest::newRow("other version") << u"urn:oma:mo:oma-dm-fumo:2.0"_s << MoKind::Unknown;
    QTest::newRow("other mo") << u"urn:oma:mo:oma-sessioninfomo:1.0"_s << MoKind::Unknown;
    QTest::newRow("empty") << QString() << MoKind::Unknown;
    QTest::newRow("prefix only") << u"urn:oma:mo:oma-dm-fumo"_s << MoKind::Unknown;
}

void TestOmadmMoid::moKindOf()
{
    QFETCH(QString, moid);
    QFETCH(MoKind, kind);
    QCOMPARE(moKind(moid), kind);
}

void TestOmadmMoid::rootKeys_data()
{
    QTest::addColumn<MoKind>("kind");
    QTest::addColumn<QString>("key");
    QTest::newRow("devinfo") << MoKind::DevInfo << u"DevInfo"_s;
    QTest::newRow("dmacc") << MoKind::DmAcc << u"DmAcc"_s;
    QTest::newRow("fumo") << MoKind::Fumo << u"fumo"_s;
    QTest::newRow("scomo") << MoKind::Scomo << u"scomo"_s;
    QTest::newRow("lawmo") << MoKind::Lawmo << u"lawmo"_s;
    QTest::newRow("diagmon") << MoKind::DiagMon << u"diagmon"_s;
    QTest::newRow("rvc") << MoKind::VehicleControl << u"rvc"_s;
    QTest::newRow("unknown") << MoKind::Unknown << QString();
}

void TestOmadmMoid::rootKeys()
{
    QFETCH(MoKind, kind);
    QFETCH(QString, key);
    QCOMPARE(moDataRootKey(kind), key);
}

void TestOmadmMoid::parseClientUri_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("moid");
    QTest::addColumn<QString>("instance");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("query");
    QTest::addColumn<MoKind>("kind");
    QTest::addColumn<QString>("exact");

    QTest::newRow("whole mo") << u"urn:oma:mo:oma-dm-devinfo:1.0//"_s << u"urn:oma:mo:oma-dm-devinfo:1.0"_s << QString()
                              << QString() << QString() << MoKind::DevInfo << u"urn:oma:mo:oma-dm-devinfo:1.0//"_s;
    QTest::newRow("node") << u"urn:oma:mo:oma-dm-fumo:1.0//DownloadAndUpdate/PkgURL"_s
                          << u"urn:oma:mo:oma-dm-fumo:1.0"_s << QString() << u"DownloadAndUpdate/PkgURL"_s << QString()
                          << MoKind::Fumo << u"urn:oma:mo:oma-dm-fumo:1.0//DownloadAndUpdate/PkgURL"_s;
    QTest::newRow("seed :1.0://") << u"urn:oma:mo:oma-dm-fumo:1.0://"_s << u"urn:oma:mo:oma-dm-fumo:1.0"_s << QString()
                                  << QString() << QString() << MoKind::Fumo << u"urn:oma:mo:oma-dm-fumo:1.0//"_s;
    QTest::newRow("seed space after //")
        << u"urn:oma:mo:oma-dm-scomo:1.0// Download/<PkgID>/Operations/DownloadInstall"_s
        << u"urn:oma:mo:oma-dm-scomo:1.0"_s << QString() << u"Download/<PkgID>/Operations/DownloadInstall"_s
        << QString() << MoKind::Scomo << u"urn:oma:mo:oma-dm-scomo:1.0//Download/<PkgID>/Operations/DownloadInstall"_s;
    QTest::newRow("spaces around /") << u"urn:oma:mo:oma-dm-lawmo:1.0// Operations / Wipe "_s
                                     << u"urn:oma:mo:oma-dm-lawmo:1.0"_s << QString() << u"Operations/Wipe"_s
                                     << QString() << MoKind::Lawmo << u"urn:oma:mo:oma-dm-lawmo:1.0//Operations/Wipe"_s;
    QTest::newRow("no urn") << u"oma:mo:oma-dm-devinfo:1.0//"_s << u"urn:oma:mo:oma-dm-devinfo:1.0"_s << QString()
                            << QString() << QString() << MoKind::DevInfo << u"urn:oma:mo:oma-dm-devinfo:1.0//"_s;
    QTest::newRow("seed space in urn") << u"urn:oma:mo:oma-dm- devinfo:1.0//"_s << u"urn:oma:mo:oma-dm-devinfo:1.0"_s
                                       << QString() << QString() << QString() << MoKind::DevInfo
                                       << u"urn:oma:mo:oma-dm-devinfo:1.0//"_s;
    QTest::newRow("alias kept as sent") << u"urn:oma:mo:oma-fumo:1.0//Update"_s << u"urn:oma:mo:oma-fumo:1.0"_s
                                        << QString() << u"Update"_s << QString() << MoKind::Fumo
                                        << u"urn:oma:mo:oma-fumo:1.0//Update"_s;
    QTest::newRow("instance") << u"urn:oma:mo:oma-dm-scomo:1.1/miid1/Inventory/Deployed"_s
                              << u"urn:oma:mo:oma-dm-scomo:1.1"_s << u"miid1"_s << u"Inventory/Deployed"_s << QString()
                              << MoKind::Scomo << u"urn:oma:mo:oma-dm-scomo:1.1/miid1/Inventory/Deployed"_s;
    QTest::newRow("x-name and query with /")
        << u"urn:oma:mo:moid:1.0/(x)/Data/1/Value?nv=(x)/ID:GPS"_s << u"urn:oma:mo:moid:1.0"_s << u"(x)"_s
        << u"Data/1/Value"_s << u"nv=(x)/ID:GPS"_s << MoKind::Unknown
        << u"urn:oma:mo:moid:1.0/(x)/Data/1/Value?nv=(x)/ID:GPS"_s;
    QTest::newRow("wildcard instance") << u"urn:oma:mo:moid:1.0/*/Setting"_s << u"urn:oma:mo:moid:1.0"_s << u"*"_s
                                       << u"Setting"_s << QString() << MoKind::Unknown
                                       << u"urn:oma:mo:moid:1.0/*/Setting"_s;
    QTest::newRow("trailing slash") << u"urn:oma:mo:oma-dm-fumo:1.0//DownloadAndUpdate/"_s
                                    << u"urn:oma:mo:oma-dm-fumo:1.0"_s << QString() << u"DownloadAndUpdate"_s
                                    << QString() << MoKind::Fumo << u"urn:oma:mo:oma-dm-fumo:1.0//DownloadAndUpdate"_s;
    QTest::newRow("bare moid") << u"urn:oma:mo:oma-dm-devinfo:1.0"_s << u"urn:oma:mo:oma-dm-devinfo:1.0"_s << QString()
                               << QString() << QString() << MoKind::DevInfo << u"urn:oma:mo:oma-dm-devinfo:1.0//"_s;
    QTest::newRow("cache validator") << u"urn:oma:mo:oma-dm-devinfo:1.0//?cv=abc"_s
                                     << u"urn:oma:mo:oma-dm-devinfo:1.0"_s << QString() << QString() << u"cv=abc"_s
                                     << MoKind::DevInfo << u"urn:oma:mo:oma-dm-devinfo:1.0//?cv=abc"_s;
}

void TestOmadmMoid::parseClientUri()
{
    QFETCH(QString, text);
    QFETCH(QString, moid);
    QFETCH(QString, instance);
    QFETCH(QString, path);
    QFETCH(QString, query);
    QFETCH(MoKind, kind);
    QFETCH(QString, exact);

    const flotilla::Result<ClientUri> uri = ClientUri::parse(text);
    QVERIFY2(uri.ok(), qPrintable(uri.errorString()));
    QCOMPARE(uri->moid, moid);
    QCOMPARE(uri->instance, instance);
    QCOMPARE(uri->path, path);
    QCOMPARE(uri->query, query);
    QCOMPARE(uri->kind, kind);
    QCOMPARE(uri->toString(), exact);
    // The exact form parses to the same value.
    const flotilla::Result<ClientUri> again = ClientUri::parse(exact);
    QVERIFY(again.ok());
    QCOMPARE(again->toString(), exact);
}

void TestOmadmMoid::rejectClientUri_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("error");
    QTest::newRow("empty") << QString() << u"empty"_s;
    QTest::newRow("blank") << u"   "_s << u"empty"_s;
    QTest::newRow("server url") << u"https://dms.example.com/dm/mo/x"_s << u"does not start with a MOID"_s;
    QTest::newRow("no moid") << u"//Download"_s << u"no MOID"_s;
    QTest::newRow("just urn") << u"urn://x"_s << u"does not start with a MOID"_s;
    QTest::newRow("empty segment") << u"urn:oma:mo:oma-dm-fumo:1.0//Download//PkgURL"_s << u"empty path segment"_s;
    QTest::newRow("control character") << u"urn:oma:mo:oma-dm-fumo:1.0//Down\u0001load"_s << u"control character"_s;
}

void TestOmadmMoid::rejectClientUri()
{
    QFETCH(QString, text);
    QFETCH(QString, error);
    const flotilla::Result<ClientUri> uri = ClientUri::parse(text);
    QVERIFY(!uri.ok());
    QCOMPARE(uri.errorString(), error);
}

void TestOmadmMoid::toStringIsExactForm()
{
    ClientUri uri;
    uri.moid = u"urn:oma:mo:oma-dm-lawmo:1.0"_s;
    uri.path = u"Operations/Wipe"_s;
    QCOMPARE(uri.toString(), u"urn:oma:mo:oma-dm-lawmo:1.0//Operations/Wipe"_s);
    uri.instance = u"1"_s;
    uri.query = u"cv=7"_s;
    QCOMPARE(uri.toString(), u"urn:oma:mo:oma-dm-lawmo:1.0/1/Operations/Wipe?cv=7"_s);
}

void TestOmadmMoid::sameNode_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<bool>("same");
    QTest::newRow("identical") << u"urn:oma:mo:oma-dm-fumo:1.0//DownloadAndUpdate"_s
                               << u"urn:oma:mo:oma-dm-fumo:1.0//DownloadAndUpdate"_s << true;
    QTest::newRow("alias and canonical") << u"urn:oma:mo:oma-fumo:1.0//DownloadAndUpdate"_s
                                         << u"urn:oma:mo:oma-dm-fumo:1.0//DownloadAndUpdate"_s << true;
    QTest::newRow("seed spelling") << u"urn:oma:mo:oma-dm-scomo:1.0// Download/P1/Operations/DownloadInstall"_s
                                   << u"urn:oma:mo:oma-dm-scomo:1.1//Download/P1/Operations/DownloadInstall"_s << true;
    QTest::newRow("query ignored") << u"urn:oma:mo:oma-dm-devinfo:1.0//?cv=1"_s << u"urn:oma:mo:oma-dm-devinfo:1.0//"_s
                                   << true;
    QTest::newRow("other node") << u"urn:oma:mo:oma-dm-fumo:1.0//Download"_s
                                << u"urn:oma:mo:oma-dm-fumo:1.0//DownloadAndUpdate"_s << false;
    QTest::newRow("other mo") << u"urn:oma:mo:oma-dm-fumo:1.0//Download"_s << u"urn:oma:mo:oma-dm-scomo:1.1//Download"_s
                              << false;
    QTest::newRow("other instance") << u"urn:oma:mo:oma-dm-fumo:1.0/a/Download"_s
                                    << u"urn:oma:mo:oma-dm-fumo:1.0/b/Download"_s << false;
    QTest::newRow("unknown mo, same moid")
        << u"urn:oma:mo:vendor-x:1.0//A"_s << u"URN:OMA:MO:VENDOR-X:1.0//A"_s << true;
    QTest::newRow("unknown mo, other moid")
        << u"urn:oma:mo:vendor-x:1.0//A"_s << u"urn:oma:mo:vendor-y:1.0//A"_s << false;
    QTest::newRow("known and unknown") << u"urn:oma:mo:oma-dm-fumo:1.0//A"_s << u"urn:oma:mo:vendor-y:1.0//A"_s
                                       << false;
}

void TestOmadmMoid::sameNode()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(bool, same);
    const flotilla::Result<ClientUri> left = ClientUri::parse(a);
    const flotilla::Result<ClientUri> right = ClientUri::parse(b);
    QVERIFY(left.ok() && right.ok());
    QCOMPARE(left->sameNode(*right), same);
    QCOMPARE(right->sameNode(*left), same);
}

void TestOmadmMoid::fumoStateNames_data()
{
    QTest::addColumn<int>("state");
    QTest::addColumn<QString>("name");
    QTest::newRow("10") << 10 << u"Idle / Start"_s;
    QTest::newRow("20") << 20 << u"Download Failed"_s;
    QTest::newRow("30") << 30 << u"Download Progressing"_s;
    QTest::newRow("40") << 40 << u"Download Complete"_s;
    QTest::newRow("50") << 50 << u"Ready to Update"_s;
    QTest::newRow("60") << 60 << u"Update Progressing"_s;
    QTest::newRow("70") << 70 << u"Update Failed / Have Data"_s;
    QTest::newRow("80") << 80 << u"Update Failed / No Data"_s;
    QTest::newRow("90") << 90 << u"Update Successful / Have Data"_s;
    QTest::newRow("100") << 100 << u"Update Successful / No Data"_s;
    QTest::newRow("vendor 11") << 11 << u"Unknown (11)"_s;
}

void TestOmadmMoid::fumoStateNames()
{
    QFETCH(int, state);
    QFETCH(QString, name);
    QCOMPARE(fumoStateName(state), name);
}

void TestOmadmMoid::resultNames_data()
{
    QTest::addColumn<QString>("table");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("name");
    QTest::newRow("fumo 200") << u"fumo"_s << 200 << u"Successful"_s;
    QTest::newRow("fumo 402") << u"fumo"_s << 402 << u"Corrupted Firmware Update Package"_s;
    QTest::newRow("fumo 403") << u"fumo"_s << 403 << u"Firmware Update Package - Device Mismatch"_s;
    QTest::newRow("fumo 404") << u"fumo"_s << 404 << u"Failed Firmware Update Package Validation"_s;
    QTest::newRow("fumo 410") << u"fumo"_s << 410 << u"Firmware Update Failed"_s;
    QTest::newRow("fumo 503") << u"fumo"_s << 503 << u"Download Fails: Network Issues"_s;
    QTest::newRow("fumo vendor 251") << u"fumo"_s << 251 << u"Successful (vendor-specified 251)"_s;
    QTest::newRow("fumo vendor 455") << u"fumo"_s << 455 << u"Client Error (vendor-specified 455)"_s;
    QTest::newRow("fumo unknown") << u"fumo"_s << 600 << u"Unknown (600)"_s;
    QTest::newRow("scomo 1200") << u"scomo"_s << 1200 << u"Successful"_s;
    QTest::newRow("scomo 1405") << u"scomo"_s << 1405 << u"Install Failed"_s;
    QTest::newRow("scomo 1501") << u"scomo"_s << 1501 << u"Alternate Download Server Unavailable"_s;
    QTest::newRow("scomo unknown") << u"scomo"_s << 1414 << u"Unknown (1414)"_s;
    QTest::newRow("lawmo 1201") << u"lawmo"_s << 1201 << u"Wipe Data Successful"_s;
    QTest::newRow("lawmo 1405") << u"lawmo"_s << 1405 << u"Wipe Data Failed"_s;
    QTest::newRow("lawmo unknown") << u"lawmo"_s << 1407 << u"Unknown (1407)"_s;
    QTest::newRow("lawmo state 10") << u"lawmo-state"_s << 10 << u"Fully Locked"_s;
    QTest::newRow("lawmo state 20") << u"lawmo-state"_s << 20 << u"Partially Locked"_s;
    QTest::newRow("lawmo state 30") << u"lawmo-state"_s << 30 << u"Unlocked"_s;
}

void TestOmadmMoid::resultNames()
{
    QFETCH(QString, table);
    QFETCH(int, code);
    QFETCH(QString, name);
    if (table == u"fumo")
        QCOMPARE(fumoResultName(code), name);
    else if (table == u"scomo")
        QCOMPARE(scomoResultName(code), name);
    else if (table == u"lawmo")
        QCOMPARE(lawmoResultName(code), name);
    else
        QCOMPARE(lawmoStateName(code), name);
}

void TestOmadmMoid::successResults_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<bool>("success");
    QTest::newRow("200") << 200 << true;
    QTest::newRow("250 vendor") << 250 << true;
    QTest::newRow("299") << 299 << true;
    QTest::newRow("1200") << 1200 << true;
    QTest::newRow("1202") << 1202 << true;
    QTest::newRow("199") << 199 << false;
    QTest::newRow("300") << 300 << false;
    QTest::newRow("410") << 410 << false;
    QTest::newRow("1400") << 1400 << false;
    QTest::newRow("0") << 0 << false;
}

void TestOmadmMoid::successResults()
{
    QFETCH(int, code);
    QFETCH(bool, success);
    QCOMPARE(isSuccessResult(code), success);
}

QTEST_GUILESS_MAIN(TestOmadmMoid)
#include "tst_omadm_moid.moc"
