#include "cli/CampaignCommands.h"

#include "cli/Cli.h"
#include "cli/CommandSession.h"
#include "cli/JsonText.h"
#include "cli/TextTable.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;

namespace flotilla::cli {

namespace {

constexpr int DefaultIntervalSeconds = 2;
// A poll that gets no answer is tried again this many times in a row before --wait gives up: a
// rollout lasts hours, and one dropped connection should not end the wait.
constexpr int MaxPollFailures = 5;
constexpr qint64 MaxSpecFileBytes = 1024 * 1024; // the API takes no larger body

using Fields = QList<std::pair<QString, QString>>;

// The order in which states are listed: the way a vehicle moves through a campaign.
const QStringList TargetStates{u"waiting"_s, u"active"_s, u"succeeded"_s, u"failed"_s, u"skipped"_s, u"cancelled"_s};

// ---- reading answers -------------------------------------------------------------------------

// Campaign times are "<name>Ms", 0 when the event has not happened; shown in UTC.

QString size(qint64 bytes)
{
    if (bytes < 10 * 1024)
        return u"%1 B"_s.arg(bytes);
    if (bytes < 1024 * 1024)
        return QString::number(double(bytes) / 1024.0, 'f', 1) + u" KiB";
    return QString::number(double(bytes) / (1024.0 * 1024.0), 'f', 1) + u" MiB";
}

QString joined(const QJsonArray &array, const QString &separator = u", "_s)
{
    QStringList items;
    for (const QJsonValue &value : array)
        items.append(value.isString() ? value.toString() : QString::number(value.toInteger()));
    return items.join(separator);
}

// "3 (1 active, 2 waiting)" from {"active":1,"waiting":2}, known states in their order.
QString countsText(const QJsonObject &counts, const QStringList &order)
{
    int total = 0;
    QStringList parts;
    QStringList keys = order;
    for (const QString &key : counts.keys()) {
        if (!keys.contains(key) && key != u"total")
            keys.append(key);
    }
    for (const QString &key : std::as_const(keys)) {
        const int n = counts.value(key).toInt();
        if (n > 0) {
            total += n;
            parts.append(u"%1 %2"_s.arg(n).arg(key));
        }
    }
    if (parts.isEmpty())
        return u"none"_s;
    return u"%1 (%2)"_s.arg(total).arg(parts.join(u", "));
}

QString minuteText(int minute)
{
    return u"%1:%2"_s.arg(minute / 60, 2, 10, QChar(u'0')).arg(minute % 60, 2, 10, QChar(u'0'));
}

QString wavePlan(const QJsonObject &wave, bool last)
{
    if (last)
        return u"rest"_s;
    const int count = wave.value(u"count"_s).toInt();
    if (count > 0)
        return count == 1 ? u"1 vehicle"_s : u"%1 vehicles"_s.arg(count);
    return u"%1 %"_s.arg(wave.value(u"percent"_s).toInt());
}

// "1 %, 10 %, rest; each must reach 90 % succeeded before the next starts"
QString wavesText(const QJsonArray &waves)
{
    QStringList plan;
    QStringList success;
    for (qsizetype i = 0; i < waves.size(); ++i) {
        const QJsonObject wave = waves[i].toObject();
        plan.append(wavePlan(wave, i + 1 == waves.size()));
        success.append(QString::number(wave.value(u"successPercent"_s).toInt()));
    }
    success.removeDuplicates();
    return u"%1; each must reach %2 % succeeded before the next starts"_s.arg(plan.join(u", "), success.join(u"/"));
}

QString targetsText(const QJsonObject &targets)
{
    static const QList<std::pair<QString, QString>> names{{u"oems"_s, u"OEM"_s},       {u"models"_s, u"model"_s},
                                                          {u"hwIds"_s, u"hardware"_s}, {u"versions"_s, u"version"_s},
                                                          {u"regions"_s, u"region"_s}, {u"tags"_s, u"tag"_s}};
    QStringList parts;
    for (const auto &[key, label] : names) {
        const QJsonArray values = targets.value(key).toArray();
        if (!values.isEmpty())
            parts.append(u"%1 %2"_s.arg(label, joined(values, u" or "_s)));
    }
    QString result = parts.isEmpty() ? QString() : parts.join(u" and "_s);
    const QJsonArray vins = targets.value(u"vins"_s).toArray();
    if (!vins.isEmpty()) {
        const QString listed = vins.size() <= 3 ? joined(vins) : u"%1 listed VINs"_s.arg(vins.size());
        result = result.isEmpty() ? listed : result + u", plus "_s + listed;
    }
    return result.isEmpty() ? u"every accepted vehicle"_s : result;
}

QString windowText(const QJsonObject &window)
{
    if (!window.value(u"enabled"_s).toBool())
        return u"any time"_s;
    const QJsonArray days = window.value(u"days"_s).toArray();
    return u"%1-%2 %3, %4"_s.arg(
        minuteText(window.value(u"startMinute"_s).toInt()), minuteText(window.value(u"endMinute"_s).toInt()),
        days.isEmpty() ? u"every day"_s : u"days "_s + joined(days, u","_s), window.value(u"timeZone"_s).toString());
}

// ---- printing answers ------------------------------------------------------------------------

void printCampaign(const QJsonObject &c, QTextStream &out)
{
    const QJsonObject spec = c.value(u"spec"_s).toObject();
    const QJsonArray waves = spec.value(u"waves"_s).toArray();
    const QString state = fieldText(c, u"state"_s);
    QString stateLine = state;
    if (state == u"running" || state == u"paused")
        stateLine += u" (wave %1 of %2)"_s.arg(c.value(u"currentWave"_s).toInt()).arg(waves.size());
    Fields fields{
        {u"Campaign"_s, u"#%1 %2"_s.arg(fieldText(c, u"id"_s), fieldText(c, u"name"_s))},
        {u"Release"_s, u"#"_s + fieldText(c, u"release"_s)},
        {u"State"_s, stateLine},
    };
    // The rejection or halt reason: what the operator must read first.
    if (!c.value(u"reason"_s).toString().isEmpty())
        fields.append({state == u"halted" ? u"Halted because"_s : u"Reason"_s, fieldText(c, u"reason"_s)});
    fields.append({u"Revision"_s,
                   c.value(u"approvedRevision"_s).toInt() > 0
                       ? u"%1 (approved: %2)"_s.arg(fieldText(c, u"revision"_s), fieldText(c, u"approvedRevision"_s))
                       : fieldText(c, u"revision"_s)});
    fields.append({u"Author"_s, fieldText(c, u"author"_s)});
    fields.append({u"Approver"_s, fieldText(c, u"approver"_s)});
    fields.append({u"Targets"_s, targetsText(spec.value(u"targets"_s).toObject())});
    fields.append({u"Waves"_s, wavesText(waves)});
    fields.append({u"Halt at"_s, u"%1 failed or %2 % of a wave (0 = no limit)"_s.arg(
                                     fieldText(spec, u"maxFailures"_s), fieldText(spec, u"maxFailurePercent"_s))});
    fields.append(
        {u"Start"_s, spec.value(u"startAtMs"_s).toInteger() > 0 ? fieldTime(spec, u"startAt"_s) : u"when started"_s});
    fields.append({u"Window"_s, windowText(spec.value(u"window"_s).toObject())});
    fields.append({u"Consent"_s, fieldText(spec, u"consent"_s)});
    fields.append({u"Retries"_s, fieldText(spec, u"retries"_s)});
    if (spec.value(u"downloadOnly"_s).toBool())
        fields.append({u"Download only"_s, u"yes"_s});
    fields.append({u"Vehicles"_s, countsText(c.value(u"vehicles"_s).toObject(), TargetStates)});
    fields.append({u"Jobs"_s, countsText(c.value(u"jobs"_s).toObject(), {})});
    fields.append({u"Created"_s, fieldTime(c, u"createdAt"_s)});
    fields.append({u"Approved"_s, fieldTime(c, u"approvedAt"_s)});
    fields.append({u"Started"_s, fieldTime(c, u"startedAt"_s)});
    fields.append({u"Finished"_s, fieldTime(c, u"finishedAt"_s)});
    writeFields(out, fields);

    const QJsonArray changes = c.value(u"changesSinceApproval"_s).toArray();
    if (!changes.isEmpty()) {
        out << "\nChanges since the last approval:\n";
        for (const QJsonValue &change : changes)
            out << "  " << TextTable::printable(change.toString()) << '\n';
    }

    // Per wave once the targets are frozen (at approval).
    const QJsonArray counts = c.value(u"waves"_s).toArray();
    if (!counts.isEmpty()) {
        out << "\nWaves:\n";
        QStringList headers{u"WAVE"_s, u"PLAN"_s, u"VEHICLES"_s};
        for (const QString &s : TargetStates)
            headers.append(s.toUpper());
        TextTable table(headers);
        const int current = c.value(u"currentWave"_s).toInt();
        const bool started = c.value(u"startedAtMs"_s).toInteger() > 0;
        for (qsizetype i = 0; i < counts.size(); ++i) {
            const QJsonObject wave = counts[i].toObject();
            QString label = QString::number(i + 1);
            if (started && i + 1 == current && (state == u"running" || state == u"paused"))
                label += u" (current)"_s;
            QStringList cells{label, wavePlan(waves.at(i).toObject(), i + 1 == waves.size()),
                              QString::number(wave.value(u"total"_s).toInt())};
            for (const QString &s : TargetStates)
                cells.append(QString::number(wave.value(s).toInt()));
            table.addRow(cells);
        }
        table.write(out, 2);
    }
}

void printCampaigns(const QJsonObject &answer, QTextStream &out)
{
    const QJsonArray campaigns = answer.value(u"campaigns"_s).toArray();
    if (campaigns.isEmpty()) {
        out << "No campaigns.\n";
        return;
    }
    TextTable table(
        {u"ID"_s, u"NAME"_s, u"RELEASE"_s, u"STATE"_s, u"WAVE"_s, u"AUTHOR"_s, u"APPROVER"_s, u"UPDATED"_s});
    for (const QJsonValue &value : campaigns) {
        const QJsonObject c = value.toObject();
        const int waves = c.value(u"spec"_s).toObject().value(u"waves"_s).toArray().size();
        const bool started = c.value(u"startedAtMs"_s).toInteger() > 0;
        table.addRow({fieldText(c, u"id"_s), fieldText(c, u"name"_s), fieldText(c, u"release"_s),
                      fieldText(c, u"state"_s),
                      started ? u"%1/%2"_s.arg(c.value(u"currentWave"_s).toInt()).arg(waves) : u"-"_s,
                      fieldText(c, u"author"_s), fieldText(c, u"approver"_s), fieldTime(c, u"updatedAt"_s)});
    }
    table.write(out);
}

void printTargets(const QJsonObject &answer, QTextStream &out)
{
    const QJsonArray vehicles = answer.value(u"vehicles"_s).toArray();
    if (vehicles.isEmpty()) {
        out << "No vehicles yet: the targets are chosen when the campaign is approved (see 'campaign dry-run').\n";
        return;
    }
    TextTable table({u"VIN"_s, u"WAVE"_s, u"STATE"_s, u"ATTEMPTS"_s, u"JOB"_s, u"JOB STATE"_s, u"REASON"_s});
    for (const QJsonValue &value : vehicles) {
        const QJsonObject v = value.toObject();
        table.addRow({fieldText(v, u"vin"_s), fieldText(v, u"wave"_s), fieldText(v, u"state"_s),
                      fieldText(v, u"attempts"_s), fieldText(v, u"job"_s), fieldText(v, u"jobState"_s),
                      fieldText(v, u"reason"_s)});
    }
    table.write(out);
}

void printDryRun(const QJsonObject &answer, QTextStream &out)
{
    const QJsonArray vehicles = answer.value(u"vehicles"_s).toArray();
    if (vehicles.isEmpty()) {
        out << "No vehicle matches the campaign's targets.\n";
    } else {
        TextTable table({u"VIN"_s, u"WAVE"_s, u"COMPATIBLE"_s, u"UP TO DATE"_s, u"DOWNLOAD"_s, u"TO BUILD"_s,
                         u"PAYLOAD"_s, u"BLOCKERS"_s});
        for (const QJsonValue &value : vehicles) {
            const QJsonObject v = value.toObject();
            const QJsonArray blockers = v.value(u"blockers"_s).toArray();
            table.addRow({fieldText(v, u"vin"_s), fieldText(v, u"wave"_s), fieldText(v, u"compatible"_s),
                          fieldText(v, u"upToDate"_s), size(v.value(u"bytes"_s).toInteger()),
                          fieldText(v, u"deltasToBuild"_s), fieldText(v, u"payload"_s),
                          blockers.isEmpty() ? u"-"_s : joined(blockers, u"; "_s)});
        }
        table.write(out);
    }
    const QJsonObject totals = answer.value(u"totals"_s).toObject();
    out << '\n';
    writeFields(out, {
                         {u"Vehicles"_s, u"%1 (%2 compatible, %3 up to date, %4 blocked)"_s.arg(
                                             fieldText(totals, u"vehicles"_s), fieldText(totals, u"compatible"_s),
                                             fieldText(totals, u"upToDate"_s), fieldText(totals, u"blocked"_s))},
                         {u"Download"_s, size(totals.value(u"bytes"_s).toInteger())},
                         {u"Payloads to build"_s, fieldText(totals, u"deltasToBuild"_s)},
                         {u"Wave sizes"_s, joined(answer.value(u"waveSizes"_s).toArray())},
                     });
    const QJsonArray unknown = answer.value(u"unknownVins"_s).toArray();
    if (!unknown.isEmpty())
        out << "Not in the inventory (or not accepted): " << TextTable::printable(joined(unknown)) << '\n';
}

// After submit, approve, ...: the new state in one line, and what follows.
void printTransition(const QJsonObject &c, QTextStream &out)
{
    const QString state = fieldText(c, u"state"_s);
    out << TextTable::printable(
               u"Campaign #%1 (%2) is now %3."_s.arg(fieldText(c, u"id"_s), fieldText(c, u"name"_s), state))
        << '\n';
    if (state == u"draft" && !c.value(u"reason"_s).toString().isEmpty())
        out << "Rejected because: " << TextTable::printable(fieldText(c, u"reason"_s)) << '\n';
    if (state == u"approved")
        out << "Targets frozen: " << countsText(c.value(u"vehicles"_s).toObject(), TargetStates) << ".\n";
    if (state == u"running")
        out << "Follow it with 'flotillactl campaign status " << fieldText(c, u"id"_s) << " --wait'.\n";
}

// ---- parsing ---------------------------------------------------------------------------------

QCommandLineOption option(const QString &name, const QString &description, const QString &valueName = {})
{
    return QCommandLineOption(QStringList{name}, description, valueName);
}

QCommandLineOption actorOption()
{
    return option(u"actor"_s, u"With the local admin token: name written to the event log (default: $USER)"_s,
                  u"NAME"_s);
}

// The option's value as an integer; its range is the server's to check (exit 1 with its message).
Result<qint64> integerValue(const QCommandLineParser &parser, const QString &name)
{
    bool ok = false;
    const qint64 value = parser.value(name).toLongLong(&ok);
    if (!ok)
        return Error(u"--%1 must be an integer, not '%2'"_s.arg(name, parser.value(name)));
    return value;
}

// "22:30" → minutes after midnight.
std::optional<int> minuteOfDay(const QString &text)
{
    static const QRegularExpression pattern(u"^(\\d{1,2}):(\\d{2})$"_s);
    const QRegularExpressionMatch match = pattern.match(text.trimmed());
    if (!match.hasMatch())
        return std::nullopt;
    const int hours = match.captured(1).toInt();
    const int minutes = match.captured(2).toInt();
    if (hours > 23 || minutes > 59)
        return std::nullopt;
    return hours * 60 + minutes;
}

// "1-5", "1,3,5", "1-3,6": weekday numbers (1 = Monday); their range is checked by the server.
Result<QJsonArray> weekdays(const QString &text)
{
    QJsonArray days;
    static const QRegularExpression range(u"^(\\d+)(?:-(\\d+))?$"_s);
    for (const QString &part : text.split(u',')) {
        const QRegularExpressionMatch match = range.match(part.trimmed());
        if (!match.hasMatch())
            return Error(
                u"--days takes weekday numbers (1 = Monday ... 7 = Sunday) like 1-5 or 1,3,5, not '%1'"_s.arg(text));
        const int first = match.captured(1).toInt();
        const int last = match.captured(2).isEmpty() ? first : match.captured(2).toInt();
        if (last < first || last - first > 7)
            return Error(u"--days: '%1' is not a range of weekdays"_s.arg(part));
        for (int day = first; day <= last; ++day)
            days.append(day);
    }
    return days;
}

// ISO 8601; without an offset the time is UTC, as flotillactl prints times.
Result<qint64> startTime(const QString &text)
{
    QString value = text.trimmed();
    if (value == u"none")
        return 0;
    static const QRegularExpression offset(u"(Z|[+-]\\d{2}:?\\d{2})$"_s);
    if (value.contains(u'T') && !offset.match(value).hasMatch())
        value += u'Z';
    const QDateTime at = QDateTime::fromString(value, Qt::ISODateWithMs);
    if (!at.isValid() || !value.contains(u'T'))
        return Error(u"--start takes an ISO 8601 time like 2026-05-04T22:00 (UTC) or 2026-05-04T22:00+02:00, or "
                     u"'none', not '%1'"_s.arg(text));
    return at.toMSecsSinceEpoch();
}

// "1,10,50,100" (cumulative percentages) or, counts, "5,20,rest".
Result<QJsonArray> wavesOption(const QCommandLineParser &parser)
{
    const bool counts = parser.isSet(u"wave-counts"_s);
    const QString name = counts ? u"wave-counts"_s : u"waves"_s;
    const QStringList parts = parser.value(name).split(u',');
    QJsonArray waves;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QString part = parts[i].trimmed();
        if (counts && part == u"rest" && i + 1 == parts.size() && i > 0) {
            waves.append(QJsonObject{{u"percent"_s, 100}}); // the last wave takes the rest anyway
            continue;
        }
        bool ok = false;
        const int value = part.toInt(&ok);
        if (!ok)
            return Error(
                counts ? u"--wave-counts takes vehicle counts like 5,20,rest, not '%1'"_s.arg(parser.value(name))
                       : u"--waves takes cumulative percentages like 1,10,50,100, not '%1'"_s.arg(parser.value(name)));
        waves.append(QJsonObject{{counts ? u"count"_s : u"percent"_s, value}});
    }
    return waves;
}

// Every option that changes the spec (create and edit take the same).
QList<QCommandLineOption> specOptions()
{
    return {
        option(u"spec"_s, u"Start from this campaign spec (JSON, docs/campaigns.md); options override it"_s, u"FILE"_s),
        option(u"name"_s, u"The campaign's name"_s, u"NAME"_s),
        option(u"release"_s, u"The release to roll out: id or NAME@VERSION"_s, u"RELEASE"_s),
        option(u"oem"_s, u"Target vehicles of this OEM (repeat for several)"_s, u"OEM"_s),
        option(u"model"_s, u"Target this model (repeat for several)"_s, u"MODEL"_s),
        option(u"hw-id"_s, u"Target vehicles with an ECU of this hardware id (repeat)"_s, u"HWID"_s),
        // Not --version: that is the global option that prints flotillactl's version.
        option(u"from-version"_s, u"Target vehicles running this version on a targeted ECU (repeat)"_s, u"VERSION"_s),
        option(u"region"_s, u"Target this region: europe, north-america, asia, ... (repeat)"_s, u"REGION"_s),
        option(u"tag"_s, u"Target vehicles with this tag (repeat)"_s, u"TAG"_s),
        option(u"vin"_s, u"Target this vehicle too (repeat); with no filter, only the VINs"_s, u"VIN"_s),
        option(u"waves"_s, u"Cumulative percentages of the targets per wave, e.g. 1,10,50,100 (default 100)"_s,
               u"LIST"_s),
        option(u"wave-counts"_s, u"Vehicles per wave, e.g. 5,20,rest"_s, u"LIST"_s),
        option(u"success-percent"_s, u"Share of a wave that must succeed before the next starts (default 90)"_s,
               u"P"_s),
        option(u"max-failures"_s, u"Halt when this many vehicles of a wave failed (0: no limit)"_s, u"N"_s),
        option(u"max-failure-percent"_s, u"Halt when this share of a wave failed (default 10; 0: no limit)"_s, u"P"_s),
        option(u"start"_s,
               u"Start by itself at this time once approved (ISO 8601, UTC unless an offset is given; "
               u"'none')"_s,
               u"TIME"_s),
        option(u"window"_s, u"Maintenance window: new jobs only between these times, e.g. 22:00-05:00 ('none')"_s,
               u"HH:MM-HH:MM"_s),
        option(u"days"_s, u"Window weekdays, 1 = Monday: 1-5, 1,3,5 (default every day)"_s, u"DAYS"_s),
        option(u"tz"_s, u"The window's time zone, e.g. Europe/Berlin (default UTC)"_s, u"ZONE"_s),
        option(u"consent"_s, u"Owner consent: release (as the release says), required, not-required"_s, u"C"_s),
        option(u"min-battery"_s, u"Battery charge a vehicle needs to install, percent"_s, u"P"_s),
        option(u"parked"_s, u"Install only when parked"_s),
        option(u"ignition-off"_s, u"Install only with the ignition off"_s),
        option(u"download-only"_s, u"Download only; install later"_s),
        option(u"retries"_s, u"More jobs per vehicle after a failure (default 1)"_s, u"N"_s),
        actorOption(),
    };
}

Result<QJsonObject> readSpecFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(u"--spec: cannot read %1: %2"_s.arg(path, file.errorString()));
    if (file.size() > MaxSpecFileBytes)
        return Error(u"--spec: %1 is larger than 1 MiB"_s.arg(path));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError)
        return Error(u"--spec: %1 is not valid JSON (%2)"_s.arg(path, error.errorString()));
    if (!document.isObject())
        return Error(u"--spec: %1 is not a JSON object"_s.arg(path));
    return document.object();
}

