// Remote command rules without a store (server/commands/CommandTypes.h): every allowed and refused
// transition of DESIGN.md's command state machine, how a vehicle's result code moves a command,
// the operations' names, MOs and nodes, argument validation and the permission each needs.
#include "server/commands/CommandTypes.h"

#include <QJsonArray>
#include <QtTest>

#include <array>

using namespace Qt::StringLiterals;
using namespace flotilla;
using namespace flotilla::server::commands;
using flotilla::server::campaigns::Permission;
using flotilla::server::campaigns::Role;

namespace {

constexpr std::array AllStates{CommandState::Queued,    CommandState::Sent,     CommandState::Accepted,
                               CommandState::Succeeded, CommandState::Failed,   CommandState::Refused,
                               CommandState::Expired,   CommandState::Cancelled};
constexpr std::array AllEvents{CommandEvent::Deliver, CommandEvent::Accept, CommandEvent::Succeed, CommandEvent::Fail,
                               CommandEvent::Refuse,  CommandEvent::Expire, CommandEvent::Cancel};

// The state an allowed transition leads to, by name; "refused" otherwise.
QString after(CommandState from, CommandEvent event)
{
    auto result = transition(from, event);
    if (!result)
        return result.error().code == 409 ? u"refused"_s : u"wrong error code %1"_s.arg(result.error().code);
    return toString(*result);
}

QString eventName(CommandEvent event)
{
    constexpr std::array Names{"deliver", "accept", "succeed", "fail", "refuse", "expire", "cancel"};
    return QString::fromLatin1(Names[size_t(event)]);
}

} // namespace

class TestCommandRules : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void transitionTable_data();
    void transitionTable();
    void stateNamesRoundTrip();
    void resultCodes_data();
    void resultCodes();
    void operationsNamesAndNodes_data();
    void operationsNamesAndNodes();
    void operationNamesAreCaseInsensitive();
    void validateArguments_data();
    void validateArguments();
    void permissions();
    void recordJson();
};

void TestCommandRules::transitionTable_data()
{
    QTest::addColumn<int>("from");
    QTest::addColumn<int>("event");
    QTest::addColumn<QString>("expected");

    using S = CommandState;
    using E = CommandEvent;
    // The allowed pairs; every other (state, event) pair is refused with 409.
    const QList<std::tuple<S, E, S>> allowed = {
        {S::Queued, E::Deliver, S::Sent},        {S::Sent, E::Deliver, S::Sent}, // re-sent after a lost reply
        {S::Sent, E::Accept, S::Accepted},       {S::Sent, E::Succeed, S::Succeeded},
        {S::Accepted, E::Succeed, S::Succeeded}, {S::Queued, E::Fail, S::Failed}, // the vehicle lacks the MO
        {S::Sent, E::Fail, S::Failed},           {S::Accepted, E::Fail, S::Failed},
        {S::Sent, E::Refuse, S::Refused},        {S::Accepted, E::Refuse, S::Refused},
        {S::Queued, E::Expire, S::Expired},      {S::Sent, E::Expire, S::Expired},
        {S::Accepted, E::Expire, S::Expired},    {S::Queued, E::Cancel, S::Cancelled},
    };
    for (S from : AllStates) {
        for (E event : AllEvents) {
            QString expected = u"refused"_s;
            for (const auto &[f, e, to] : allowed) {
                if (f == from && e == event)
                    expected = toString(to);
            }
            QTest::addRow("%s %s", qPrintable(toString(from)), qPrintable(eventName(event)))
                << int(from) << int(event) << expected;
        }
    }
}

void TestCommandRules::transitionTable()
{
    QFETCH(int, from);
    QFETCH(int, event);
    QFETCH(QString, expected);
    QCOMPARE(after(CommandState(from), CommandEvent(event)), expected);
    // Nothing leaves a final state.
    if (isFinished(CommandState(from)))
        QCOMPARE(expected, u"refused"_s);
}

