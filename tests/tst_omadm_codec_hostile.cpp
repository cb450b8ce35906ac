#include "core/omadm/Codec.h"
#include "tests/support/TestSupport.h"

#include <QDir>
#include <QRandomGenerator>
#include <QtTest>

#include <functional>

using namespace flotilla::omadm;
using namespace Qt::StringLiterals;
using flotilla::Result;
using flotilla::test::testData;

// The codec against what a hostile or broken vehicle may send: the seed's own invalid bodies,
// wrong types, limits (size, depth, strings, arrays), bad UTF-8, NUL bytes, and mutated goldens.
class TestOmadmCodecHostile final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rejectedByEveryDecoder_data();
    void rejectedByEveryDecoder();
    void seedBodies_data();
    void seedBodies();
    void wrongTypes_data();
    void wrongTypes();
    void devInfoFromJsonChecksTypes();
    void depthLimitBoundary();
    void deepNesting_data();
    void deepNesting();
    void bracketsInStringsAreNotNesting();
    void stringLimit();
    void arrayLimit();
    void messageSizeLimit();
    void invalidUtf8_data();
    void invalidUtf8();
    void validUtf8();
    void nulBytes_data();
    void nulBytes();
    void errorMessagesStayShort();
    void mutatedGoldensNeverCrash();
};

namespace {

struct Outcome
{
    bool ok = false;
    QString error;
    int code = 0;
    QByteArray reencoded; // encode(decoded) when ok and the message has an encoder
};

template<typename T>
Outcome outcomeOf(const Result<T> &result)
{
    Outcome out;
    out.ok = result.ok();
    if (!result.ok()) {
        out.error = result.errorString();
        out.code = result.error().code;
    }
    return out;
}

template<typename T>
Outcome withEncoding(const Result<T> &result)
{
    Outcome out = outcomeOf(result);
    if (result.ok())
        out.reencoded = encode(*result);
    return out;
}

using Decoder = std::function<Outcome(const QByteArray &)>;

const QList<std::pair<QString, Decoder>> &decoders()
{
    static const QList<std::pair<QString, Decoder>> all = {
        {u"package1"_s, [](const QByteArray &b) { return withEncoding(decodePackage1(b)); }},
        {u"package2"_s, [](const QByteArray &b) { return withEncoding(decodePackage2(b)); }},
        {u"package3"_s, [](const QByteArray &b) { return withEncoding(decodePackage3(b)); }},
        {u"registration"_s, [](const QByteArray &b) { return withEncoding(decodeRegistrationRequest(b)); }},
        {u"answer"_s, [](const QByteArray &b) { return withEncoding(decodeRegistrationAnswer(b)); }},
        {u"error"_s, [](const QByteArray &b) { return withEncoding(decodeErrorBody(b)); }},
        {u"detect"_s, [](const QByteArray &b) { return outcomeOf(detectPackageKind(b)); }},
        {u"object"_s, [](const QByteArray &b) { return outcomeOf(parseObject(b)); }},
    };
    return all;
}

Outcome run(const QString &decoder, const QByteArray &body)
{
    for (const auto &[name, decode] : decoders()) {
        if (name == decoder)
            return decode(body);
    }
    qFatal("unknown decoder");
}

// Short, printable, non-empty: fit to send back as a 400 Description.
bool isSafeMessage(const QString &message)
{
    if (message.isEmpty() || message.size() > 200)
        return false;
    for (const QChar c : message) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return false;
    }
    return true;
}

QByteArray nested(int levels, const QByteArray &open, const QByteArray &inner, const QByteArray &close)
{
    QByteArray out;
    out.reserve(levels * (open.size() + close.size()) + inner.size());
    for (int i = 0; i < levels; ++i)
        out += open;
    out += inner;
    for (int i = 0; i < levels; ++i)
        out += close;
    return out;
}

} // namespace

void TestOmadmCodecHostile::rejectedByEveryDecoder_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error"); // expected message prefix
    QTest::newRow("empty") << QByteArray() << u"empty body"_s;
    QTest::newRow("whitespace") << QByteArray(" \r\n\t ") << u"invalid JSON"_s;
    QTest::newRow("not json") << QByteArray("hello vehicle") << u"invalid JSON"_s;
    QTest::newRow("html") << QByteArray("<html><body>502 Bad Gateway</body></html>") << u"invalid JSON"_s;
    QTest::newRow("top-level array") << QByteArray(R"([{"CMD":[["END"]]}])") << u"expected a JSON object"_s;
    QTest::newRow("empty array") << QByteArray("[]") << u"expected a JSON object"_s;
    QTest::newRow("top-level string") << QByteArray(R"("Status")") << QString();
    QTest::newRow("top-level number") << QByteArray("401") << QString();
    QTest::newRow("top-level null") << QByteArray("null") << QString();
    QTest::newRow("two objects") << QByteArray(R"({"Status":[]}{"CMD":[]})") << u"invalid JSON"_s;
    QTest::newRow("trailing comma in object") << QByteArray(R"({"Responsecode":"401",})") << u"invalid JSON"_s;
    QTest::newRow("trailing comma in array") << QByteArray(R"({"Status":[{"sc":200},]})") << u"invalid JSON"_s;
    QTest::newRow("single quotes") << QByteArray("{'Status':[]}") << u"invalid JSON"_s;
    QTest::newRow("NaN") << QByteArray(R"({"Status":[{"sc":NaN}]})") << u"invalid JSON"_s;
    QTest::newRow("unterminated string") << QByteArray(R"({"Status)") << u"invalid JSON"_s;
    QTest::newRow("unclosed object") << QByteArray(R"({"Status":[{"sc":200}])") << u"invalid JSON"_s;
    QTest::newRow("only closers") << QByteArray("}}}]]]") << u"invalid JSON"_s;
    QTest::newRow("comment") << QByteArray("{/* x */}") << u"invalid JSON"_s;
    QTest::newRow("bad escape") << QByteArray(R"({"a":"\q"})") << u"invalid escape in a string at offset 7"_s;
    QTest::newRow("raw newline in string")
        << QByteArray("{\"a\":\"line\nbreak\"}") << u"control character in a string"_s;
}