Result<std::optional<ReleaseRef>> releaseOption(const QCommandLineParser &parser)
{
    if (!parser.isSet(u"release"_s))
        return std::optional<ReleaseRef>();
    auto ref = parseRelease(parser.value(u"release"_s).trimmed());
    if (!ref)
        return Error(u"--release: "_s + ref.errorString());
    return std::optional<ReleaseRef>(*ref);
}

Result<int> intervalMs(const QCommandLineParser &parser)
{
    if (!parser.isSet(u"interval"_s))
        return DefaultIntervalSeconds * 1000;
    bool ok = false;
    const int seconds = parser.value(u"interval"_s).toInt(&ok);
    if (!ok || seconds <= 0 || seconds > 3600)
        return Error(
            u"--interval must be a number of seconds from 1 to 3600, not '%1'"_s.arg(parser.value(u"interval"_s)));
    return seconds * 1000;
}

// ---- requests --------------------------------------------------------------------------------

ApiRequest request(QByteArray method, QStringList path, std::optional<QJsonObject> body = std::nullopt)
{
    ApiRequest result;
    result.method = std::move(method);
    result.path = std::move(path);
    result.body = std::move(body);
    return result;
}

QStringList campaignPath(qint64 id, const QStringList &tail = {})
{
    return QStringList{u"campaigns"_s, QString::number(id)} + tail;
}