void TestCommandRules::stateNamesRoundTrip()
{
    QStringList names;
    for (CommandState state : AllStates) {
        names.append(toString(state));
        QCOMPARE(toString(commandStateFromString(toString(state)).value_or(CommandState::Queued)), toString(state));
    }
    QCOMPARE(names, (QStringList{u"queued"_s, u"sent"_s, u"accepted"_s, u"succeeded"_s, u"failed"_s, u"refused"_s,
                                 u"expired"_s, u"cancelled"_s}));
    QVERIFY(!commandStateFromString(u"Queued").has_value()); // stored names are exact
    QVERIFY(!commandStateFromString(u"").has_value());
    QVERIFY(!isFinished(CommandState::Queued) && !isFinished(CommandState::Sent) &&
            !isFinished(CommandState::Accepted));
    QVERIFY(isFinished(CommandState::Succeeded) && isFinished(CommandState::Cancelled));
}

void TestCommandRules::resultCodes_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("event");
    QTest::newRow("200 done") << 200 << u"succeed"_s;
    QTest::newRow("LAWMO 1200") << 1200 << u"succeed"_s;
    QTest::newRow("LAWMO wipe 1201") << 1201 << u"succeed"_s;
    QTest::newRow("LAWMO wipe list 1202") << 1202 << u"succeed"_s;
    QTest::newRow("202 accepted") << 202 << u"accept"_s;
    QTest::newRow("409 refused") << 409 << u"refuse"_s;
    QTest::newRow("410 expired") << 410 << u"expire"_s;
    QTest::newRow("500") << 500 << u"fail"_s;
    QTest::newRow("400 no args") << 400 << u"fail"_s;
    QTest::newRow("404") << 404 << u"fail"_s;
    QTest::newRow("406 unsupported") << 406 << u"fail"_s;
    QTest::newRow("1400") << 1400 << u"fail"_s;
    QTest::newRow("1406") << 1406 << u"fail"_s;
    QTest::newRow("1203 is not a success") << 1203 << u"fail"_s;
    QTest::newRow("201") << 201 << u"fail"_s;
    QTest::newRow("0") << 0 << u"fail"_s;
    QTest::newRow("negative") << -1 << u"fail"_s;
}

void TestCommandRules::resultCodes()
{
    QFETCH(int, code);
    QFETCH(QString, event);
    QCOMPARE(eventName(eventForResultCode(code)), event);
}

void TestCommandRules::operationsNamesAndNodes_data()
{
    QTest::addColumn<int>("operation");
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("mo");
    QTest::addColumn<QString>("node");
    QTest::addColumn<QString>("resultNode");
    QTest::addColumn<bool>("destructive");

    using O = Operation;
    using K = omadm::MoKind;
    auto row = [](O o, const char *name, K mo, const char *node, const char *result, bool destructive = false) {
        QTest::newRow(name) << int(o) << QString::fromLatin1(name) << int(mo) << QString::fromLatin1(node)
                            << QString::fromLatin1(result) << destructive;
    };
    row(O::Lock, "Lock", K::VehicleControl, "Operations/Lock", "Status");
    row(O::Unlock, "Unlock", K::VehicleControl, "Operations/Unlock", "Status");
    row(O::HornLights, "HornLights", K::VehicleControl, "Operations/HornLights", "Status");
    row(O::OpenTrunk, "OpenTrunk", K::VehicleControl, "Operations/OpenTrunk", "Status");
    row(O::ClimateOn, "ClimateOn", K::VehicleControl, "Operations/ClimateOn", "Status");
    row(O::ClimateOff, "ClimateOff", K::VehicleControl, "Operations/ClimateOff", "Status");
    row(O::EngineStart, "EngineStart", K::VehicleControl, "Operations/EngineStart", "Status");
    row(O::EngineStop, "EngineStop", K::VehicleControl, "Operations/EngineStop", "Status");
    row(O::Locate, "Locate", K::VehicleControl, "Operations/Locate", "Status");
    row(O::FullyLock, "FullyLock", K::Lawmo, "Operations/FullyLock", "State");
    row(O::PartiallyLock, "PartiallyLock", K::Lawmo, "Operations/PartiallyLock", "State");
    row(O::UnLock, "UnLock", K::Lawmo, "Operations/UnLock", "State");
    row(O::Wipe, "Wipe", K::Lawmo, "Operations/Wipe", "State", true);
    row(O::FactoryReset, "FactoryReset", K::Lawmo, "Operations/FactoryReset", "State", true);
    row(O::ReadDtcs, "ReadDTCs", K::DiagMon, "", "DTC");
    row(O::ClearDtcs, "ClearDTC", K::DiagMon, "Operations/ClearDTC", "DTC");
}

