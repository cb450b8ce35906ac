#include "agent/commands/CommandRunner.h"

#include "core/omadm/Codes.h"

#include <QDateTime>
#include <QLoggingCategory>

#include <algorithm>
#include <cmath>
#include <numbers>

Q_LOGGING_CATEGORY(lcAgentCommands, "flotilla.agent.commands", QtInfoMsg)

using namespace Qt::StringLiterals;

namespace flotilla::agent {

namespace {

constexpr auto VehicleControlOperationComplete = u"urn:oma:at:x-flotilla-rvc:1.0:OperationComplete";
constexpr int MinTargetC = 16;
constexpr int MaxTargetC = 28;
constexpr int MaxTrunkSpeedKmh = 3;
constexpr int DefaultClimateTargetC = 21;
constexpr double MaxLocateStepKm = 500; // a vehicle not located for days does not leave the map

constexpr int Ok = int(omadm::StatusCode::Ok);
constexpr int Accepted = int(omadm::StatusCode::Accepted);
constexpr int BadRequest = int(omadm::StatusCode::BadRequest);
constexpr int NotFound = int(omadm::StatusCode::NotFound);
constexpr int Refused = 409;
constexpr int Expired = 410;
constexpr int Failed = int(omadm::StatusCode::CommandFailed);

QString isoUtc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

bool isCommandId(const QJsonValue &value)
{
    if (!value.isString())
        return false;
    const QString id = value.toString();
    if (id.isEmpty() || id.size() > CommandLog::MaxCommandIdLength)
        return false;
    return std::all_of(id.cbegin(), id.cend(), [](QChar c) { return c.unicode() > 0x20 && c.unicode() < 0x7f; });
}

std::optional<qint64> parseUtc(const QJsonValue &value)
{
    if (!value.isString())
        return std::nullopt;
    QDateTime time = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    if (!time.isValid())
        time = QDateTime::fromString(value.toString(), Qt::ISODate);
    if (!time.isValid())
        return std::nullopt;
    return time.toMSecsSinceEpoch();
}

QString operationOf(const omadm::ClientUri &node)
{
    return node.path.section(u'/', 1, 1, QString::SectionSkipEmpty);
}

// FNV-1a over the VIN: a stable number per vehicle (qHash may change between Qt versions).
quint32 vinHash(const QString &vin)
{
    quint32 hash = 2166136261u;
    for (QChar c : vin) {
        hash ^= c.unicode();
        hash *= 16777619u;
    }
    return hash;
}

double rounded(double degrees)
{
    return std::round(degrees * 1e6) / 1e6;
}

} // namespace

CommandRunner::CommandRunner(net::Lane &lane, MoTree &tree, AlertOutbox &outbox, const AgentStore &store,
                             CommandOptions options)
    : m_tree(tree)
    , m_outbox(outbox)
    , m_store(store)
    , m_options(std::move(options))
    , m_log(store)
    , m_timer(lane.createTimer())
    , m_dropArmed(m_options.dropReplyOnce)
{
    if (auto s = m_log.load(); !s)
        qCWarning(lcAgentCommands).noquote() << s.errorString() << "- starting with an empty command log";
    loadState();
    VehicleStatus &status = m_tree.status();
    // A driving vehicle (UpdateOptions: not parked, ignition on; set before us) runs its engine.
    if (status.speedKmh > 0 && status.ignitionOn)
        status.engineOn = true;
    if (status.locationTimeMs == 0) // where it stands: a place of its own, known from the start
        locate();
}

CommandRunner::~CommandRunner() = default;

bool CommandRunner::handles(const omadm::ClientUri &node)
{
    return node.kind == omadm::MoKind::VehicleControl || node.kind == omadm::MoKind::Lawmo ||
           node.kind == omadm::MoKind::DiagMon;
}

QString CommandRunner::alertType(omadm::MoKind kind)
{
    switch (kind) {
    case omadm::MoKind::Lawmo:
        return QStringView(omadm::alerttype::LawmoOperationComplete).toString();
    case omadm::MoKind::DiagMon:
        return QStringView(omadm::alerttype::DiagMonOperationComplete).toString();
    default:
        return QStringView(VehicleControlOperationComplete).toString();
    }
}

qint64 CommandRunner::nowMs() const
{
    return (m_options.clock ? m_options.clock : &Clock::system())->nowMs();
}

int CommandRunner::exec(const omadm::ClientUri &node, const QString &sourceUri)
{
    if (!MoTree::isOperation(node))
        return NotFound;
    const QString operation = operationOf(node);
    // The Args belong to this EXEC only: a later EXEC without its own HGET must not reuse them.
    const std::optional<QJsonObject> args = m_tree.takeOperationArgs(node.kind, operation);
    if (!args) {
        qCWarning(lcAgentCommands).noquote() << "EXEC" << sourceUri << "without Args (the HGET failed?): 400";
        return BadRequest;
    }
    const QJsonValue id = args->value(u"CommandId"_s);
    if (!isCommandId(id)) {
        qCWarning(lcAgentCommands).noquote() << "EXEC" << sourceUri << "with no usable Args.CommandId: 400";
        return BadRequest;
    }
    const QString commandId = id.toString();
    if (const CommandLog::Entry *done = m_log.find(commandId))
        return done->resultCode; // delivered again after a lost reply: once only
    if (m_dropArmed)
        m_dropNext = true;

    CommandLog::Entry entry;
    entry.commandId = commandId;
    entry.atMs = nowMs();
    const std::optional<qint64> expires = parseUtc(args->value(u"ExpiresUtc"_s));
    if (!expires)
        return complete(entry, node.kind, sourceUri,
                        {BadRequest, u"Args.ExpiresUtc is missing or not an ISO 8601 time"_s, {}, false});
    if (entry.atMs > *expires)
        return complete(entry, node.kind, sourceUri, {Expired, u"expired at %1"_s.arg(isoUtc(*expires)), {}, false});
    if (Outcome invalid = validate(node.kind, operation, *args); invalid.code != Ok)
        return complete(entry, node.kind, sourceUri, invalid);
    if (m_options.asyncOperations.contains(operation)) {
        entry.resultCode = Accepted;
        entry.sourceUri = sourceUri;
        entry.args = *args;
        if (auto s = m_log.record(entry); !s)
            qCWarning(lcAgentCommands).noquote() << s.errorString();
        schedule(commandId);
        return Accepted;
    }
    return complete(entry, node.kind, sourceUri, run(node.kind, operation, *args));
}

CommandRunner::Outcome CommandRunner::validate(omadm::MoKind kind, const QString &operation,
                                               const QJsonObject &args) const
{
    if (kind == omadm::MoKind::VehicleControl && operation == u"ClimateOn") {
        const QJsonValue target = args.value(u"TargetC"_s);
        const double value = target.toDouble(-1);
        if (!target.isDouble() || value != std::floor(value) || value < MinTargetC || value > MaxTargetC)
            return {BadRequest,
                    u"Args.TargetC must be an integer from %1 to %2"_s.arg(MinTargetC).arg(MaxTargetC),
                    {},
                    false};
    }
    return {};
}

// The simulated vehicle's safety rules (docs/agent.md "Remote commands"); empty when allowed.
QString CommandRunner::refusal(omadm::MoKind kind, const QString &operation) const
{
    const VehicleStatus &s = m_tree.status();
    const bool moving = s.speedKmh > 0;
    const bool parked = s.gear == u"P" && !moving;
    if (kind == omadm::MoKind::VehicleControl) {
        if (operation == u"EngineStart") {
            if (moving)
                return u"vehicle is moving"_s;
            if (s.gear != u"P")
                return u"gear is not in P"_s;
            if (!s.locked)
                return u"doors are unlocked"_s;
        } else if (operation == u"EngineStop") {
            if (moving) // never cut the engine of a car on the road
                return u"vehicle is moving"_s;
        } else if (operation == u"OpenTrunk") {
            if (s.speedKmh > MaxTrunkSpeedKmh)
                return u"vehicle is moving"_s;
        }
    } else if (kind == omadm::MoKind::Lawmo && (operation == u"Wipe" || operation == u"FactoryReset")) {
        if (!parked)
            return u"vehicle is not parked"_s;
    }
    return {};
}

CommandRunner::Outcome CommandRunner::run(omadm::MoKind kind, const QString &operation, const QJsonObject &args)
{
    Outcome outcome;
    outcome.ran = true;
    if (QString reason = refusal(kind, operation); !reason.isEmpty()) {
        outcome.code = Refused;
        outcome.reason = std::move(reason);
        return outcome;
    }
    VehicleStatus &s = m_tree.status();
    if (kind == omadm::MoKind::VehicleControl) {
        if (operation == u"Lock") {
            s.locked = true;
        } else if (operation == u"Unlock") {
            s.locked = false;
        } else if (operation == u"HornLights") {
            ++s.hornLightsCount;
        } else if (operation == u"OpenTrunk") {
            s.trunkOpen = true;
        } else if (operation == u"ClimateOn") {
            s.climateOn = true;
            s.climateTargetC = args.value(u"TargetC"_s).toInt();
        } else if (operation == u"ClimateOff") {
            s.climateOn = false;
        } else if (operation == u"EngineStart") {
            s.engineOn = true;
            s.ignitionOn = true;
        } else if (operation == u"EngineStop") {
            s.engineOn = false;
            s.ignitionOn = false;
        } else if (operation == u"Locate") {
            locate();
            outcome.location =
                QJsonObject{{u"Lat"_s, s.latitude}, {u"Lon"_s, s.longitude}, {u"TimeUtc"_s, isoUtc(s.locationTimeMs)}};
        }
        outcome.code = Ok;
    } else if (kind == omadm::MoKind::Lawmo) {
        outcome.code = int(omadm::LawmoResult::Successful);
        if (operation == u"FullyLock") {
            s.lawmoState = int(omadm::LawmoState::FullyLocked);
            s.locked = true;
        } else if (operation == u"PartiallyLock") {
            s.lawmoState = int(omadm::LawmoState::PartiallyLocked);
        } else if (operation == u"UnLock") {
            s.lawmoState = int(omadm::LawmoState::Unlocked);
        } else if (operation == u"Wipe") {
            wipeUserData();
            outcome.code = int(omadm::LawmoResult::WipeSuccessful);
        } else if (operation == u"FactoryReset") {
            // The owner's data and settings go back to the factory's; identity, DM account,
            // installed software, DTCs, the command log and a LAWMO lock stay (a reset must not
            // lift a lock put on a stolen vehicle).
            wipeUserData();
            s.climateOn = false;
            s.climateTargetC = DefaultClimateTargetC;
            s.trunkOpen = false;
            s.locked = true;
            s.hornLightsCount = 0;
        }
    } else if (kind == omadm::MoKind::DiagMon && operation == u"ClearDTC") {
        m_tree.setDtcs({});
        if (auto saved = m_store.saveDtcs(m_tree.dtcs()); !saved)
            return {Failed, saved.errorString(), {}, true};
        outcome.code = Ok;
    } else {
        return {NotFound, u"no such operation"_s, {}, false};
    }
    saveState();
    return outcome;
}

int CommandRunner::complete(CommandLog::Entry entry, omadm::MoKind kind, const QString &sourceUri,
                            const Outcome &outcome)
{
    entry.resultCode = outcome.code;
    entry.reason = outcome.reason;
    entry.sourceUri.clear();
    entry.args = {};
    if (outcome.ran)
        ++entry.runs;
    if (auto s = m_log.record(entry); !s)
        qCWarning(lcAgentCommands).noquote() << s.errorString();

    omadm::Alert alert;
    alert.type = alertType(kind);
    alert.sourceUri = sourceUri;
    alert.dataType = QString::fromLatin1(omadm::mediatype::Json);
    alert.data = QJsonObject{{u"CommandId"_s, entry.commandId}, {u"ResultCode"_s, outcome.code}};
    if (!outcome.reason.isEmpty())
        alert.data.insert(u"Reason"_s, outcome.reason);
    if (!outcome.location.isEmpty())
        alert.data.insert(u"Location"_s, outcome.location);
    if (auto s = m_outbox.put(entry.commandId, AlertOutbox::Kind::Final, alert); !s)
        qCWarning(lcAgentCommands).noquote() << s.errorString();
    qCDebug(lcAgentCommands).noquote() << entry.commandId << sourceUri << "→" << outcome.code << outcome.reason;
    return outcome.code;
}

void CommandRunner::schedule(const QString &commandId)
{
    const Due due{commandId, std::chrono::steady_clock::now() + m_options.asyncDelay};
    const auto later = std::find_if(m_due.begin(), m_due.end(), [&](const Due &d) { return d.at > due.at; });
    const bool first = later == m_due.begin();
    m_due.insert(later, due);
    if (first && !m_stopped)
        m_timer->start(m_options.asyncDelay, [this] { onTimer(); });
}

void CommandRunner::onTimer()
{
    const auto now = std::chrono::steady_clock::now();
    bool finished = false;
    while (!m_due.isEmpty() && m_due.first().at <= now) {
        finishPending(m_due.takeFirst().commandId);
        finished = true;
    }
    if (!m_due.isEmpty()) {
        const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(m_due.first().at - now);
        m_timer->start(std::max(wait, std::chrono::milliseconds(1)), [this] { onTimer(); });
    }
    if (finished && m_alertsQueued)
        m_alertsQueued();
}

void CommandRunner::finishPending(const QString &commandId)
{
    const CommandLog::Entry *found = m_log.find(commandId);
    if (!found || !found->isPending())
        return;
    const CommandLog::Entry entry = *found;
    const auto node = omadm::ClientUri::parse(entry.sourceUri);
    if (!node || !MoTree::isOperation(*node)) {
        complete(entry, node ? node->kind : omadm::MoKind::VehicleControl, entry.sourceUri,
                 {Failed, u"unreadable pending command"_s, {}, false});
        return;
    }
    // Accepted in time, but never run after its expiry (a restart may have kept it waiting).
    const std::optional<qint64> expires = parseUtc(entry.args.value(u"ExpiresUtc"_s));
    if (!expires || nowMs() > *expires) {
        complete(entry, node->kind, entry.sourceUri, {Expired, u"expired before it could run"_s, {}, false});
        return;
    }
    complete(entry, node->kind, entry.sourceUri, run(node->kind, operationOf(*node), entry.args));
}

void CommandRunner::resume()
{
    m_stopped = false;
    for (const CommandLog::Entry &entry : m_log.pending()) {
        const bool queued =
            std::any_of(m_due.cbegin(), m_due.cend(), [&](const Due &due) { return due.commandId == entry.commandId; });
        if (!queued)
            m_due.prepend({entry.commandId, std::chrono::steady_clock::now()});
    }
    if (!m_due.isEmpty())
        m_timer->start(std::chrono::milliseconds(0), [this] { onTimer(); });
}

void CommandRunner::stop()
{
    m_stopped = true;
    m_timer->cancel();
    m_due.clear(); // they stay pending in the log: resume() picks them up
}

int CommandRunner::runs(const QString &commandId) const
{
    const CommandLog::Entry *entry = m_log.find(commandId);
    return entry ? entry->runs : 0;
}

bool CommandRunner::hasUnsentResults() const
{
    const QStringList types{alertType(omadm::MoKind::VehicleControl), alertType(omadm::MoKind::Lawmo),
                            alertType(omadm::MoKind::DiagMon)};
    return std::any_of(m_outbox.entries().cbegin(), m_outbox.entries().cend(), [&](const AlertOutbox::Entry &entry) {
        return types.contains(entry.alert.type) && entry.alert.data.contains(u"CommandId"_s);
    });
}

bool CommandRunner::takeReplyDrop()
{
    if (!m_dropNext)
        return false;
    m_dropNext = false;
    m_dropArmed = false;
    return true;
}

void CommandRunner::locate()
{
    VehicleStatus &s = m_tree.status();
    const qint64 now = nowMs();
    const quint32 hash = vinHash(m_tree.profile().vin);
    if (s.locationTimeMs == 0 || (s.latitude == 0 && s.longitude == 0)) {
        // Somewhere on land in western and central Europe, the same place for the same VIN.
        s.latitude = rounded(44.5 + double(hash % 8000) / 1000.0);
        s.longitude = rounded(1.0 + double((hash / 8000) % 15000) / 1000.0);
    } else if (s.speedKmh > 0 && now > s.locationTimeMs) {
        // A driving vehicle moved along its heading since the last fix.
        const double km = std::min(MaxLocateStepKm, s.speedKmh * double(now - s.locationTimeMs) / 3'600'000.0);
        const double heading = double(hash % 360) * std::numbers::pi / 180.0;
        const double latitude = s.latitude + km / 111.32 * std::cos(heading);
        const double longitude =
            s.longitude +
            km / (111.32 * std::max(0.01, std::cos(s.latitude * std::numbers::pi / 180.0))) * std::sin(heading);
        s.latitude = rounded(std::clamp(latitude, -85.0, 85.0));
        s.longitude = rounded(std::remainder(longitude, 360.0));
    }
    s.locationTimeMs = now;
}

void CommandRunner::wipeUserData()
{
    VehicleUserData &user = m_tree.status().userData;
    user = VehicleUserData{0, 0, 0, nowMs()};
    m_tree.status().climateOn = false;
    m_tree.status().climateTargetC = DefaultClimateTargetC;
}

void CommandRunner::loadState()
{
    auto stored = m_store.loadVehicleState();
    if (!stored) {
        qCWarning(lcAgentCommands).noquote() << stored.errorString() << "- the vehicle starts as built";
        return;
    }
    if (!stored->has_value())
        return;
    const QJsonObject json = **stored;
    VehicleStatus &s = m_tree.status();
    s.locked = json.value(u"Locked"_s).toBool(s.locked);
    s.trunkOpen = json.value(u"TrunkOpen"_s).toBool(s.trunkOpen);
    s.climateTargetC = qBound(MinTargetC, json.value(u"ClimateTargetC"_s).toInt(s.climateTargetC), MaxTargetC);
    s.hornLightsCount = qMax(0, json.value(u"HornLightsCount"_s).toInt());
    const int lawmo = json.value(u"LawmoState"_s).toInt();
    if (lawmo == int(omadm::LawmoState::FullyLocked) || lawmo == int(omadm::LawmoState::PartiallyLocked) ||
        lawmo == int(omadm::LawmoState::Unlocked))
        s.lawmoState = lawmo;
    const QJsonObject location = json.value(u"Location"_s).toObject();
    if (location.value(u"Lat"_s).isDouble() && location.value(u"Lon"_s).isDouble()) {
        s.latitude = location.value(u"Lat"_s).toDouble();
        s.longitude = location.value(u"Lon"_s).toDouble();
        s.locationTimeMs = qint64(location.value(u"TimeMs"_s).toDouble());
    }
    const QJsonObject user = json.value(u"UserData"_s).toObject();
    if (!user.isEmpty()) {
        s.userData.pairedPhones = qMax(0, user.value(u"PairedPhones"_s).toInt());
        s.userData.destinations = qMax(0, user.value(u"Destinations"_s).toInt());
        s.userData.driverProfiles = qMax(0, user.value(u"DriverProfiles"_s).toInt());
        s.userData.wipedMs = qint64(user.value(u"WipedMs"_s).toDouble());
    }
}

void CommandRunner::saveState()
{
    const VehicleStatus &s = m_tree.status();
    const QJsonObject json{
        {u"Locked"_s, s.locked},
        {u"TrunkOpen"_s, s.trunkOpen},
        {u"ClimateTargetC"_s, s.climateTargetC},
        {u"HornLightsCount"_s, s.hornLightsCount},
        {u"LawmoState"_s, s.lawmoState},
        {u"Location"_s, QJsonObject{{u"Lat"_s, s.latitude}, {u"Lon"_s, s.longitude}, {u"TimeMs"_s, s.locationTimeMs}}},
        {u"UserData"_s, QJsonObject{{u"PairedPhones"_s, s.userData.pairedPhones},
                                    {u"Destinations"_s, s.userData.destinations},
                                    {u"DriverProfiles"_s, s.userData.driverProfiles},
                                    {u"WipedMs"_s, s.userData.wipedMs}}}};
    if (auto saved = m_store.saveVehicleState(json); !saved)
        qCWarning(lcAgentCommands).noquote() << saved.errorString();
}

} // namespace flotilla::agent