// Calls then with the release's id (looked up by NAME@VERSION when needed), or 0 when none given.
void withRelease(const SessionPtr &session, const std::optional<ReleaseRef> &ref, std::function<void(qint64)> then)
{
    if (!ref)
        then(0);
    else
        withRelease(session, *ref, std::move(then));
}

// ---- create and edit -------------------------------------------------------------------------

// What create's and edit's options say, read once (the parser does not outlive the command's
// setup): each member is set only when its option was given.
struct SpecOptions
{
    std::optional<QJsonObject> file; // --spec
    std::optional<ReleaseRef> release;
    std::optional<QString> name;
    QList<std::pair<QString, QStringList>> targets; // spec key → values
    std::optional<QJsonArray> waves;
    std::optional<qint64> successPercent;
    QList<std::pair<QString, qint64>> integers; // spec key → value
    std::optional<qint64> startAtMs;
    std::optional<std::pair<int, int>> window; // start, end minute
    bool windowOff = false;
    std::optional<QJsonArray> days;
    std::optional<QString> timeZone;
    std::optional<QString> consent;
    bool parked = false;
    bool ignitionOff = false;
    bool downloadOnly = false;

    bool changesAnything() const
    {
        return file || release || name || !targets.isEmpty() || waves || successPercent || !integers.isEmpty() ||
               startAtMs || window || windowOff || days || timeZone || consent || parked || ignitionOff || downloadOnly;
    }
};

