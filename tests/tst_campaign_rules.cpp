// Campaign rules without a store (server/campaigns/CampaignTypes.h): every allowed and refused
// transition of DESIGN.md's campaign state machine by role, self-approval, edits after approval,
// the spec's validation and the wave split.
#include "server/campaigns/CampaignTypes.h"

#include <QJsonArray>
#include <QtTest>

#include <numeric>

using namespace Qt::StringLiterals;
using namespace flotilla::server::campaigns;

namespace {

const Actor Author{u"erin"_s, Role::Engineer};
const Actor OtherEngineer{u"ezra"_s, Role::Engineer};
const Actor Approver{u"anna"_s, Role::Approver};
const Actor Admin{u"root"_s, Role::Admin};
const Actor Viewer{u"val"_s, Role::Viewer};

constexpr std::array AllStates{CampaignState::Draft,     CampaignState::PendingApproval, CampaignState::Approved,
                               CampaignState::Running,   CampaignState::Paused,          CampaignState::Completed,
                               CampaignState::Cancelled, CampaignState::Halted};

// The state an allowed transition leads to, by name (QCOMPARE prints it on failure).
QString stateAfter(CampaignState from, CampaignAction action, const Actor &actor, const QString &author)
{
    auto result = transition(from, action, actor, author);
    return result ? toString(*result) : result.errorString();
}

QJsonObject minimalSpec()
{
    return QJsonObject{{u"name"_s, u"HU 3.4 rollout"_s},
                       {u"release"_s, 7},
                       {u"waves"_s, QJsonArray{QJsonObject{{u"percent"_s, 1}}, QJsonObject{{u"percent"_s, 100}}}}};
}

} // namespace

