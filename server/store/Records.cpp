#include "server/store/Records.h"

using namespace Qt::StringLiterals;

// The lowercase names are the values of the enum columns (CHECK constraints in the migrations):
// changing one is a schema change.
namespace flotilla::store {

namespace {

template<typename Enum, size_t N>
struct Names
{
    std::pair<Enum, QLatin1StringView> entries[N];

    QString name(Enum value) const
    {
        for (const auto &[key, text] : entries) {
            if (key == value)
                return text;
        }
        return {};
    }
    std::optional<Enum> parse(QStringView text) const
    {
        for (const auto &[key, name] : entries) {
            if (text == name)
                return key;
        }
        return std::nullopt;
    }
};

constexpr Names<VehicleState, 5> s_vehicleStates{{
    {VehicleState::Pending, "pending"_L1},
    {VehicleState::Accepted, "accepted"_L1},
    {VehicleState::Rejected, "rejected"_L1},
    {VehicleState::Blocked, "blocked"_L1},
    {VehicleState::Wiped, "wiped"_L1},
}};

constexpr Names<RegistrationState, 4> s_registrationStates{{
    {RegistrationState::Pending, "pending"_L1},
    {RegistrationState::Accepted, "accepted"_L1},
    {RegistrationState::Rejected, "rejected"_L1},
    {RegistrationState::Issued, "issued"_L1},
}};

constexpr Names<ProofStatus, 3> s_proofStatuses{{
    {ProofStatus::Valid, "valid"_L1},
    {ProofStatus::Missing, "missing"_L1},
    {ProofStatus::Invalid, "invalid"_L1},
}};

constexpr Names<SessionState, 4> s_sessionStates{{
    {SessionState::Open, "open"_L1},
    {SessionState::Ended, "ended"_L1},
    {SessionState::Abandoned, "abandoned"_L1},
    {SessionState::Failed, "failed"_L1},
}};

} // namespace

QString toString(VehicleState state)
{
    return s_vehicleStates.name(state);
}

std::optional<VehicleState> vehicleStateFromString(QStringView text)
{
    return s_vehicleStates.parse(text);
}

QString toString(RegistrationState state)
{
    return s_registrationStates.name(state);
}

std::optional<RegistrationState> registrationStateFromString(QStringView text)
{
    return s_registrationStates.parse(text);
}

QString toString(ProofStatus proof)
{
    return s_proofStatuses.name(proof);
}

std::optional<ProofStatus> proofStatusFromString(QStringView text)
{
    return s_proofStatuses.parse(text);
}

QString toString(SessionState state)
{
    return s_sessionStates.name(state);
}

std::optional<SessionState> sessionStateFromString(QStringView text)
{
    return s_sessionStates.parse(text);
}

} // namespace flotilla::store