void TestCommandRules::operationsNamesAndNodes()
{
    QFETCH(int, operation);
    QFETCH(QString, name);
    QFETCH(int, mo);
    QFETCH(QString, node);
    QFETCH(QString, resultNode);
    QFETCH(bool, destructive);
    const Operation op = Operation(operation);
    QCOMPARE(toString(op), name);
    QCOMPARE(int(operationFromString(name).value_or(Operation::Lock)), operation);
    QCOMPARE(int(moOf(op)), mo);
    QCOMPARE(operationNode(op), node);
    QCOMPARE(server::commands::resultNode(op), resultNode);
    QCOMPARE(isDestructive(op), destructive);
    QVERIFY(allOperations().contains(op));
}

void TestCommandRules::operationNamesAreCaseInsensitive()
{
    QCOMPARE(toString(operationFromString(u"lock").value_or(Operation::Wipe)), u"Lock"_s);
    QCOMPARE(toString(operationFromString(u" readdtcs ").value_or(Operation::Wipe)), u"ReadDTCs"_s);
    QCOMPARE(toString(operationFromString(u"CLEARDTC").value_or(Operation::Wipe)), u"ClearDTC"_s);
    // LAWMO's UnLock and the vehicle's Unlock differ only in case: the exact spelling wins, any
    // other spelling finds the vehicle control one.
    QCOMPARE(int(operationFromString(u"UnLock").value_or(Operation::Wipe)), int(Operation::UnLock));
    QCOMPARE(int(operationFromString(u"Unlock").value_or(Operation::Wipe)), int(Operation::Unlock));
    QCOMPARE(int(operationFromString(u"unlock").value_or(Operation::Wipe)), int(Operation::Unlock));
    QCOMPARE(int(operationFromString(u"UNLOCK").value_or(Operation::Wipe)), int(Operation::Unlock));
    QVERIFY(!operationFromString(u"SelfDestruct").has_value());
    QVERIFY(!operationFromString(u"").has_value());
    QCOMPARE(allOperations().size(), 16);
}

void TestCommandRules::validateArguments_data()
{
    QTest::addColumn<int>("operation");
    QTest::addColumn<QJsonObject>("arguments");
    QTest::addColumn<QJsonObject>("expected"); // {} with ok == false: refused with 422
    QTest::addColumn<bool>("ok");

    const int climate = int(Operation::ClimateOn);
    QTest::newRow("climate 22") << climate << QJsonObject{{u"TargetC"_s, 22}} << QJsonObject{{u"TargetC"_s, 22}}
                                << true;
    QTest::newRow("climate 16") << climate << QJsonObject{{u"TargetC"_s, 16}} << QJsonObject{{u"TargetC"_s, 16}}
                                << true;
    QTest::newRow("climate 28") << climate << QJsonObject{{u"TargetC"_s, 28}} << QJsonObject{{u"TargetC"_s, 28}}
                                << true;
    QTest::newRow("climate text from the CLI")
        << climate << QJsonObject{{u"TargetC"_s, u"21"_s}} << QJsonObject{{u"TargetC"_s, 21}} << true;
    QTest::newRow("climate key case") << climate << QJsonObject{{u"targetc"_s, 20}} << QJsonObject{{u"TargetC"_s, 20}}
                                      << true;
    QTest::newRow("climate 15") << climate << QJsonObject{{u"TargetC"_s, 15}} << QJsonObject() << false;
    QTest::newRow("climate 29") << climate << QJsonObject{{u"TargetC"_s, 29}} << QJsonObject() << false;
    QTest::newRow("climate 21.5") << climate << QJsonObject{{u"TargetC"_s, 21.5}} << QJsonObject() << false;
    QTest::newRow("climate text") << climate << QJsonObject{{u"TargetC"_s, u"warm"_s}} << QJsonObject() << false;
    QTest::newRow("climate bool") << climate << QJsonObject{{u"TargetC"_s, true}} << QJsonObject() << false;
    QTest::newRow("climate null") << climate << QJsonObject{{u"TargetC"_s, QJsonValue()}} << QJsonObject() << false;
    QTest::newRow("climate missing") << climate << QJsonObject() << QJsonObject() << false;
    QTest::newRow("climate extra") << climate << QJsonObject{{u"TargetC"_s, 22}, {u"Fan"_s, 3}} << QJsonObject()
                                   << false;
    QTest::newRow("lock") << int(Operation::Lock) << QJsonObject() << QJsonObject() << true;
    QTest::newRow("lock with args") << int(Operation::Lock) << QJsonObject{{u"TargetC"_s, 22}} << QJsonObject()
                                    << false;
    QTest::newRow("wipe") << int(Operation::Wipe) << QJsonObject() << QJsonObject() << true;
    QTest::newRow("read dtcs with args") << int(Operation::ReadDtcs) << QJsonObject{{u"Ecu"_s, u"bcm"_s}}
                                         << QJsonObject() << false;
}