class TestCampaignRules : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void transitionTable_data()
    {
        QTest::addColumn<int>("from");
        QTest::addColumn<int>("action");
        QTest::addColumn<int>("expected"); // -1: refused 409

        using S = CampaignState;
        using A = CampaignAction;
        // The only allowed (state, action) pairs for an engineer/approver acting in their role;
        // every other pair must be refused with 409 (checked in refusedEverywhereElse).
        auto row = [](const char *name, S from, A action, int expected) {
            QTest::newRow(name) << int(from) << int(action) << expected;
        };
        row("draft edit", S::Draft, A::Edit, int(S::Draft));
        row("pending edit", S::PendingApproval, A::Edit, int(S::PendingApproval));
        row("approved edit → re-approval", S::Approved, A::Edit, int(S::PendingApproval));
        row("paused edit → re-approval", S::Paused, A::Edit, int(S::PendingApproval));
        row("halted edit → re-approval", S::Halted, A::Edit, int(S::PendingApproval));
        row("running edit refused", S::Running, A::Edit, -1);
        row("submit", S::Draft, A::Submit, int(S::PendingApproval));
        row("submit twice", S::PendingApproval, A::Submit, -1);
        row("approve", S::PendingApproval, A::Approve, int(S::Approved));
        row("approve a draft", S::Draft, A::Approve, -1);
        row("reject", S::PendingApproval, A::Reject, int(S::Draft));
        row("reject approved", S::Approved, A::Reject, -1);
        row("start", S::Approved, A::Start, int(S::Running));
        row("start a draft", S::Draft, A::Start, -1);
        row("start pending", S::PendingApproval, A::Start, -1);
        row("pause", S::Running, A::Pause, int(S::Paused));
        row("pause paused", S::Paused, A::Pause, -1);
        row("resume", S::Paused, A::Resume, int(S::Running));
        row("resume running", S::Running, A::Resume, -1);
        row("cancel draft", S::Draft, A::Cancel, int(S::Cancelled));
        row("cancel running", S::Running, A::Cancel, int(S::Cancelled));
        row("cancel halted", S::Halted, A::Cancel, int(S::Cancelled));
        row("cancel completed", S::Completed, A::Cancel, -1);
        row("cancel cancelled", S::Cancelled, A::Cancel, -1);
        row("retry halted", S::Halted, A::RetryFailed, int(S::Running));
        row("retry completed", S::Completed, A::RetryFailed, int(S::Running));
        row("retry draft", S::Draft, A::RetryFailed, -1);
        row("retry cancelled", S::Cancelled, A::RetryFailed, -1);
    }

    void transitionTable()
    {
        QFETCH(int, from);
        QFETCH(int, action);
        QFETCH(int, expected);
        const auto a = CampaignAction(action);
        const Actor &actor = (a == CampaignAction::Approve || a == CampaignAction::Reject) ? Approver : Author;
        auto result = transition(CampaignState(from), a, actor, Author.name);
        if (expected < 0) {
            QVERIFY(!result);
            QCOMPARE(result.error().code, 409);
            QVERIFY2(result.errorString().contains(toString(CampaignState(from))), qPrintable(result.errorString()));
        } else {
            QVERIFY2(result, qPrintable(result.errorString()));
            QCOMPARE(int(*result), expected);
        }
    }

    void systemOnlyActions()
    {
        for (const Actor &actor : {Author, Approver, Admin}) {
            auto halt = transition(CampaignState::Running, CampaignAction::Halt, actor, Author.name);
            QVERIFY(!halt);
            QCOMPARE(halt.error().code, 403);
        }
        QCOMPARE(stateAfter(CampaignState::Running, CampaignAction::Halt, Actor::system(), Author.name), u"halted"_s);
        QCOMPARE(stateAfter(CampaignState::Running, CampaignAction::Complete, Actor::system(), Author.name),
                 u"completed"_s);
        QCOMPARE(transition(CampaignState::Paused, CampaignAction::Complete, Actor::system(), Author.name).error().code,
                 409);
    }

    void noSelfApproval()
    {
        const Actor adminAuthor{u"root"_s, Role::Admin};
        for (auto action : {CampaignAction::Approve, CampaignAction::Reject}) {
            auto own = transition(CampaignState::PendingApproval, action, adminAuthor, u"ROOT"_s);
            QVERIFY(!own);
            QCOMPARE(own.error().code, 403);
            QVERIFY(own.errorString().contains(u"someone other than its author"));
        }
        // An approver approves; an admin who did not write it may too.
        QVERIFY(transition(CampaignState::PendingApproval, CampaignAction::Approve, Approver, Author.name));
        QVERIFY(transition(CampaignState::PendingApproval, CampaignAction::Approve, Admin, Author.name));
    }

    void rolesAreChecked()
    {
        // Viewers change nothing, in any state.
        for (CampaignState state : AllStates) {
            for (int a = 0; a <= int(CampaignAction::Complete); ++a) {
                auto result = transition(state, CampaignAction(a), Viewer, Author.name);
                QVERIFY(!result);
                QCOMPARE(result.error().code, 403);
            }
        }
        // Engineers cannot approve, even someone else's campaign.
        auto engineerApproves =
            transition(CampaignState::PendingApproval, CampaignAction::Approve, OtherEngineer, Author.name);
        QCOMPARE(engineerApproves.error().code, 403);
        QVERIFY(engineerApproves.errorString().contains(u"approver"));
        // Approvers cannot create, start or edit; they may pause a rollout (emergency stop).
        QCOMPARE(transition(CampaignState::Approved, CampaignAction::Start, Approver, Author.name).error().code, 403);
        QCOMPARE(transition(CampaignState::Draft, CampaignAction::Edit, Approver, Author.name).error().code, 403);
        QCOMPARE(stateAfter(CampaignState::Running, CampaignAction::Pause, Approver, Author.name), u"paused"_s);
        // Another engineer may run a campaign someone else wrote.
        QCOMPARE(stateAfter(CampaignState::Approved, CampaignAction::Start, OtherEngineer, Author.name), u"running"_s);
    }

    void permissions()
    {
        QVERIFY(allows(Role::Viewer, Permission::ViewFleet));
        QVERIFY(!allows(Role::Viewer, Permission::AssignUpdates));
        QVERIFY(allows(Role::Engineer, Permission::ManageReleases));
        QVERIFY(!allows(Role::Engineer, Permission::ApproveCampaigns));
        QVERIFY(!allows(Role::Approver, Permission::EditCampaigns));
        QVERIFY(!allows(Role::Engineer, Permission::DestructiveCommands));
        QVERIFY(allows(Role::Admin, Permission::ManageUsers));
        for (Role role : {Role::Viewer, Role::Engineer, Role::Approver, Role::Admin})
            QVERIFY(roleFromString(toString(role)) == role);
        QVERIFY(!roleFromString(u"root"));
        for (CampaignState state : AllStates)
            QVERIFY(campaignStateFromString(toString(state)) == state);
    }

    void specRoundTrip()
    {
        QJsonObject json = minimalSpec();
        json.insert(u"targets"_s,
                    QJsonObject{{u"oems"_s, QJsonArray{u"Ford"_s}}, {u"vins"_s, QJsonArray{u"1ftw1ev01mf100007"_s}}});
        json.insert(u"window"_s, QJsonObject{{u"enabled"_s, true},
                                             {u"startMinute"_s, 22 * 60},
                                             {u"endMinute"_s, 5 * 60},
                                             {u"days"_s, QJsonArray{6, 7}},
                                             {u"timeZone"_s, u"Europe/Berlin"_s}});
        json.insert(u"parked"_s, true);
        json.insert(u"retries"_s, 2);
        auto spec = CampaignSpec::fromJson(json);
        QVERIFY2(spec, qPrintable(spec.errorString()));
        QCOMPARE(spec->targets.vins, QStringList{u"1FTW1EV01MF100007"_s});
        QCOMPARE(spec->window.days, (QList<int>{6, 7}));
        QCOMPARE(spec->parked, std::optional<bool>(true));
        QVERIFY(!spec->ignitionOff.has_value());
        auto again = CampaignSpec::fromJson(spec->toJson());
        QVERIFY2(again, qPrintable(again.errorString()));
        QCOMPARE(again->toJson(), spec->toJson());
        QVERIFY(describeChanges(*spec, *again).isEmpty());
    }

    void specValidation_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown") << u"colour"_s << QJsonValue(1) << u"unknown campaign setting 'colour'"_s;
        QTest::newRow("no name") << u"name"_s << QJsonValue(u"  "_s) << u"name"_s;
        QTest::newRow("no release") << u"release"_s << QJsonValue(0) << u"release"_s;
        QTest::newRow("fractional release") << u"release"_s << QJsonValue(1.5) << u"release"_s;
        QTest::newRow("no waves") << u"waves"_s << QJsonValue(QJsonArray()) << u"waves"_s;
        QTest::newRow("shrinking waves") << u"waves"_s
                                         << QJsonValue(QJsonArray{QJsonObject{{u"percent"_s, 50}},
                                                                  QJsonObject{{u"percent"_s, 10}}})
                                         << u"cumulative"_s;
        QTest::newRow("percent and count")
            << u"waves"_s << QJsonValue(QJsonArray{QJsonObject{{u"percent"_s, 5}, {u"count"_s, 3}}})
            << u"either percent"_s;
        QTest::newRow("bad zone") << u"window"_s
                                  << QJsonValue(QJsonObject{{u"enabled"_s, true}, {u"timeZone"_s, u"Mars/Base"_s}})
                                  << u"unknown time zone"_s;
        QTest::newRow("bad day") << u"window"_s
                                 << QJsonValue(QJsonObject{{u"enabled"_s, true}, {u"days"_s, QJsonArray{8}}})
                                 << u"weekdays"_s;
        QTest::newRow("consent") << u"consent"_s << QJsonValue(u"maybe"_s) << u"consent"_s;
        QTest::newRow("battery") << u"minBatteryPct"_s << QJsonValue(101) << u"minBatteryPct"_s;
        QTest::newRow("threshold") << u"maxFailurePercent"_s << QJsonValue(-1) << u"maxFailurePercent"_s;
        QTest::newRow("parked") << u"parked"_s << QJsonValue(u"yes"_s) << u"parked"_s;
        QTest::newRow("vin list") << u"targets"_s << QJsonValue(QJsonObject{{u"vins"_s, QJsonArray{42}}})
                                  << u"targets.vins"_s;
    }

    void specValidation()
    {
        QFETCH(QString, key);
        QFETCH(QJsonValue, value);
        QFETCH(QString, message);
        QJsonObject json = minimalSpec();
        json.insert(key, value);
        auto spec = CampaignSpec::fromJson(json);
        QVERIFY(!spec);
        QCOMPARE(spec.error().code, 400);
        QVERIFY2(spec.errorString().contains(message), qPrintable(spec.errorString()));
    }

    void waveSplit()
    {
        const QList<Wave> percents{{1, 0, 90}, {10, 0, 90}, {50, 0, 90}, {100, 0, 90}};
        QCOMPARE(waveSizes(percents, 1000), (QList<int>{10, 90, 400, 500}));
        QCOMPARE(waveSizes(percents, 50), (QList<int>{1, 4, 20, 25})); // 1 % of 50 still gets a vehicle
        QCOMPARE(waveSizes(percents, 0), (QList<int>{0, 0, 0, 0}));
        QCOMPARE(waveSizes(percents, 2), (QList<int>{1, 0, 0, 1}));
        const QList<Wave> counts{{0, 5, 100}, {0, 20, 90}, {100, 0, 90}};
        QCOMPARE(waveSizes(counts, 200), (QList<int>{5, 20, 175}));
        QCOMPARE(waveSizes(counts, 10), (QList<int>{5, 5, 0}));
        for (int n : {0, 1, 7, 99, 1000, 12345}) {
            const QList<int> sizes = waveSizes(percents, n);
            QCOMPARE(std::accumulate(sizes.cbegin(), sizes.cend(), 0), n);
        }
    }

    void changesForTheApprover()
    {
        auto before = CampaignSpec::fromJson(minimalSpec());
        QJsonObject edited = minimalSpec();
        edited.insert(u"waves"_s, QJsonArray{QJsonObject{{u"percent"_s, 5}}, QJsonObject{{u"percent"_s, 100}}});
        edited.insert(u"maxFailurePercent"_s, 2);
        auto after = CampaignSpec::fromJson(edited);
        QVERIFY(before && after);
        const QStringList changes = describeChanges(*before, *after);
        QCOMPARE(changes.size(), 2);
        QCOMPARE(changes[0], u"Waves: 1 %, 100 % → 5 %, 100 %"_s);
        QCOMPARE(changes[1], u"Halt at failure %: 10 → 2"_s);
    }
};

QTEST_GUILESS_MAIN(TestCampaignRules)
#include "tst_campaign_rules.moc"
