#include "server/campaigns/CampaignTypes.h"

#include <QJsonArray>
#include <QTimeZone>

#include <algorithm>
#include <array>
#include <cmath>

using namespace Qt::StringLiterals;

namespace flotilla::server::campaigns {

namespace {

constexpr std::array RoleNames{u"viewer", u"engineer", u"approver", u"admin"};
constexpr std::array StateNames{u"draft",  u"pending-approval", u"approved",  u"running",
                                u"paused", u"completed",        u"cancelled", u"halted"};
constexpr std::array ActionNames{u"edit",   u"submit", u"approve",      u"reject", u"start",   u"pause",
                                 u"resume", u"cancel", u"retry-failed", u"halt",   u"complete"};

constexpr int MaxWaves = 20;
constexpr int MaxListItems = 10'000; // explicit VIN lists; filters are short
constexpr qsizetype MaxNameLength = 200;

template<typename Enum, size_t N>
std::optional<Enum> fromName(const std::array<const char16_t *, N> &names, QStringView text)
{
    for (size_t i = 0; i < N; ++i) {
        if (text == QStringView(names[i]))
            return Enum(i);
    }
    return std::nullopt;
}

Error refused(const QString &message)
{
    return Error(message, 409);
}

Error forbidden(const QString &message)
{
    return Error(message, 403);
}

QJsonArray toArray(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

Result<QStringList> stringList(const QJsonObject &json, const QString &key, const QString &field)
{
    const QJsonValue value = json.value(key);
    if (value.isUndefined() || value.isNull())
        return QStringList();
    if (!value.isArray())
        return Error(u"%1: expected an array of strings"_s.arg(field), 400);
    const QJsonArray array = value.toArray();
    if (array.size() > MaxListItems)
        return Error(u"%1: at most %2 entries"_s.arg(field).arg(MaxListItems), 400);
    QStringList list;
    for (const QJsonValue &item : array) {
        const QString text = item.toString().trimmed();
        if (!item.isString() || text.isEmpty() || text.size() > 100)
            return Error(u"%1: entries must be non-empty strings of at most 100 characters"_s.arg(field), 400);
        if (!list.contains(text))
            list.append(text);
    }
    return list;
}

Result<qint64> integer(const QJsonObject &json, const QString &key, qint64 min, qint64 max, qint64 fallback)
{
    const QJsonValue value = json.value(key);
    if (value.isUndefined() || value.isNull())
        return fallback;
    const double number = value.toDouble(std::nan(""));
    if (!value.isDouble() || number != std::floor(number) || number < double(min) || number > double(max))
        return Error(u"%1: expected an integer from %2 to %3"_s.arg(key).arg(min).arg(max), 400);
    return qint64(number);
}

Result<std::optional<bool>> optionalBool(const QJsonObject &json, const QString &key)
{
    const QJsonValue value = json.value(key);
    if (value.isUndefined() || value.isNull())
        return std::optional<bool>();
    if (!value.isBool())
        return Error(u"%1: expected true or false"_s.arg(key), 400);
    return std::optional<bool>(value.toBool());
}

QString waveText(const QList<Wave> &waves)
{
    QStringList parts;
    for (const Wave &wave : waves)
        parts.append(wave.count > 0 ? u"%1 vehicles"_s.arg(wave.count) : u"%1 %"_s.arg(wave.percent));
    return parts.join(u", ");
}

QString windowText(const MaintenanceWindow &window)
{
    if (!window.enabled)
        return u"none"_s;
    auto time = [](int minute) {
        return u"%1:%2"_s.arg(minute / 60, 2, 10, QChar(u'0')).arg(minute % 60, 2, 10, QChar(u'0'));
    };
    QStringList days;
    for (int day : window.days)
        days.append(QString::number(day));
    return u"%1-%2 %3 days %4"_s.arg(time(window.startMinute), time(window.endMinute), window.timeZone,
                                     days.isEmpty() ? u"all"_s : days.join(u','));
}

} // namespace

QString toString(Role role)
{
    return QString::fromUtf16(RoleNames[size_t(role)]);
}

std::optional<Role> roleFromString(QStringView text)
{
    return fromName<Role>(RoleNames, text);
}

bool allows(Role role, Permission permission)
{
    switch (permission) {
    case Permission::ViewFleet:
        return true;
    case Permission::ManageVehicles:
    case Permission::ManageReleases:
    case Permission::AssignUpdates:
    case Permission::EditCampaigns:
    case Permission::SendCommands:
        return role == Role::Engineer || role == Role::Admin;
    case Permission::ApproveCampaigns:
        return role == Role::Approver || role == Role::Admin;
    case Permission::ManageUsers:
    case Permission::DestructiveCommands:
        return role == Role::Admin;
    }
    return false;
}

QString toString(CampaignState state)
{
    return QString::fromUtf16(StateNames[size_t(state)]);
}

std::optional<CampaignState> campaignStateFromString(QStringView text)
{
    return fromName<CampaignState>(StateNames, text);
}

bool isFinished(CampaignState state)
{
    return state == CampaignState::Completed || state == CampaignState::Cancelled;
}

QString toString(CampaignAction action)
{
    return QString::fromUtf16(ActionNames[size_t(action)]);
}

Result<CampaignState> transition(CampaignState from, CampaignAction action, const Actor &actor, const QString &author)
{
    using S = CampaignState;
    using A = CampaignAction;
    const QString name = toString(action);
    const QString state = toString(from);

    // Who may ask at all.
    switch (action) {
    case A::Halt:
    case A::Complete:
        if (!actor.isSystem())
            return forbidden(u"%1 is decided by the campaign engine, not by an operator"_s.arg(name));
        break;
    case A::Approve:
    case A::Reject:
        if (!allows(actor.role, Permission::ApproveCampaigns))
            return forbidden(
                u"%1 needs the approver or admin role (%2 is %3)"_s.arg(name, actor.name, toString(actor.role)));
        if (!actor.isSystem() && actor.name.compare(author, Qt::CaseInsensitive) == 0)
            return forbidden(
                u"%1: a campaign must be approved by someone other than its author (%2)"_s.arg(name, author));
        break;
    case A::Pause:
        // An approver may stop a rollout that goes wrong (emergency stop), not start one.
        if (!allows(actor.role, Permission::EditCampaigns) && !allows(actor.role, Permission::ApproveCampaigns))
            return forbidden(
                u"pause needs the engineer, approver or admin role (%1 is %2)"_s.arg(actor.name, toString(actor.role)));
        break;
    default:
        if (!allows(actor.role, Permission::EditCampaigns))
            return forbidden(
                u"%1 needs the engineer or admin role (%2 is %3)"_s.arg(name, actor.name, toString(actor.role)));
        break;
    }

    // What the state allows.
    switch (action) {
    case A::Edit:
        switch (from) {
        case S::Draft:
        case S::PendingApproval:
            return from;
        case S::Approved:
        case S::Paused:
        case S::Halted:
            return S::PendingApproval; // every change after approval is approved again
        default:
            return refused(u"a %1 campaign cannot be edited%2"_s.arg(state, from == S::Running ? u" (pause it first)"_s
                                                                                               : QString()));
        }
    case A::Submit:
        if (from == S::Draft)
            return S::PendingApproval;
        break;
    case A::Approve:
    case A::Reject:
        if (from == S::PendingApproval)
            return action == A::Approve ? S::Approved : S::Draft;
        break;
    case A::Start:
        if (from == S::Approved)
            return S::Running;
        break;
    case A::Pause:
        if (from == S::Running)
            return S::Paused;
        break;
    case A::Resume:
        if (from == S::Paused)
            return S::Running;
        break;
    case A::Cancel:
        if (!isFinished(from))
            return S::Cancelled;
        break;
    case A::RetryFailed:
        if (from == S::Running || from == S::Paused || from == S::Halted || from == S::Completed)
            return S::Running;
        break;
    case A::Halt:
    case A::Complete:
        if (from == S::Running)
            return action == A::Halt ? S::Halted : S::Completed;
        break;
    }
    return refused(u"%1 is not possible for a %2 campaign"_s.arg(name, state));
}

bool TargetFilter::isEmpty() const
{
    return oems.isEmpty() && models.isEmpty() && hwIds.isEmpty() && versions.isEmpty() && regions.isEmpty() &&
           tags.isEmpty() && vins.isEmpty();
}

QJsonObject CampaignSpec::toJson() const
{
    QJsonArray waveArray;
    for (const Wave &wave : waves) {
        QJsonObject item{{u"successPercent"_s, wave.successPercent}};
        if (wave.count > 0)
            item.insert(u"count"_s, wave.count);
        else
            item.insert(u"percent"_s, wave.percent);
        waveArray.append(item);
    }
    QJsonArray days;
    for (int day : window.days)
        days.append(day);
    QJsonObject json{
        {u"name"_s, name},
        {u"release"_s, releaseId},
        {u"targets"_s, QJsonObject{{u"oems"_s, toArray(targets.oems)},
                                   {u"models"_s, toArray(targets.models)},
                                   {u"hwIds"_s, toArray(targets.hwIds)},
                                   {u"versions"_s, toArray(targets.versions)},
                                   {u"regions"_s, toArray(targets.regions)},
                                   {u"tags"_s, toArray(targets.tags)},
                                   {u"vins"_s, toArray(targets.vins)}}},
        {u"addLateJoiners"_s, addLateJoiners},
        {u"waves"_s, waveArray},
        {u"startAtMs"_s, startAtMs},
        {u"window"_s, QJsonObject{{u"enabled"_s, window.enabled},
                                  {u"startMinute"_s, window.startMinute},
                                  {u"endMinute"_s, window.endMinute},
                                  {u"days"_s, days},
                                  {u"timeZone"_s, window.timeZone}}},
        {u"consent"_s, consent},
        {u"consentDeadlineHours"_s, consentDeadlineHours},
        {u"reminderHours"_s, reminderHours},
        {u"minBatteryPct"_s, minBatteryPct},
        {u"maxFailures"_s, maxFailures},
        {u"maxFailurePercent"_s, maxFailurePercent},
        {u"downloadOnly"_s, downloadOnly},
        {u"retries"_s, retries},
    };
    if (parked)
        json.insert(u"parked"_s, *parked);
    if (ignitionOff)
        json.insert(u"ignitionOff"_s, *ignitionOff);
    return json;
}

Result<CampaignSpec> CampaignSpec::fromJson(const QJsonObject &json)
{
    static const QStringList known{
        u"name"_s,          u"release"_s, u"targets"_s,     u"addLateJoiners"_s,       u"waves"_s,
        u"startAtMs"_s,     u"window"_s,  u"consent"_s,     u"consentDeadlineHours"_s, u"reminderHours"_s,
        u"minBatteryPct"_s, u"parked"_s,  u"ignitionOff"_s, u"maxFailures"_s,          u"maxFailurePercent"_s,
        u"downloadOnly"_s,  u"retries"_s};
    for (auto it = json.constBegin(); it != json.constEnd(); ++it) {
        if (!known.contains(it.key()))
            return Error(u"unknown campaign setting '%1'"_s.arg(it.key()), 400);
    }
    CampaignSpec spec;
    spec.name = json.value(u"name"_s).toString().trimmed();
    if (spec.name.isEmpty() || spec.name.size() > MaxNameLength)
        return Error(u"name: 1 to %1 characters"_s.arg(MaxNameLength), 400);
    auto release = integer(json, u"release"_s, 1, (1LL << 53) - 1, 0);
    if (!release)
        return release.error();
    if (*release == 0)
        return Error(u"release: the id of the release to roll out is required"_s, 400);
    spec.releaseId = *release;

    const QJsonObject targets = json.value(u"targets"_s).toObject();
    const std::array<std::pair<const char16_t *, QStringList *>, 7> lists{{{u"oems", &spec.targets.oems},
                                                                           {u"models", &spec.targets.models},
                                                                           {u"hwIds", &spec.targets.hwIds},
                                                                           {u"versions", &spec.targets.versions},
                                                                           {u"regions", &spec.targets.regions},
                                                                           {u"tags", &spec.targets.tags},
                                                                           {u"vins", &spec.targets.vins}}};
    for (const auto &[key, list] : lists) {
        auto values = stringList(targets, QString::fromUtf16(key), u"targets."_s + QString::fromUtf16(key));
        if (!values)
            return values.error();
        *list = *values;
    }
    for (QString &vin : spec.targets.vins)
        vin = vin.toUpper();
    const QJsonValue late = json.value(u"addLateJoiners"_s);
    if (!late.isUndefined() && !late.isBool())
        return Error(u"addLateJoiners: expected true or false"_s, 400);
    spec.addLateJoiners = late.toBool();

    const QJsonArray waves = json.value(u"waves"_s).toArray();
    if (waves.isEmpty() || waves.size() > MaxWaves)
        return Error(u"waves: 1 to %1 waves"_s.arg(MaxWaves), 400);
    int lastPercent = 0;
    for (qsizetype i = 0; i < waves.size(); ++i) {
        const QJsonObject object = waves[i].toObject();
        const QString field = u"waves[%1]"_s.arg(i);
        auto percent = integer(object, u"percent"_s, 1, 100, 0);
        auto count = integer(object, u"count"_s, 1, 10'000'000, 0);
        auto success = integer(object, u"successPercent"_s, 0, 100, 90);
        if (!percent || !count || !success)
            return Error(u"%1: %2"_s.arg(field, (!percent ? percent.errorString()
                                                 : !count ? count.errorString()
                                                          : success.errorString())),
                         400);
        if ((*percent > 0) == (*count > 0))
            return Error(u"%1: give either percent (cumulative share) or count"_s.arg(field), 400);
        if (*percent > 0 && *percent <= lastPercent)
            return Error(u"%1: percentages are cumulative and must grow (%2 after %3)"_s.arg(field).arg(*percent).arg(
                             lastPercent),
                         400);
        lastPercent = qMax(lastPercent, int(*percent));
        spec.waves.append({int(*percent), int(*count), int(*success)});
    }

    auto startAt = integer(json, u"startAtMs"_s, 0, (1LL << 53) - 1, 0);
    if (!startAt)
        return startAt.error();
    spec.startAtMs = *startAt;

    const QJsonObject window = json.value(u"window"_s).toObject();
    spec.window.enabled = window.value(u"enabled"_s).toBool();
    if (spec.window.enabled) {
        auto start = integer(window, u"startMinute"_s, 0, 24 * 60 - 1, 0);
        auto end = integer(window, u"endMinute"_s, 0, 24 * 60 - 1, 0);
        if (!start || !end)
            return Error(u"window: %1"_s.arg(!start ? start.errorString() : end.errorString()), 400);
        spec.window.startMinute = int(*start);
        spec.window.endMinute = int(*end);
        for (const QJsonValue &day : window.value(u"days"_s).toArray()) {
            const int d = day.toInt(0);
            if (d < 1 || d > 7)
                return Error(u"window.days: weekdays 1 (Monday) to 7 (Sunday)"_s, 400);
            if (!spec.window.days.contains(d))
                spec.window.days.append(d);
        }
        std::sort(spec.window.days.begin(), spec.window.days.end());
        spec.window.timeZone = window.value(u"timeZone"_s).toString(u"UTC"_s);
        if (!QTimeZone(spec.window.timeZone.toUtf8()).isValid())
            return Error(u"window.timeZone: unknown time zone '%1' (an IANA name like Europe/Berlin)"_s.arg(
                             spec.window.timeZone),
                         400);
    }

    spec.consent = json.value(u"consent"_s).toString(u"release"_s);
    if (spec.consent != u"release" && spec.consent != u"required" && spec.consent != u"not-required")
        return Error(u"consent: \"release\", \"required\" or \"not-required\""_s, 400);
    auto deadline = integer(json, u"consentDeadlineHours"_s, 0, 24 * 365, 0);
    auto reminder = integer(json, u"reminderHours"_s, 0, 24 * 30, 0);
    auto battery = integer(json, u"minBatteryPct"_s, -1, 100, -1);
    auto maxFailures = integer(json, u"maxFailures"_s, 0, 10'000'000, 0);
    auto maxPercent = integer(json, u"maxFailurePercent"_s, 0, 100, 10);
    auto retries = integer(json, u"retries"_s, 0, 10, 1);
    for (const auto *value : {&deadline, &reminder, &battery, &maxFailures, &maxPercent, &retries}) {
        if (!*value)
            return value->error();
    }
    spec.consentDeadlineHours = *deadline;
    spec.reminderHours = int(*reminder);
    spec.minBatteryPct = int(*battery);
    spec.maxFailures = int(*maxFailures);
    spec.maxFailurePercent = int(*maxPercent);
    spec.retries = int(*retries);
    auto parked = optionalBool(json, u"parked"_s);
    auto ignition = optionalBool(json, u"ignitionOff"_s);
    if (!parked || !ignition)
        return !parked ? parked.error() : ignition.error();
    spec.parked = *parked;
    spec.ignitionOff = *ignition;
    const QJsonValue downloadOnly = json.value(u"downloadOnly"_s);
    if (!downloadOnly.isUndefined() && !downloadOnly.isBool())
        return Error(u"downloadOnly: expected true or false"_s, 400);
    spec.downloadOnly = downloadOnly.toBool();
    return spec;
}

update::Preconditions CampaignSpec::preconditionsFor(const update::Preconditions &release) const
{
    update::Preconditions result = release;
    if (consent != u"release")
        result.consent = consent;
    if (minBatteryPct >= 0)
        result.minBatteryPct = minBatteryPct;
    if (parked)
        result.parked = *parked;
    if (ignitionOff)
        result.ignitionOff = *ignitionOff;
    return result;
}

QList<int> waveSizes(const QList<Wave> &waves, int targetCount)
{
    QList<int> sizes;
    int assigned = 0;
    for (qsizetype i = 0; i < waves.size(); ++i) {
        const Wave &wave = waves[i];
        int size = 0;
        if (i == waves.size() - 1) {
            size = targetCount - assigned; // the last wave takes every remaining vehicle
        } else if (wave.count > 0) {
            size = qMin(wave.count, targetCount - assigned);
        } else {
            const int cumulative = int((qint64(targetCount) * wave.percent + 99) / 100);
            size = qBound(0, cumulative - assigned, targetCount - assigned);
        }
        sizes.append(size);
        assigned += size;
    }
    return sizes;
}

QStringList describeChanges(const CampaignSpec &before, const CampaignSpec &after)
{
    QStringList changes;
    auto compare = [&changes](const QString &label, const QString &a, const QString &b) {
        if (a != b)
            changes.append(u"%1: %2 → %3"_s.arg(label, a.isEmpty() ? u"(none)"_s : a, b.isEmpty() ? u"(none)"_s : b));
    };
    auto list = [](const QStringList &items) { return items.join(u", "); };
    auto optional = [](const std::optional<bool> &value) {
        return value ? (*value ? u"yes"_s : u"no"_s) : u"as the release says"_s;
    };
    compare(u"Name"_s, before.name, after.name);
    compare(u"Release"_s, QString::number(before.releaseId), QString::number(after.releaseId));
    compare(u"OEMs"_s, list(before.targets.oems), list(after.targets.oems));
    compare(u"Models"_s, list(before.targets.models), list(after.targets.models));
    compare(u"Hardware ids"_s, list(before.targets.hwIds), list(after.targets.hwIds));
    compare(u"Versions"_s, list(before.targets.versions), list(after.targets.versions));
    compare(u"Regions"_s, list(before.targets.regions), list(after.targets.regions));
    compare(u"Tags"_s, list(before.targets.tags), list(after.targets.tags));
    compare(u"VINs"_s, u"%1 listed"_s.arg(before.targets.vins.size()), u"%1 listed"_s.arg(after.targets.vins.size()));
    compare(u"Late joiners"_s, before.addLateJoiners ? u"added"_s : u"not added"_s,
            after.addLateJoiners ? u"added"_s : u"not added"_s);
    compare(u"Waves"_s, waveText(before.waves), waveText(after.waves));
    compare(u"Start"_s, QString::number(before.startAtMs), QString::number(after.startAtMs));
    compare(u"Maintenance window"_s, windowText(before.window), windowText(after.window));
    compare(u"Consent"_s, before.consent, after.consent);
    compare(u"Consent deadline (h)"_s, QString::number(before.consentDeadlineHours),
            QString::number(after.consentDeadlineHours));
    compare(u"Reminders (h)"_s, QString::number(before.reminderHours), QString::number(after.reminderHours));
    compare(u"Minimum battery"_s, QString::number(before.minBatteryPct), QString::number(after.minBatteryPct));
    compare(u"Parked"_s, optional(before.parked), optional(after.parked));
    compare(u"Ignition off"_s, optional(before.ignitionOff), optional(after.ignitionOff));
    compare(u"Halt at failures"_s, QString::number(before.maxFailures), QString::number(after.maxFailures));
    compare(u"Halt at failure %"_s, QString::number(before.maxFailurePercent),
            QString::number(after.maxFailurePercent));
    compare(u"Download only"_s, before.downloadOnly ? u"yes"_s : u"no"_s, after.downloadOnly ? u"yes"_s : u"no"_s);
    compare(u"Retries"_s, QString::number(before.retries), QString::number(after.retries));
    return changes;
}

} // namespace flotilla::server::campaigns