void TestOmadmCodecHostile::rejectedByEveryDecoder()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, error);
    for (const auto &[name, decode] : decoders()) {
        const Outcome outcome = decode(body);
        QVERIFY2(!outcome.ok, qPrintable(name));
        QVERIFY2(isSafeMessage(outcome.error), qPrintable(name + u": " + outcome.error));
        if (!error.isEmpty())
            QVERIFY2(outcome.error.startsWith(error), qPrintable(name + u": " + outcome.error));
        QCOMPARE(outcome.code, 400);
    }
}

void TestOmadmCodecHostile::seedBodies_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("decoder");
    QTest::addColumn<QString>("error");
    // The literal invalid bodies of seeds/002 (see tests/data/omadm/invalid).
    QTest::newRow("missing comma") << u"seed-missing-comma.json"_s << u"package1"_s << u"invalid JSON at offset"_s;
    QTest::newRow("missing comma, lowercase")
        << u"seed-missing-comma-lowercase.json"_s << u"package1"_s << u"invalid JSON at offset"_s;
    QTest::newRow("trailing comma") << u"seed-trailing-comma.json"_s << u"error"_s << u"invalid JSON at offset"_s;
    QTest::newRow("END as object") << u"seed-end-object.json"_s << u"package2"_s << u"invalid JSON at offset"_s;
    QTest::newRow("nested MOS") << u"seed-nested-mos.json"_s << u"package1"_s << u"invalid JSON at offset"_s;
    QTest::newRow("lawmo alert") << u"seed-lawmo-alert.json"_s << u"package1"_s << u"invalid JSON at offset"_s;
    QTest::newRow("fumo missing brace") << u"seed-fumo-missing-brace.json"_s << u"package3"_s
                                        << u"invalid JSON at offset"_s;
    // Valid JSON, wrong schema: the command is not wrapped in its own array.
    QTest::newRow("flat CMD") << u"seed-cmd-flat.json"_s << u"package2"_s << u"CMD[0]: expected an array of strings"_s;
}

void TestOmadmCodecHostile::seedBodies()
{
    QFETCH(QString, file);
    QFETCH(QString, decoder);
    QFETCH(QString, error);
    const QByteArray body = testData(u"omadm/invalid/"_s + file);
    QVERIFY(!body.isEmpty());
    const Outcome outcome = run(decoder, body);
    QVERIFY(!outcome.ok);
    QVERIFY2(outcome.error.startsWith(error), qPrintable(outcome.error));
    QVERIFY2(isSafeMessage(outcome.error), qPrintable(outcome.error));
    if (error.startsWith(u"invalid JSON")) {
        // Not JSON at all: every decoder says so.
        for (const auto &[name, decode] : decoders())
            QVERIFY2(!decode(body).ok, qPrintable(name));
    }
}