// Only the syntax is checked here (exit 2); the server validates the spec and names the field it
// refuses (exit 1).
Result<SpecOptions> parseSpecOptions(const QCommandLineParser &parser)
{
    SpecOptions o;
    if (parser.isSet(u"spec"_s)) {
        auto file = readSpecFile(parser.value(u"spec"_s));
        if (!file)
            return file.error();
        o.file = *file;
    }
    auto release = releaseOption(parser);
    if (!release)
        return release.error();
    o.release = *release;
    if (parser.isSet(u"name"_s))
        o.name = parser.value(u"name"_s);

    static const QList<std::pair<QString, QString>> lists{
        {u"oem"_s, u"oems"_s},       {u"model"_s, u"models"_s},
        {u"hw-id"_s, u"hwIds"_s},    {u"from-version"_s, u"versions"_s},
        {u"region"_s, u"regions"_s}, {u"tag"_s, u"tags"_s},
        {u"vin"_s, u"vins"_s}};
    for (const auto &[name, key] : lists) {
        if (parser.isSet(name))
            o.targets.append({key, parser.values(name)});
    }

    if (parser.isSet(u"waves"_s) && parser.isSet(u"wave-counts"_s))
        return Error(u"give --waves (percentages) or --wave-counts (vehicles), not both"_s);
    if (parser.isSet(u"waves"_s) || parser.isSet(u"wave-counts"_s)) {
        auto waves = wavesOption(parser);
        if (!waves)
            return waves.error();
        o.waves = *waves;
    }
    if (parser.isSet(u"success-percent"_s)) {
        auto percent = integerValue(parser, u"success-percent"_s);
        if (!percent)
            return percent.error();
        o.successPercent = *percent;
    }

    static const QList<std::pair<QString, QString>> integers{{u"max-failures"_s, u"maxFailures"_s},
                                                             {u"max-failure-percent"_s, u"maxFailurePercent"_s},
                                                             {u"min-battery"_s, u"minBatteryPct"_s},
                                                             {u"retries"_s, u"retries"_s}};
    for (const auto &[name, key] : integers) {
        if (!parser.isSet(name))
            continue;
        auto value = integerValue(parser, name);
        if (!value)
            return value.error();
        o.integers.append({key, *value});
    }

    if (parser.isSet(u"start"_s)) {
        auto at = startTime(parser.value(u"start"_s));
        if (!at)
            return at.error();
        o.startAtMs = *at;
    }
    if (parser.isSet(u"window"_s)) {
        const QString value = parser.value(u"window"_s).trimmed();
        const QStringList ends = value.split(u'-');
        const std::optional<int> from = ends.size() == 2 ? minuteOfDay(ends[0]) : std::nullopt;
        const std::optional<int> to = ends.size() == 2 ? minuteOfDay(ends[1]) : std::nullopt;
        if (value == u"none")
            o.windowOff = true;
        else if (from && to)
            o.window = std::pair(*from, *to);
        else
            return Error(u"--window takes HH:MM-HH:MM (e.g. 22:00-05:00) or 'none', not '%1'"_s.arg(value));
    }
    if (parser.isSet(u"days"_s)) {
        auto days = weekdays(parser.value(u"days"_s));
        if (!days)
            return days.error();
        o.days = *days;
    }
    if (parser.isSet(u"tz"_s))
        o.timeZone = parser.value(u"tz"_s).trimmed();
    if (parser.isSet(u"consent"_s))
        o.consent = parser.value(u"consent"_s).trimmed();
    o.parked = parser.isSet(u"parked"_s);
    o.ignitionOff = parser.isSet(u"ignition-off"_s);
    o.downloadOnly = parser.isSet(u"download-only"_s);
    return o;
}

