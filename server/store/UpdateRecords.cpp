#include "server/store/UpdateRecords.h"

#include <array>
#include <utility>

using namespace Qt::StringLiterals;

namespace flotilla::store {

namespace {

template<typename Enum, size_t N>
QString nameOf(const std::array<std::pair<Enum, QStringView>, N> &names, Enum value)
{
    for (const auto &[e, name] : names) {
        if (e == value)
            return name.toString();
    }
    return {};
}

template<typename Enum, size_t N>
std::optional<Enum> valueOf(const std::array<std::pair<Enum, QStringView>, N> &names, QStringView text)
{
    for (const auto &[e, name] : names) {
        if (name == text)
            return e;
    }
    return std::nullopt;
}

constexpr std::array<std::pair<JobState, QStringView>, 14> JobStateNames{{
    {JobState::Queued, u"queued"},
    {JobState::Notified, u"notified"},
    {JobState::Downloading, u"downloading"},
    {JobState::Downloaded, u"downloaded"},
    {JobState::AwaitingConsent, u"awaiting-consent"},
    {JobState::Deferred, u"deferred"},
    {JobState::Blocked, u"blocked"},
    {JobState::Installing, u"installing"},
    {JobState::Verifying, u"verifying"},
    {JobState::Succeeded, u"succeeded"},
    {JobState::Failed, u"failed"},
    {JobState::RolledBack, u"rolled-back"},
    {JobState::Cancelled, u"cancelled"},
    {JobState::Expired, u"expired"},
}};

constexpr std::array<std::pair<DeltaState, QStringView>, 6> DeltaStateNames{{
    {DeltaState::Queued, u"queued"},
    {DeltaState::Building, u"building"},
    {DeltaState::Ready, u"ready"},
    {DeltaState::Failed, u"failed"},
    {DeltaState::NotWorthIt, u"not-worth-it"},
    {DeltaState::Cancelled, u"cancelled"},
}};

constexpr std::array<std::pair<SigningKeyState, QStringView>, 3> SigningKeyStateNames{{
    {SigningKeyState::Next, u"next"},
    {SigningKeyState::Active, u"active"},
    {SigningKeyState::Retired, u"retired"},
}};

} // namespace

QString toString(JobState state)
{
    return nameOf(JobStateNames, state);
}

std::optional<JobState> jobStateFromString(QStringView text)
{
    return valueOf(JobStateNames, text);
}

bool isTerminal(JobState state)
{
    switch (state) {
    case JobState::Succeeded:
    case JobState::Failed:
    case JobState::RolledBack:
    case JobState::Cancelled:
    case JobState::Expired:
        return true;
    default:
        return false;
    }
}

QString toString(DeltaState state)
{
    return nameOf(DeltaStateNames, state);
}

std::optional<DeltaState> deltaStateFromString(QStringView text)
{
    return valueOf(DeltaStateNames, text);
}

QString toString(SigningKeyState state)
{
    return nameOf(SigningKeyStateNames, state);
}

std::optional<SigningKeyState> signingKeyStateFromString(QStringView text)
{
    return valueOf(SigningKeyStateNames, text);
}

} // namespace flotilla::store