void TestOmadmCodecHostile::wrongTypes_data()
{
    QTest::addColumn<QString>("decoder");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error");

    const QString p1 = u"package1"_s;
    const QString p2 = u"package2"_s;
    const QString p3 = u"package3"_s;
    const QString reg = u"registration"_s;
    const QString answer = u"answer"_s;
    const QString err = u"error"_s;
    auto row = [](const char *name, const QString &decoder, const char *body, const char *error) {
        QTest::newRow(name) << decoder << QByteArray(body) << QString::fromUtf8(error);
    };

    // Package #3
    row("p3 no Status", p3, R"({})", "Status: required");
    row("p3 Status object", p3, R"({"Status":{}})", "Status: expected an array");
    row("p3 Status item number", p3, R"({"Status":[1]})", "Status[0]: expected an object");
    row("p3 sc word", p3, R"({"Status":[{"sc":200},{"sc":"abc"}]})", "Status[1].sc: expected an integer");
    row("p3 sc fraction", p3, R"({"Status":[{"sc":200.5}]})", "Status[0].sc: expected an integer");
    row("p3 sc bool", p3, R"({"Status":[{"sc":true}]})", "Status[0].sc: expected an integer");
    row("p3 sc null", p3, R"({"Status":[{"sc":null}]})", "Status[0].sc: expected an integer");
    row("p3 sc exponent string", p3, R"({"Status":[{"sc":"2e2"}]})", "Status[0].sc: expected an integer");
    row("p3 sc huge", p3, R"({"Status":[{"sc":1e40}]})", "Status[0].sc: expected an integer");
    row("p3 sc too small", p3, R"({"Status":[{"sc":99}]})", "Status[0].sc: out of range");
    row("p3 sc negative", p3, R"({"Status":[{"sc":"-200"}]})", "Status[0].sc: out of range");
    row("p3 sc missing", p3, R"({"Status":[{"URI":[]}]})", "Status[0].sc: required");
    row("p3 URI string", p3, R"({"Status":[{"sc":200,"URI":"urn:x"}]})", "Status[0].URI: expected an array");
    row("p3 URI number", p3, R"({"Status":[{"sc":200,"URI":[1]}]})", "Status[0].URI[0]: expected a string");
    row("p3 ClientURI number", p3, R"({"Status":[],"ClientURI":5,"MOData":{}})", "ClientURI: expected a string");
    row("p3 ClientURI without MOData", p3, R"({"Status":[],"ClientURI":"urn:oma:mo:oma-dm-devinfo:1.0//"})",
        "MOData: required");
    row("p3 MOData without ClientURI", p3, R"({"Status":[],"MOData":{}})", "ClientURI: required");
    row("p3 ClientURI is a URL", p3, R"({"Status":[],"ClientURI":"https://x/y","MOData":{}})",
        "ClientURI: does not start with a MOID");
    row("p3 MOData string", p3, R"({"Status":[],"ClientURI":"urn:oma:mo:oma-dm-devinfo:1.0//","MOData":"x"})",
        "MOData: expected an object");
    row("p3 CV number", p3, R"({"Status":[],"ClientURI":"urn:oma:mo:oma-dm-devinfo:1.0//","MOData":{},"CV":1})",
        "CV: expected a string");
    row("p3 MOS object", p3, R"({"Status":[],"MOS":{}})", "MOS: expected an array");
    row("p3 MOS item string", p3, R"({"Status":[],"MOS":["x"]})", "MOS[0]: expected an object");
    row("p3 MOS item no ClientURI", p3, R"({"Status":[],"MOS":[{"MOData":{}}]})", "MOS[0].ClientURI: required");
    row("p3 MOS item MOData array", p3,
        R"({"Status":[],"MOS":[{"ClientURI":"urn:oma:mo:oma-dm-fumo:1.0//","MOData":[]}]})",
        "MOS[0].MOData: expected an object");
    row("p3 Alert object", p3, R"({"Status":[],"Alert":{}})", "Alert: expected an array");
    row("p3 Status twice", p3, R"({"Status":[{"sc":200}],"status":[]})",
        "Status: given more than once (in different case)");
    // Package #1
    row("p1 MOS object", p1, R"({"MOS":{}})", "MOS: expected an array");
    row("p1 MOS item string", p1, R"({"MOS":["urn:oma:mo:oma-dm-devinfo:1.0"]})", "MOS[0]: expected an object");
    row("p1 MOID missing", p1, R"({"MOS":[{"MIID":["a"]}]})", "MOS[0].MOID: required");
    row("p1 MOID number", p1, R"({"MOS":[{"MOID":7}]})", "MOS[0].MOID: expected a string");
    row("p1 MOID blank", p1, R"({"MOS":[{"MOID":" "}]})", "MOS[0].MOID: empty");
    row("p1 MIID string", p1, R"({"MOS":[{"MOID":"urn:x","MIID":"a"}]})", "MOS[0].MIID: expected an array");
    row("p1 MIID nested", p1, R"({"MOS":[{"MOID":"urn:x","MIID":[["a"]]}]})", "MOS[0].MIID[0]: expected a string");
    row("p1 DDF number", p1, R"({"MOS":[{"MOID":"urn:x","DDF":1}]})", "MOS[0].DDF: expected a string");
    row("p1 AlertType missing", p1, R"({"Alert":[{}]})", "Alert[0].AlertType: required");
    row("p1 AlertType number", p1, R"({"Alert":[{"AlertType":1}]})", "Alert[0].AlertType: expected a string");
    row("p1 AlertType empty", p1, R"({"Alert":[{"AlertType":""}]})", "Alert[0].AlertType: empty");
    row("p1 Alert item array", p1, R"({"Alert":[[]]})", "Alert[0]: expected an object");
    row("p1 Data string", p1, R"({"Alert":[{"AlertType":"x","Data":"<ResultCode>1200</ResultCode>"}]})",
        "Alert[0].Data: expected an object");
    row("p1 ResultCode word", p1, R"({"Alert":[{"AlertType":"x","Data":{"ResultCode":"ok"}}]})",
        "Alert[0].Data.ResultCode: expected an integer");
    row("p1 resultCode lowercase word", p1, R"({"Alert":[{"AlertType":"x","Data":{"resultCode":[200]}}]})",
        "Alert[0].Data.ResultCode: expected an integer");
    row("p1 State array", p1, R"({"Alert":[{"AlertType":"x","Data":{"State":[]}}]})",
        "Alert[0].Data.State: expected an integer");
    row("p1 DM1x number", p1, R"({"Alert":[{"AlertType":"x","Data":{"DM1x":5}}]})",
        "Alert[0].Data.DM1x: expected a string");
    row("p1 NotificationId object", p1, R"({"Alert":[{"AlertType":"x","Data":{"NotificationId":{}}}]})",
        "Alert[0].Data.NotificationId: expected a string or an integer");
    row("p1 Mark number", p1, R"({"Alert":[{"AlertType":"x","Mark":1}]})", "Alert[0].Mark: expected a string");
    row("p1 SourceURI array", p1, R"({"Alert":[{"AlertType":"x","SourceURI":[]}]})",
        "Alert[0].SourceURI: expected a string");
    row("p1 DataType bool", p1, R"({"Alert":[{"AlertType":"x","DataType":true}]})",
        "Alert[0].DataType: expected a string");
    // Package #2
    row("p2 no CMD", p2, R"({})", "CMD: required");
    row("p2 CMD empty", p2, R"({"CMD":[]})", "CMD: empty");
    row("p2 CMD string", p2, R"({"CMD":"END"})", "CMD: expected an array");
    row("p2 command empty", p2, R"({"CMD":[[]]})", "CMD[0]: empty");
    row("p2 command string", p2, R"({"CMD":[["END"],"END"]})", "CMD[1]: expected an array of strings");
    row("p2 param number", p2, R"({"CMD":[["GET",1]]})", "CMD[0][1]: expected a string");
    row("p2 name object", p2, R"({"CMD":[[{"END":1}]]})", "CMD[0][0]: expected a string");
    row("p2 name empty", p2, R"({"CMD":[[""]]})", "CMD[0][0]: empty command name");
    // Registration request
    row("reg ClientURI fumo", reg, R"({"ClientURI":"urn:oma:mo:oma-dm-fumo:1.0//","MOData":{"DevInfo":{"DevID":"x"}}})",
        "ClientURI: expected the urn:oma:mo:oma-dm-devinfo:1.0 MO");
    row("reg no ClientURI", reg, R"({"MOData":{"DevInfo":{"DevID":"x"}}})", "ClientURI: required");
    row("reg no MOData", reg, R"({"ClientURI":"urn:oma:mo:oma-dm-devinfo:1.0//"})", "MOData: required");
    row("reg no DevInfo", reg, R"({"ClientURI":"urn:oma:mo:oma-dm-devinfo:1.0//","MOData":{}})",
        "MOData.DevInfo: required");
    row("reg DevInfo array", reg, R"({"ClientURI":"urn:oma:mo:oma-dm-devinfo:1.0//","MOData":{"DevInfo":[]}})",
        "MOData.DevInfo: expected an object");
    row("reg DevID empty", reg, R"({"ClientURI":"urn:oma:mo:oma-dm-devinfo:1.0//","MOData":{"DevInfo":{"DevID":""}}})",
        "MOData.DevInfo.DevID: required");
    row("reg DevID number", reg, R"({"ClientURI":"urn:oma:mo:oma-dm-devinfo:1.0//","MOData":{"DevInfo":{"DevID":42}}})",
        "MOData.DevInfo.DevID: expected a string");
    row("reg SwV object", reg,
        R"({"ClientURI":"urn:oma:mo:oma-dm-devinfo:1.0//","MOData":{"DevInfo":{"DevID":"d","SwV":{}}}})",
        "MOData.DevInfo.SwV: expected a string");
    row("reg Ext array", reg,
        R"({"ClientURI":"urn:oma:mo:oma-dm-devinfo:1.0//","MOData":{"DevInfo":{"DevID":"d","Ext":[]}}})",
        "MOData.DevInfo.Ext: expected an object");
    row("reg VIN number", reg,
        R"({"ClientURI":"urn:oma:mo:oma-dm-devinfo:1.0//","MOData":{"DevInfo":{"DevID":"d","Ext":{"VIN":123}}}})",
        "MOData.DevInfo.Ext.VIN: expected a string");
    row("reg EncryptedVIN array", reg,
        R"({"ClientURI":"urn:oma:mo:oma-dm-devinfo:1.0//","MOData":{"DevInfo":{"DevID":"d","Ext":{"EncryptedVIN":["a"]}}}})",
        "MOData.DevInfo.Ext.EncryptedVIN: expected a string");
    row("reg Nonce number", reg,
        R"({"ClientURI":"urn:oma:mo:oma-dm-devinfo:1.0//","MOData":{"DevInfo":{"DevID":"d","Ext":{"Nonce":1}}}})",
        "MOData.DevInfo.Ext.Nonce: expected a string");
    row("reg Codecs string", reg,
        R"({"ClientURI":"urn:oma:mo:oma-dm-devinfo:1.0//","MOData":{"DevInfo":{"DevID":"d","Ext":{"Codecs":"full-zstd"}}}})",
        "MOData.DevInfo.Ext.Codecs: expected an array");
    row("reg Codecs number item", reg,
        R"({"ClientURI":"urn:oma:mo:oma-dm-devinfo:1.0//","MOData":{"DevInfo":{"DevID":"d","Ext":{"Codecs":[1]}}}})",
        "MOData.DevInfo.Ext.Codecs[0]: expected a string");
    row("reg DeltaMaxMemoryMiB word", reg,
        R"({"ClientURI":"urn:oma:mo:oma-dm-devinfo:1.0//","MOData":{"DevInfo":{"DevID":"d","Ext":{"DeltaMaxMemoryMiB":"lots"}}}})",
        "MOData.DevInfo.Ext.DeltaMaxMemoryMiB: expected an integer");
    row("reg DeltaMaxMemoryMiB fraction", reg,
        R"({"ClientURI":"urn:oma:mo:oma-dm-devinfo:1.0//","MOData":{"DevInfo":{"DevID":"d","Ext":{"DeltaMaxMemoryMiB":64.5}}}})",
        "MOData.DevInfo.Ext.DeltaMaxMemoryMiB: expected an integer");
    row("reg DeltaMaxMemoryMiB negative", reg,
        R"({"ClientURI":"urn:oma:mo:oma-dm-devinfo:1.0//","MOData":{"DevInfo":{"DevID":"d","Ext":{"DeltaMaxMemoryMiB":-1}}}})",
        "MOData.DevInfo.Ext.DeltaMaxMemoryMiB: out of range");
    row("reg Ecus object", reg,
        R"({"ClientURI":"urn:oma:mo:oma-dm-devinfo:1.0//","MOData":{"DevInfo":{"DevID":"d","Ext":{"Ecus":{}}}}})",
        "MOData.DevInfo.Ext.Ecus: expected an array");
    row("reg Ecus item string", reg,
        R"({"ClientURI":"urn:oma:mo:oma-dm-devinfo:1.0//","MOData":{"DevInfo":{"DevID":"d","Ext":{"Ecus":["hu"]}}}})",
        "MOData.DevInfo.Ext.Ecus[0]: expected an object");
    row("reg Ecu missing", reg,
        R"({"ClientURI":"urn:oma:mo:oma-dm-devinfo:1.0//","MOData":{"DevInfo":{"DevID":"d","Ext":{"Ecus":[{"Ecu":"a"},{"HwId":"x"}]}}}})",
        "MOData.DevInfo.Ext.Ecus[1].Ecu: required");
    row("reg Ecu SwV number", reg,
        R"({"ClientURI":"urn:oma:mo:oma-dm-devinfo:1.0//","MOData":{"DevInfo":{"DevID":"d","Ext":{"Ecus":[{"Ecu":"hu","SwV":1}]}}}})",
        "MOData.DevInfo.Ext.Ecus[0].SwV: expected a string");
    row("reg RXSWIN null item", reg,
        R"({"ClientURI":"urn:oma:mo:oma-dm-devinfo:1.0//","MOData":{"DevInfo":{"DevID":"d","Ext":{"RXSWIN":[null]}}}})",
        "MOData.DevInfo.Ext.RXSWIN[0]: expected a string");
    row("reg CSR object", reg,
        R"({"ClientURI":"urn:oma:mo:oma-dm-devinfo:1.0//","MOData":{"DevInfo":{"DevID":"d","Ext":{"CSR":{}}}}})",
        "MOData.DevInfo.Ext.CSR: expected a string");
    row("reg VIN twice", reg,
        R"({"ClientURI":"urn:oma:mo:oma-dm-devinfo:1.0//","MOData":{"DevInfo":{"DevID":"d","Ext":{"VIN":"a","vin":"b"}}}})",
        "MOData.DevInfo.Ext.VIN: given more than once (in different case)");
    // Registration answer
    row("answer ClientURI devinfo", answer,
        R"({"ClientURI":"urn:oma:mo:oma-dm-devinfo:1.0//","MOData":{"DmAcc":{"SrvURI":"u","Auth":{"Trsp":{"Secret":"t"}}}}})",
        "ClientURI: expected the urn:oma:mo:oma-dm-dmacc:1.2 MO");
    row("answer no Secret", answer,
        R"({"ClientURI":"urn:oma:mo:oma-dm-dmacc:1.2//","MOData":{"DmAcc":{"SrvURI":"u"}}})",
        "MOData.DmAcc.Auth.Trsp.Secret: required");
    row("answer empty Secret", answer,
        R"({"ClientURI":"urn:oma:mo:oma-dm-dmacc:1.2//","MOData":{"DmAcc":{"SrvURI":"u","Auth":{"Trsp":{"Secret":""}}}}})",
        "MOData.DmAcc.Auth.Trsp.Secret: empty");
    row("answer no SrvURI", answer,
        R"({"ClientURI":"urn:oma:mo:oma-dm-dmacc:1.2//","MOData":{"DmAcc":{"Auth":{"Trsp":{"Secret":"t"}}}}})",
        "MOData.DmAcc.SrvURI: required");
    row("answer Auth string", answer,
        R"({"ClientURI":"urn:oma:mo:oma-dm-dmacc:1.2//","MOData":{"DmAcc":{"SrvURI":"u","Auth":"t"}}})",
        "MOData.DmAcc.Auth: expected an object");
    row("answer PollSeconds word", answer,
        R"({"ClientURI":"urn:oma:mo:oma-dm-dmacc:1.2//","MOData":{"DmAcc":{"SrvURI":"u","Auth":{"Trsp":{"Secret":"t"}},"Ext":{"PollSeconds":"often"}}}})",
        "MOData.DmAcc.Ext.PollSeconds: expected an integer");
    row("answer PollSeconds zero", answer,
        R"({"ClientURI":"urn:oma:mo:oma-dm-dmacc:1.2//","MOData":{"DmAcc":{"SrvURI":"u","Auth":{"Trsp":{"Secret":"t"}},"Ext":{"PollSeconds":0}}}})",
        "MOData.DmAcc.Ext.PollSeconds: out of range");
    row("answer SigningKeys string", answer,
        R"({"ClientURI":"urn:oma:mo:oma-dm-dmacc:1.2//","MOData":{"DmAcc":{"SrvURI":"u","Auth":{"Trsp":{"Secret":"t"}},"Ext":{"SigningKeys":"pem"}}}})",
        "MOData.DmAcc.Ext.SigningKeys: expected an array");
    // Error body
    row("error code word", err, R"({"Responsecode":"abc","Description":"x"})", "Responsecode: expected an integer");
    row("error code missing", err, R"({"Description":"x"})", "Responsecode: required");
    row("error code out of range", err, R"({"Responsecode":"42"})", "Responsecode: out of range");
    row("error Description number", err, R"({"Responsecode":"401","Description":401})",
        "Description: expected a string");
}

void TestOmadmCodecHostile::wrongTypes()
{
    QFETCH(QString, decoder);
    QFETCH(QByteArray, body);
    QFETCH(QString, error);
    const Outcome outcome = run(decoder, body);
    QVERIFY(!outcome.ok);
    QCOMPARE(outcome.error, error);
    QCOMPARE(outcome.code, 400);
}

void TestOmadmCodecHostile::devInfoFromJsonChecksTypes()
{
    const Result<DevInfo> wrong = DevInfo::fromJson(QJsonObject{{u"DevID"_s, 7}});
    QVERIFY(!wrong.ok());
    QCOMPARE(wrong.errorString(), u"DevInfo.DevID: expected a string"_s);

    const Result<DevInfo> nul = DevInfo::fromJson(QJsonObject{{u"DevID"_s, QString(u"a"_s + QChar(0) + u"b"_s)}});
    QVERIFY(!nul.ok());
    QCOMPARE(nul.errorString(), u"DevInfo.DevID: contains a NUL character"_s);

    const Result<DevInfo> longVin =
        DevInfo::fromJson(QJsonObject{{u"Ext"_s, QJsonObject{{u"VIN"_s, QString(limits::MaxStringChars + 1, u'V')}}}});
    QVERIFY(!longVin.ok());
    QCOMPARE(longVin.errorString(), u"DevInfo.Ext.VIN: string longer than 65536 characters"_s);

    QJsonArray codecs;
    for (int i = 0; i <= limits::MaxArrayItems; ++i)
        codecs.append(u"c"_s);
    const Result<DevInfo> manyCodecs = DevInfo::fromJson(QJsonObject{{u"Ext"_s, QJsonObject{{u"Codecs"_s, codecs}}}});
    QVERIFY(!manyCodecs.ok());
    QCOMPARE(manyCodecs.errorString(), u"DevInfo.Ext.Codecs: more than 1024 items"_s);

    // A partial DevInfo (GET of one leaf) is fine.
    const Result<DevInfo> partial = DevInfo::fromJson(QJsonObject{{u"SwV"_s, u"2.0"_s}});
    QVERIFY(partial.ok());
    QCOMPARE(partial->swV, u"2.0"_s);
}

void TestOmadmCodecHostile::depthLimitBoundary()
{
    // The top-level object is level 1.
    const QByteArray atLimit = "{\"a\":" + nested(limits::MaxDepth - 1, "[", "1", "]") + "}";
    const Result<QJsonObject> ok = parseObject(atLimit);
    QVERIFY2(ok.ok(), qPrintable(ok.errorString()));

    const QByteArray overLimit = "{\"a\":" + nested(limits::MaxDepth, "[", "1", "]") + "}";
    const Result<QJsonObject> rejected = parseObject(overLimit);
    QVERIFY(!rejected.ok());
    QCOMPARE(rejected.errorString(), u"nested deeper than 32 levels"_s);

    // Deep but legal MO data in a package #3.
    const QByteArray deepData = R"({"Status":[{"sc":200}],"ClientURI":"urn:oma:mo:oma-dm-scomo:1.1//","MOData":)" +
                                nested(limits::MaxDepth - 1, "{\"n\":", "1", "}") + "}";
    QVERIFY(decodePackage3(deepData).ok());
}

void TestOmadmCodecHostile::deepNesting_data()
{
    QTest::addColumn<int>("levels");
    QTest::addColumn<QByteArray>("open");
    QTest::addColumn<QByteArray>("close");
    for (const int levels : {100, 10000, 1000000}) {
        QTest::addRow("%d arrays", levels) << levels << QByteArray("[") << QByteArray("]");
        QTest::addRow("%d arrays, unclosed", levels) << levels << QByteArray("[") << QByteArray();
        QTest::addRow("%d objects", levels) << levels << QByteArray("{\"a\":") << QByteArray("}");
        QTest::addRow("%d in Status", levels) << levels << QByteArray("[") << QByteArray("]");
    }
}

void TestOmadmCodecHostile::deepNesting()
{
    QFETCH(int, levels);
    QFETCH(QByteArray, open);
    QFETCH(QByteArray, close);
    QByteArray body = nested(levels, open, "1", close);
    if (QByteArray(QTest::currentDataTag()).endsWith("in Status"))
        body = "{\"Status\":" + body + "}";
    for (const auto &[name, decode] : decoders()) {
        const Outcome outcome = decode(body);
        QVERIFY2(!outcome.ok, qPrintable(name));
        if (body.size() > limits::MaxMessageBytes) {
            QCOMPARE(outcome.code, 413);
        } else {
            // Found by the byte scan, before any parsing.
            QCOMPARE(outcome.error, u"nested deeper than 32 levels"_s);
            QCOMPARE(outcome.code, 400);
        }
    }
}

void TestOmadmCodecHostile::bracketsInStringsAreNotNesting()
{
    // Brackets and escaped quotes inside strings do not count as nesting.
    const QByteArray brackets(5000, '[');
    const QByteArray body =
        R"({"Status":[{"sc":200}],"Alert":[{"AlertType":"x","Data":{"Note":"\")" + brackets + R"(\" {{{{"}}]})";
    const Result<Package3> decoded = decodePackage3(body);
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(decoded->alerts[0].dataValue(u"Note").toString().size(), 5000 + 7);
}