// The options on top of spec (for edit the campaign's current spec; a given list replaces that
// list, the rest stays). An Error is a usage error.
Status applySpecOptions(const SpecOptions &o, QJsonObject &spec)
{
    if (o.file)
        spec = *o.file;
    if (o.name)
        spec.insert(u"name"_s, *o.name);

    QJsonObject targets = spec.value(u"targets"_s).toObject();
    for (const auto &[key, values] : o.targets)
        targets.insert(key, QJsonArray::fromStringList(values));
    spec.insert(u"targets"_s, targets);

    QJsonArray waves = o.waves ? *o.waves : spec.value(u"waves"_s).toArray();
    if (waves.isEmpty())
        waves.append(QJsonObject{{u"percent"_s, 100}}); // one wave: every target at once
    if (o.successPercent) {
        for (QJsonValueRef wave : waves) {
            QJsonObject object = wave.toObject();
            object.insert(u"successPercent"_s, *o.successPercent);
            wave = object;
        }
    }
    spec.insert(u"waves"_s, waves);

    for (const auto &[key, value] : o.integers)
        spec.insert(key, value);
    if (o.startAtMs)
        spec.insert(u"startAtMs"_s, *o.startAtMs);

    QJsonObject window = spec.value(u"window"_s).toObject();
    if (o.windowOff)
        window.insert(u"enabled"_s, false);
    if (o.window) {
        window.insert(u"enabled"_s, true);
        window.insert(u"startMinute"_s, o.window->first);
        window.insert(u"endMinute"_s, o.window->second);
    }
    if ((o.days || o.timeZone) && !window.value(u"enabled"_s).toBool())
        return Error(u"--days and --tz belong to a maintenance window: give --window HH:MM-HH:MM too"_s);
    if (o.days)
        window.insert(u"days"_s, *o.days);
    if (o.timeZone)
        window.insert(u"timeZone"_s, *o.timeZone);
    if (!window.isEmpty())
        spec.insert(u"window"_s, window);

    if (o.consent)
        spec.insert(u"consent"_s, *o.consent);
    if (o.parked)
        spec.insert(u"parked"_s, true);
    if (o.ignitionOff)
        spec.insert(u"ignitionOff"_s, true);
    if (o.downloadOnly)
        spec.insert(u"downloadOnly"_s, true);
    return {};
}

