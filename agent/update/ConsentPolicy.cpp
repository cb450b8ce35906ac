#include "agent/update/ConsentPolicy.h"

using namespace Qt::StringLiterals;

namespace flotilla::agent {

namespace {

// The number after "<word>:", or -1 when it is not a whole number >= 0.
int argumentOf(const QString &value, qsizetype prefixLength)
{
    bool ok = false;
    const int number = value.mid(prefixLength).toInt(&ok);
    return ok && number >= 0 ? number : -1;
}

} // namespace

Result<ConsentPolicy> ConsentPolicy::parse(QStringView text)
{
    ConsentPolicy policy;
    const QString value = text.trimmed().toString().toLower();
    if (value == u"accept")
        return policy;
    if (value == u"reject") {
        policy.m_answer = Answer::Reject;
        return policy;
    }
    if (value == u"ignore") {
        policy.m_answer = Answer::None;
        policy.m_unanswered = -1;
        return policy;
    }
    if (value.startsWith(u"postpone:"_s)) {
        if (const int seconds = argumentOf(value, 9); seconds >= 0) {
            policy.m_answer = Answer::Postpone;
            policy.m_postpone = std::chrono::seconds(seconds);
            return policy;
        }
    }
    if (value.startsWith(u"ignore:"_s)) {
        if (const int prompts = argumentOf(value, 7); prompts >= 0) {
            policy.m_answer = Answer::None;
            policy.m_unanswered = prompts;
            return policy;
        }
    }
    return Error(
        u"consent policy \"%1\": expected accept, reject, postpone:<seconds>, ignore or ignore:<prompts>"_s.arg(text));
}

ConsentPolicy::Answer ConsentPolicy::answer(int prompt) const
{
    switch (m_answer) {
    case Answer::Postpone:
        return prompt == 0 ? Answer::Postpone : Answer::Accept;
    case Answer::None:
        return m_unanswered < 0 || prompt < m_unanswered ? Answer::None : Answer::Accept;
    default:
        return m_answer;
    }
}

ConsentPolicy::Answer ConsentPolicy::ask(int prompt)
{
    ++m_shown;
    return answer(prompt);
}

QString ConsentPolicy::toString() const
{
    switch (m_answer) {
    case Answer::Accept:
        return u"accept"_s;
    case Answer::Reject:
        return u"reject"_s;
    case Answer::Postpone:
        return u"postpone:%1"_s.arg(m_postpone.count());
    case Answer::None:
        return m_unanswered < 0 ? u"ignore"_s : u"ignore:%1"_s.arg(m_unanswered);
    }
    return {};
}

} // namespace flotilla::agent