void TestOmadmCodecHostile::stringLimit()
{
    const QByteArray atLimit(limits::MaxStringChars, 'a');
    const QByteArray overLimit(limits::MaxStringChars + 1, 'a');

    auto package3With = [](const QByteArray &text) -> QByteArray {
        return R"({"Status":[{"sc":200}],"ClientURI":"urn:oma:mo:oma-dm-fumo:1.0//","MOData":{"fumo":{"PkgName":")" +
               text + R"("}}})";
    };
    QVERIFY(decodePackage3(package3With(atLimit)).ok());
    const Result<Package3> rejected = decodePackage3(package3With(overLimit));
    QVERIFY(!rejected.ok());
    QCOMPARE(rejected.errorString(), u"MOData.fumo.PkgName: string longer than 65536 characters"_s);

    // Characters, not bytes: 65536 two-byte characters are fine.
    QByteArray umlauts;
    for (qsizetype i = 0; i < limits::MaxStringChars; ++i)
        umlauts += "\xc3\xa4";
    QVERIFY(decodePackage3(package3With(umlauts)).ok());

    const Result<Package1> longType = decodePackage1(R"({"Alert":[{"AlertType":")" + overLimit + R"("}]})");
    QVERIFY(!longType.ok());
    QCOMPARE(longType.errorString(), u"Alert[0].AlertType: string longer than 65536 characters"_s);

    const Result<Package1> longKey =
        decodePackage1(R"({"Alert":[{"AlertType":"x","Data":{")" + overLimit + R"(":1}}]})");
    QVERIFY(!longKey.ok());
    QCOMPARE(longKey.errorString(), u"Alert[0].Data: member name longer than 65536 characters"_s);
}