// The request body: the spec plus, for the local admin token, the operator's name.
QJsonObject specBody(const QJsonObject &spec, const QJsonObject &actor)
{
    QJsonObject body = actor;
    for (auto it = spec.constBegin(); it != spec.constEnd(); ++it)
        body.insert(it.key(), it.value());
    return body;
}

Result<Command::Flow> createFlow(const QCommandLineParser &parser, const QStringList &)
{
    auto options = parseSpecOptions(parser);
    if (!options)
        return options.error();
    QJsonObject spec;
    if (Status applied = applySpecOptions(*options, spec); !applied)
        return applied.error();
    if (spec.value(u"name"_s).toString().trimmed().isEmpty())
        return Error(u"campaign create needs --name NAME (or a name in --spec)"_s);
    if (!options->release && !spec.contains(u"release"_s))
        return Error(u"campaign create needs --release RELEASE (or a release in --spec)"_s);
    const QJsonObject body = specBody(spec, actorBody(parser));
    return flowOf([body, release = options->release](const SessionPtr &session) {
        withRelease(session, release, [session, body](qint64 releaseId) {
            QJsonObject withId = body;
            if (releaseId > 0)
                withId.insert(u"release"_s, releaseId);
            call(session, request("POST", {u"campaigns"_s}, withId), [session](const ApiResponse &response) {
                session->print(response, [&](QTextStream &out) {
                    printCampaign(response.json, out);
                    const QString id = fieldText(response.json, u"id"_s);
                    out << "\nNext: 'flotillactl campaign dry-run " << id << "', then 'flotillactl campaign submit "
                        << id << "'.\n";
                });
                session->finish(ExitSuccess);
            });
        });
    });
}