void TestCommandRules::validateArguments()
{
    QFETCH(int, operation);
    QFETCH(QJsonObject, arguments);
    QFETCH(QJsonObject, expected);
    QFETCH(bool, ok);
    auto result = server::commands::validateArguments(Operation(operation), arguments);
    QCOMPARE(result.ok(), ok);
    if (ok)
        QCOMPARE(*result, expected);
    else
        QCOMPARE(result.error().code, 422);
}

void TestCommandRules::permissions()
{
    for (Operation op : allOperations()) {
        const Permission permission = permissionFor(op);
        QCOMPARE(permission == Permission::DestructiveCommands, isDestructive(op));
        // Engineers and admins send commands; only admins wipe; approvers and viewers send none.
        QCOMPARE(server::campaigns::allows(Role::Admin, permission), true);
        QCOMPARE(server::campaigns::allows(Role::Engineer, permission), !isDestructive(op));
        QCOMPARE(server::campaigns::allows(Role::Approver, permission), false);
        QCOMPARE(server::campaigns::allows(Role::Viewer, permission), false);
    }
}

void TestCommandRules::recordJson()
{
    CommandRecord record;
    record.id = 42;
    record.vin = u"WVWZZZ1JZXW000001"_s;
    record.operation = Operation::ClimateOn;
    record.arguments = QJsonObject{{u"TargetC"_s, 22}};
    record.state = CommandState::Refused;
    record.resultCode = 409;
    record.reason = u"vehicle is moving"_s;
    record.actor = u"erin"_s;
    record.createdAtMs = 1'790'000'000'000;
    record.expiresAtMs = record.createdAtMs + DefaultExpiryMs;
    record.sentAtMs = record.createdAtMs + 150;
    record.finishedAtMs = record.createdAtMs + 400;
    record.deliveries = 1;
    QCOMPARE(record.wireId(), u"cmd-42"_s);
    const QJsonObject json = record.toJson();
    QCOMPARE(json.value(u"id"_s).toInteger(), 42);
    QCOMPARE(json.value(u"commandId"_s).toString(), u"cmd-42"_s);
    QCOMPARE(json.value(u"operation"_s).toString(), u"ClimateOn"_s);
    QCOMPARE(json.value(u"state"_s).toString(), u"refused"_s);
    QCOMPARE(json.value(u"finished"_s).toBool(), true);
    QCOMPARE(json.value(u"resultCode"_s).toInt(), 409);
    QCOMPARE(json.value(u"reason"_s).toString(), u"vehicle is moving"_s);
    QCOMPARE(json.value(u"arguments"_s).toObject(), record.arguments);
    QVERIFY(json.value(u"bulkId"_s).isNull());
    QCOMPARE(json.value(u"createdAtMs"_s).toInteger(), record.createdAtMs);
    QCOMPARE(json.value(u"expiresAtMs"_s).toInteger(), record.createdAtMs + 60'000);
    QCOMPARE(json.value(u"expiresAt"_s).toString(), u"2026-09-21T14:14:20.000Z"_s);
    QCOMPARE(json.value(u"finishedAtMs"_s).toInteger(), record.createdAtMs + 400);
    record.finishedAtMs = 0;
    QVERIFY(record.toJson().value(u"finishedAt"_s).isNull());
}

QTEST_GUILESS_MAIN(TestCommandRules)
#include "tst_command_rules.moc"