void TestOmadmCodecHostile::arrayLimit()
{
    auto statuses = [](int count) -> QByteArray {
        QByteArray body = R"({"Status":[)";
        for (int i = 0; i < count; ++i)
            body += i ? R"(,{"sc":200})" : R"({"sc":200})";
        return body + "]}";
    };
    const Result<Package3> atLimit = decodePackage3(statuses(limits::MaxArrayItems));
    QVERIFY2(atLimit.ok(), qPrintable(atLimit.errorString()));
    QCOMPARE(atLimit->statuses.size(), limits::MaxArrayItems);
    const Result<Package3> overLimit = decodePackage3(statuses(limits::MaxArrayItems + 1));
    QVERIFY(!overLimit.ok());
    QCOMPARE(overLimit.errorString(), u"Status: more than 1024 items"_s);

    // A large array hidden in opaque MO data.
    QByteArray numbers = "[0";
    for (int i = 0; i < 200000; ++i)
        numbers += ",0";
    numbers += ']';
    const Result<Package3> hidden = decodePackage3(
        R"({"Status":[],"MOS":[{"ClientURI":"urn:oma:mo:oma-dm-fumo:1.0//","MOData":{"x":)" + numbers + "}}]}");
    QVERIFY(!hidden.ok());
    QCOMPARE(hidden.errorString(), u"MOS[0].MOData.x: more than 1024 items"_s);

    // And an object with too many members.
    QByteArray members = "{";
    for (int i = 0; i <= limits::MaxArrayItems; ++i)
        members += (i ? ",\"k" : "\"k") + QByteArray::number(i) + "\":1";
    members += '}';
    const Result<Package1> wide = decodePackage1(R"({"Alert":[{"AlertType":"x","Data":)" + members + "}]}");
    QVERIFY(!wide.ok());
    QCOMPARE(wide.errorString(), u"Alert[0].Data: more than 1024 members"_s);
}

void TestOmadmCodecHostile::messageSizeLimit()
{
    QByteArray exact = R"({"Status":[{"sc":200}]})";
    exact += QByteArray(limits::MaxMessageBytes - exact.size(), ' ');
    QCOMPARE(exact.size(), limits::MaxMessageBytes);
    const Result<Package3> ok = decodePackage3(exact);
    QVERIFY2(ok.ok(), qPrintable(ok.errorString()));

    const QByteArray over = exact + ' ';
    for (const auto &[name, decode] : decoders()) {
        const Outcome outcome = decode(over);
        QVERIFY2(!outcome.ok, qPrintable(name));
        QCOMPARE(outcome.error, u"body larger than 1048576 bytes"_s);
        QCOMPARE(outcome.code, 413);
    }
    QVERIFY(!decodePackage3(QByteArray(16 * 1024 * 1024, '{')).ok());
}

void TestOmadmCodecHostile::invalidUtf8_data()
{
    QTest::addColumn<QByteArray>("sequence");
    QTest::newRow("ff") << QByteArray("\xff");
    QTest::newRow("fe") << QByteArray("\xfe");
    QTest::newRow("lone continuation") << QByteArray("\x80");
    QTest::newRow("overlong slash") << QByteArray("\xc0\xaf");
    QTest::newRow("overlong c1") << QByteArray("\xc1\xbf");
    QTest::newRow("overlong 3-byte") << QByteArray("\xe0\x80\xaf");
    QTest::newRow("overlong 4-byte") << QByteArray("\xf0\x80\x80\xaf");
    QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80");
    QTest::newRow("above U+10FFFF") << QByteArray("\xf4\x90\x80\x80");
    QTest::newRow("5-byte form") << QByteArray("\xf8\x88\x80\x80\x80");
    QTest::newRow("truncated 2-byte") << QByteArray("\xc3");
    QTest::newRow("truncated 3-byte") << QByteArray("\xe2\x82");
    QTest::newRow("bad continuation") << QByteArray("\xe2\x28\xa1");
    QTest::newRow("latin-1 text") << QByteArray("Ger\xe4t");
}

void TestOmadmCodecHostile::invalidUtf8()
{
    QFETCH(QByteArray, sequence);
    const QByteArray prefix = R"({"MOS":[{"MOID":"urn:oma:mo:oma-dm-devinfo:1.0","MIID":[")";
    const QByteArray inValue = prefix + sequence + R"("]}]})";
    const QByteArray inKey = R"({")" + sequence + R"(":1})";
    const QByteArray atEnd = R"({"MOS":[]})" + sequence;
    for (const QByteArray &body : {inValue, inKey, atEnd}) {
        for (const auto &[name, decode] : decoders()) {
            const Outcome outcome = decode(body);
            QVERIFY2(!outcome.ok, qPrintable(name));
            QVERIFY2(outcome.error.startsWith(u"invalid UTF-8 at offset "), qPrintable(outcome.error));
        }
    }
    const qsizetype offset = prefix.size() + (sequence.startsWith("Ger") ? 3 : 0);
    QCOMPARE(decodePackage1(inValue).errorString(), u"invalid UTF-8 at offset %1"_s.arg(offset));
}