// PUT takes the whole spec: the campaign's current one (or --spec) with the options on top.
Result<Command::Flow> editFlow(const QCommandLineParser &parser, const QStringList &arguments)
{
    auto id = parseId(arguments[0], u"campaign"_s);
    if (!id)
        return id.error();
    auto options = parseSpecOptions(parser);
    if (!options)
        return options.error();
    if (!options->changesAnything())
        return Error(u"campaign edit: nothing to change (give the settings to change; see 'campaign edit --help')"_s);
    const QJsonObject actor = actorBody(parser);
    return flowOf([id = *id, options = *options, actor](const SessionPtr &session) {
        withRelease(session, options.release, [=](qint64 releaseId) {
            call(session, request("GET", campaignPath(id)), [=](const ApiResponse &current) {
                QJsonObject spec = current.json.value(u"spec"_s).toObject();
                if (Status applied = applySpecOptions(options, spec); !applied) {
                    session->fail(ExitUsage, applied.errorString());
                    return;
                }
                if (releaseId > 0)
                    spec.insert(u"release"_s, releaseId);
                call(session, request("PUT", campaignPath(id), specBody(spec, actor)),
                     [session](const ApiResponse &response) {
                         session->print(response, [&](QTextStream &out) { printCampaign(response.json, out); });
                         session->finish(ExitSuccess);
                     });
            });
        });
    });
}

// ---- status --------------------------------------------------------------------------------------

bool settled(const QString &state)
{
    return state == u"completed" || state == u"cancelled" || state == u"halted";
}

// One line for --wait's running report: "campaign 3: running, wave 1 of 2; 3 (1 active, 2 waiting)".
QString progressLine(const QJsonObject &c)
{
    const QString state = fieldText(c, u"state"_s);
    QString line = u"campaign %1: %2"_s.arg(fieldText(c, u"id"_s), state);
    if (state == u"running" || state == u"paused")
        line += u", wave %1 of %2"_s.arg(c.value(u"currentWave"_s).toInt())
                    .arg(c.value(u"spec"_s).toObject().value(u"waves"_s).toArray().size());
    return line + u"; vehicles "_s + countsText(c.value(u"vehicles"_s).toObject(), TargetStates);
}

// Runs poll every intervalMs until it says it is done; the session ends inside poll.
void repeat(const SessionPtr &session, int intervalMs, const std::function<void(std::function<void()> again)> &poll)
{
    poll([session, intervalMs, poll] {
        QTimer::singleShot(intervalMs, &session->client,
                           [session, intervalMs, poll] { repeat(session, intervalMs, poll); });
    });
}

// `campaign status ID [--wait]`: the campaign, or polls until it is completed, cancelled or halted
// (exit 0 only when completed).
void watchCampaign(const SessionPtr &session, qint64 id, bool wait, int intervalMs)
{
    auto lastLine = std::make_shared<QString>();
    auto failures = std::make_shared<int>(0);
    repeat(session, intervalMs, [=](std::function<void()> again) {
        session->client.send(request("GET", campaignPath(id)), [=](const ApiResponse &response) {
            if (response.outcome != ApiResponse::Outcome::Ok) {
                if (wait && response.outcome == ApiResponse::Outcome::ConnectionFailed &&
                    ++*failures <= MaxPollFailures) {
                    session->note(u"flotillactl: %1; trying again (%2 of %3)"_s.arg(response.message)
                                      .arg(*failures)
                                      .arg(MaxPollFailures));
                    again();
                    return;
                }
                session->fail(response);
                return;
            }
            *failures = 0;
            const QString state = fieldText(response.json, u"state"_s);
            if (wait && !settled(state)) {
                const QString line = progressLine(response.json);
                if (line != *lastLine) {
                    *lastLine = line;
                    session->note(line);
                }
                again();
                return;
            }
            session->print(response, [&](QTextStream &out) { printCampaign(response.json, out); });
            if (wait && state != u"completed") {
                const QString reason = response.json.value(u"reason"_s).toString();
                session->fail(ExitApiError, u"campaign %1 ended %2%3"_s.arg(id).arg(state).arg(
                                                reason.isEmpty() ? QString() : u": "_s + reason));
                return;
            }
            session->finish(ExitSuccess);
        });
    });
}

Result<Command::Flow> statusFlow(const QCommandLineParser &parser, const QStringList &arguments)
{
    auto id = parseId(arguments[0], u"campaign"_s);
    if (!id)
        return id.error();
    auto interval = intervalMs(parser);
    if (!interval)
        return interval.error();
    const bool wait = parser.isSet(u"wait"_s);
    return flowOf([id = *id, wait, interval = *interval](const SessionPtr &session) {
        watchCampaign(session, id, wait, interval);
    });
}

} // namespace

