#pragma once

#include "core/Result.h"
#include "core/update/UpdateInstruction.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// Campaigns (issue 4): the model, the operator roles and the campaign state machine of DESIGN.md.
// Pure logic, no store: the services persist what these functions decide, and the tests check
// every allowed and refused transition here.
namespace flotilla::server::campaigns {

enum class Role
{
    Viewer,
    Engineer,
    Approver,
    Admin,
};
QString toString(Role role); // "viewer", "engineer", "approver", "admin"
std::optional<Role> roleFromString(QStringView text);

// What an operator may do, by role. Admins may do everything except approve their own work.
enum class Permission
{
    ViewFleet,
    ManageVehicles, // accept/reject registrations, block/unblock vehicles, enrollment key
    ManageReleases, // import releases, build deltas, signing keys, bundles
    AssignUpdates,  // single jobs
    EditCampaigns,  // create, edit, submit, start, pause, resume, cancel, retry
    ApproveCampaigns,
    ManageUsers,
    SendCommands,        // remote commands (lock, climate, LAWMO locks, DTCs)
    DestructiveCommands, // LAWMO wipe / factory reset
};
bool allows(Role role, Permission permission);

enum class CampaignState
{
    Draft,
    PendingApproval,
    Approved,
    Running,
    Paused,
    Completed,
    Cancelled,
    Halted,
};
QString toString(CampaignState state); // "draft", "pending-approval", ..., "halted"
std::optional<CampaignState> campaignStateFromString(QStringView text);
bool isFinished(CampaignState state); // Completed, Cancelled (Halted can be retried)

enum class CampaignAction
{
    Edit,        // Draft, PendingApproval stay; Approved/Paused/Halted go back to PendingApproval
    Submit,      // Draft → PendingApproval
    Approve,     // PendingApproval → Approved; not by the author
    Reject,      // PendingApproval → Draft, with a reason; not by the author
    Start,       // Approved → Running (also the engine at the start time, as the system)
    Pause,       // Running → Paused
    Resume,      // Paused → Running
    Cancel,      // any unfinished state → Cancelled
    RetryFailed, // Running/Paused/Halted/Completed → Running: failed vehicles get another job
    Halt,        // system only: Running → Halted (error threshold crossed)
    Complete,    // system only: Running → Completed (every vehicle finished)
};
QString toString(CampaignAction action);

struct Actor
{
    QString name; // "system" for the engine
    Role role = Role::Viewer;
    bool isSystem() const { return name == u"system"; }
    static Actor system() { return {QStringLiteral("system"), Role::Admin}; }
};

// The state an action leads to, or why it is refused: 403 (role, or approving one's own
// campaign), 409 (not allowed in this state). author is the campaign's author.
Result<CampaignState> transition(CampaignState from, CampaignAction action, const Actor &actor, const QString &author);

// ----- the campaign's settings -----

// Which vehicles: inventory filters (each list ORs its values; lists AND together; empty = any)
// and/or explicit VINs (added to what the filters match).
struct TargetFilter
{
    QStringList oems;
    QStringList models;
    QStringList hwIds;
    QStringList versions; // the version of the ECU the release targets (any target)
    QStringList regions;
    QStringList tags;
    QStringList vins;
    bool isEmpty() const;
};

struct Wave
{
    int percent = 0;         // share of all targets, cumulative (1, 10, 50, 100), or
    int count = 0;           // a fixed number of vehicles in this wave; exactly one of the two is > 0
    int successPercent = 90; // share of this wave that must succeed before the next starts
};

// Time of day and weekdays (1 = Monday … 7 = Sunday) in an IANA time zone; the engine only
// notifies vehicles inside it. Empty days = every day. start == end = all day.
struct MaintenanceWindow
{
    bool enabled = false;
    int startMinute = 0; // minutes after midnight, local time
    int endMinute = 0;   // may be before startMinute (window across midnight)
    QList<int> days;
    QString timeZone = QStringLiteral("UTC");
};

struct CampaignSpec
{
    QString name;
    qint64 releaseId = 0;
    TargetFilter targets;
    bool addLateJoiners = false; // vehicles matching the filters after approval join the last wave
    QList<Wave> waves;           // at least one; the last covers every remaining vehicle
    qint64 startAtMs = 0;        // 0: when started by hand after approval
    MaintenanceWindow window;
    // Consent: "release" (as the release says), "required", "not-required"; deadline after which
    // the job expires; reminders every N hours while awaiting consent (0: none).
    QString consent = QStringLiteral("release");
    qint64 consentDeadlineHours = 0;
    int reminderHours = 0;
    // Preconditions override the release's when set (-1 / unset = the release's).
    int minBatteryPct = -1;
    std::optional<bool> parked;
    std::optional<bool> ignitionOff;
    // Error threshold per wave: halt when failures reach this count or this share of the wave.
    int maxFailures = 0;        // 0: no count limit
    int maxFailurePercent = 10; // 0: no share limit
    bool downloadOnly = false;
    int retries = 1; // extra jobs per vehicle after a failure

    QJsonObject toJson() const;
    // Validates every field; error code 400 with a message naming the field.
    static Result<CampaignSpec> fromJson(const QJsonObject &json);

    // The preconditions a campaign job's instruction carries: the release's, with the consent
    // policy and each precondition this spec sets in their place.
    update::Preconditions preconditionsFor(const update::Preconditions &release) const;
};

// Splits n targets into waves: the number of vehicles in each wave (sums to n; percentages are
// cumulative and rounded up so that a 1 % wave of 50 vehicles still has one vehicle).
QList<int> waveSizes(const QList<Wave> &waves, int targetCount);

// The differences between two specs, one line per changed setting ("Waves: 1 %, 100 % → 5 %,
// 100 %"), for the approver of a revision.
QStringList describeChanges(const CampaignSpec &before, const CampaignSpec &after);

} // namespace flotilla::server::campaigns