void TestOmadmCodecHostile::validUtf8()
{
    const Result<RegistrationRequest> decoded =
        decodeRegistrationRequest("{\"ClientURI\":\"urn:oma:mo:oma-dm-devinfo:1.0//"
                                  "\",\"MOData\":{\"DevInfo\":{\"DevID\":\"Ger\xc3\xa4t-\xe2\x82\xac-"
                                  "\xf0\x9f\x9a\x97\",\"Man\":\"\\u00e4\\ud83d\\ude97\"}}}");
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(decoded->devInfo.devId, u"Gerät-€-🚗"_s);
    QCOMPARE(decoded->devInfo.man, u"ä🚗"_s);
    // Written back as UTF-8.
    QVERIFY(encode(*decoded).contains("Ger\xc3\xa4t-\xe2\x82\xac-\xf0\x9f\x9a\x97"));
}

void TestOmadmCodecHostile::nulBytes_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error");
    QTest::newRow("in string") << QByteArray(R"({"CMD":[["EN)") + '\0' + QByteArray(R"(D"]]})")
                               << u"NUL byte at offset 12"_s;
    QTest::newRow("after object") << QByteArray(R"({"CMD":[["END"]]})") + '\0' << u"NUL byte at offset 17"_s;
    QTest::newRow("only NUL") << QByteArray(1, '\0') << u"NUL byte at offset 0"_s;
    QTest::newRow("NULs") << QByteArray(64, '\0') << u"NUL byte at offset 0"_s;
    QTest::newRow("escaped NUL in command")
        << QByteArray(R"({"CMD":[["END\u0000"]]})") << u"CMD[0][0]: contains a NUL character"_s;
}