QList<Command> campaignCommands()
{
    QList<Command> all;

    all.append({{u"campaign"_s, u"create"_s},
                {},
                u"Create a draft campaign: --release R --name N [targets, waves, window, ...]"_s,
                specOptions(),
                {},
                {},
                {},
                createFlow});

    QList<QCommandLineOption> editOptions = specOptions();
    all.append({{u"campaign"_s, u"edit"_s},
                {u"ID"_s},
                u"Change a campaign's settings (create's options); an approved one needs approval again"_s,
                editOptions,
                {},
                {},
                {},
                editFlow});

    all.append({{u"campaign"_s, u"list"_s},
                {},
                u"Campaigns, newest first"_s,
                {},
                [](const QCommandLineParser &, const QStringList &) -> Result<ApiRequest> {
                    return request("GET", {u"campaigns"_s});
                },
                printCampaigns});

    all.append({{u"campaign"_s, u"status"_s},
                {u"ID"_s},
                u"A campaign: state, halt reason, counts per state and per wave (--wait: until it ends)"_s,
                {option(u"wait"_s, u"Poll until the campaign is completed, cancelled or halted; exit 0 only if "
                                   u"completed"_s),
                 option(u"interval"_s, u"With --wait: seconds between polls (default 2)"_s, u"SECONDS"_s)},
                {},
                {},
                {},
                statusFlow});

    all.append({{u"campaign"_s, u"vehicles"_s},
                {u"ID"_s},
                u"A campaign's vehicles: wave, state, attempts, job and reason"_s,
                {},
                [](const QCommandLineParser &, const QStringList &args) -> Result<ApiRequest> {
                    auto id = parseId(args[0], u"campaign"_s);
                    if (!id)
                        return id.error();
                    return request("GET", campaignPath(*id, {u"vehicles"_s}));
                },
                printTargets});

    all.append({{u"campaign"_s, u"dry-run"_s},
                {u"ID"_s},
                u"What the campaign would do now: per vehicle payload, size and blockers, and totals"_s,
                {option(u"offline-days"_s, u"Count a vehicle not seen for N days as blocked (default 7)"_s, u"N"_s)},
                [](const QCommandLineParser &parser, const QStringList &args) -> Result<ApiRequest> {
                    auto id = parseId(args[0], u"campaign"_s);
                    if (!id)
                        return id.error();
                    ApiRequest dryRun = request("GET", campaignPath(*id, {u"dry-run"_s}));
                    if (parser.isSet(u"offline-days"_s)) {
                        auto days = integerValue(parser, u"offline-days"_s);
                        if (!days)
                            return days.error();
                        dryRun.query.append({u"offlineDays"_s, QString::number(*days)});
                    }
                    return dryRun;
                },
                printDryRun});

    all.append({{u"campaign"_s, u"why"_s},
                {u"ID"_s, u"VIN"_s},
                u"Why a vehicle is not updated (yet), in one sentence"_s,
                {},
                [](const QCommandLineParser &, const QStringList &args) -> Result<ApiRequest> {
                    auto id = parseId(args[0], u"campaign"_s);
                    if (!id)
                        return id.error();
                    return request("GET", campaignPath(*id, {u"vehicles"_s, args[1].trimmed(), u"why"_s}));
                },
                [](const QJsonObject &answer, QTextStream &out) {
                    out << TextTable::printable(
                               u"%1: %2"_s.arg(fieldText(answer, u"vin"_s), fieldText(answer, u"why"_s)))
                        << '\n';
                }});

    // The state changes: POST /campaigns/{id}/<verb> with the operator and an optional reason.
    struct Action
    {
        QString verb;
        QString summary;
        bool needsReason = false;
    };
    const QList<Action> actions{
        {u"submit"_s, u"Submit a draft for approval"_s},
        {u"approve"_s, u"Approve a campaign (not your own): its vehicles are chosen now"_s},
        {u"reject"_s, u"Send a campaign back to draft, with --reason TEXT"_s, true},
        {u"start"_s, u"Start an approved campaign"_s},
        {u"pause"_s, u"Stop making new jobs (running ones finish)"_s},
        {u"resume"_s, u"Resume a paused campaign"_s},
        {u"cancel"_s, u"Cancel the campaign and its jobs that are not installing yet"_s},
        {u"retry"_s, u"Give failed vehicles another job (also resumes a halted or completed campaign)"_s},
    };
    for (const Action &action : actions) {
        all.append({{u"campaign"_s, action.verb},
                    {u"ID"_s},
                    action.summary,
                    {option(u"reason"_s,
                            action.needsReason ? u"Why (required): shown to the author"_s : u"Why, for the event log"_s,
                            u"TEXT"_s),
                     actorOption()},
                    [action](const QCommandLineParser &parser, const QStringList &args) -> Result<ApiRequest> {
                        auto id = parseId(args[0], u"campaign"_s);
                        if (!id)
                            return id.error();
                        QJsonObject body = actorBody(parser);
                        const QString reason = parser.value(u"reason"_s).trimmed();
                        if (action.needsReason && reason.isEmpty())
                            return Error(u"campaign %1 needs --reason TEXT"_s.arg(action.verb));
                        if (!reason.isEmpty())
                            body.insert(u"reason"_s, reason);
                        return request("POST", campaignPath(*id, {action.verb}), body);
                    },
                    printTransition});
    }
    return all;
}

} // namespace flotilla::cli