void TestOmadmCodecHostile::nulBytes()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, error);
    const Result<Package2> decoded = decodePackage2(body);
    QVERIFY(!decoded.ok());
    QCOMPARE(decoded.errorString(), error);

    const Result<RegistrationRequest> registration = decodeRegistrationRequest(
        R"({"ClientURI":"urn:oma:mo:oma-dm-devinfo:1.0//","MOData":{"DevInfo":{"DevID":"HU\u0000-1"}}})");
    QVERIFY(!registration.ok());
    QCOMPARE(registration.errorString(), u"MOData.DevInfo.DevID: contains a NUL character"_s);
}

void TestOmadmCodecHostile::errorMessagesStayShort()
{
    // A hostile member name is cut short and made printable in the message.
    const QByteArray key = "\\u0001" + QByteArray(300, 'k');
    const QByteArray body = R"({"Alert":[{"AlertType":"x","Data":{")" + key + R"(":{"y":")" +
                            QByteArray(limits::MaxStringChars + 1, 'z') + R"("}}}]})";
    const Result<Package1> decoded = decodePackage1(body);
    QVERIFY(!decoded.ok());
    QVERIFY2(isSafeMessage(decoded.errorString()), qPrintable(decoded.errorString()));
    QVERIFY2(decoded.errorString().startsWith(u"Alert[0].Data.?kkkk"), qPrintable(decoded.errorString()));
    QVERIFY(decoded.errorString().endsWith(u".y: string longer than 65536 characters"));

    // A path longer than the message budget keeps its end, which says what is wrong.
    QByteArray deep = R"({"Status":[],"MOS":[{"ClientURI":"urn:oma:mo:oma-dm-fumo:1.0//","MOData":)";
    const QByteArray segment = "{\"" + QByteArray(38, 's') + "\":";
    for (int i = 0; i < 26; ++i)
        deep += segment;
    deep += '"' + QByteArray(limits::MaxStringChars + 1, 'z') + '"';
    deep += QByteArray(26, '}') + "}]}";
    const Result<Package3> deepResult = decodePackage3(deep);
    QVERIFY(!deepResult.ok());
    QVERIFY2(isSafeMessage(deepResult.errorString()), qPrintable(deepResult.errorString()));
    QVERIFY(deepResult.errorString().startsWith(QChar(0x2026)));
    QVERIFY(deepResult.errorString().endsWith(u": string longer than 65536 characters"));
}

// Random damage to every golden file: each call returns (ok or an error), never crashes or hangs;
// errors are safe to send back; whatever decodes re-encodes to something that decodes again.
void TestOmadmCodecHostile::mutatedGoldensNeverCrash()
{
    QList<QByteArray> seeds;
    const QDir dir(flotilla::test::sourceDir() + u"/tests/data/omadm"_s);
    for (const QString &name : dir.entryList({u"*.json"_s}, QDir::Files, QDir::Name))
        seeds.append(testData(u"omadm/"_s + name));
    const QDir invalid(dir.filePath(u"invalid"_s));
    for (const QString &name : invalid.entryList({u"*.json"_s}, QDir::Files, QDir::Name))
        seeds.append(testData(u"omadm/invalid/"_s + name));
    QVERIFY(seeds.size() >= 30);

    static const QByteArray alphabet = QByteArray("[]{}\",:\\ 0123456789-.eEtrufalsnAZaz/") +
                                       QByteArray("\x00\x01\x1f\x7f\x80\xbf\xc3\xe2\xed\xf0\xf4\xff", 12);
    QRandomGenerator random(20261121);
    auto pick = [&random](qsizetype bound) {
        return bound <= 0 ? qsizetype(0) : qsizetype(random.bounded(int(bound)));
    };

    constexpr int MutationsPerSeed = 200;
    int decodedOk = 0;
    int rejected = 0;
    for (const QByteArray &seed : std::as_const(seeds)) {
        for (int round = 0; round < MutationsPerSeed; ++round) {
            QByteArray body = seed;
            const int steps = 1 + int(random.bounded(3));
            for (int step = 0; step < steps; ++step) {
                const qsizetype at = pick(body.size() + 1);
                switch (random.bounded(8)) {
                case 0: // overwrite a byte
                    if (!body.isEmpty())
                        body[pick(body.size())] = char(random.bounded(256));
                    break;
                case 1: // flip a bit
                    if (!body.isEmpty())
                        body[pick(body.size())] ^= char(1 << random.bounded(8));
                    break;
                case 2: // truncate
                    body.truncate(at);
                    break;
                case 3: // insert syntax-ish bytes
                    for (int i = 0, n = 1 + int(random.bounded(8)); i < n; ++i)
                        body.insert(at, alphabet.at(pick(alphabet.size())));
                    break;
                case 4: // delete a range
                    body.remove(at, 1 + pick(16));
                    break;
                case 5: // duplicate a slice
                    if (!body.isEmpty()) {
                        const qsizetype from = pick(body.size());
                        body.insert(at, body.mid(from, 1 + pick(64)));
                    }
                    break;
                case 6: // nesting probe
                    body.insert(at, QByteArray(1 + pick(48), random.bounded(2) ? '[' : '{'));
                    break;
                default: // swap a value's type
                    if (const qsizetype quote = body.indexOf('"', at); quote >= 0)
                        body[quote] = "[{0n-"[random.bounded(5)];
                    break;
                }
            }
            for (const auto &[name, decode] : decoders()) {
                const Outcome outcome = decode(body);
                if (!outcome.ok) {
                    ++rejected;
                    QVERIFY2(isSafeMessage(outcome.error), qPrintable(name + u": " + outcome.error));
                    QVERIFY(outcome.code == 400 || outcome.code == 413);
                    continue;
                }
                ++decodedOk;
                if (outcome.reencoded.isEmpty())
                    continue;
                const Outcome again = decode(outcome.reencoded);
                QVERIFY2(again.ok, qPrintable(name + u": re-encoded form rejected: " + again.error + u"\n" +
                                              QString::fromUtf8(outcome.reencoded)));
                QCOMPARE(again.reencoded, outcome.reencoded);
            }
        }
    }
    // The mutations exercised both paths.
    QVERIFY(decodedOk > 100);
    QVERIFY(rejected > 1000);
}

QTEST_GUILESS_MAIN(TestOmadmCodecHostile)
#include "tst_omadm_codec_hostile.moc"
