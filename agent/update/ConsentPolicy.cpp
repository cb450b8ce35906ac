#include "agent/update/ConsentPolicy.h"

using namespace Qt::StringLiterals;

namespace flotilla::agent {

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
    if (value.startsWith(u"postpone:"_s)) {
        bool ok = false;
        const int seconds = value.mid(9).toInt(&ok);
        if (ok && seconds >= 0) {
            policy.m_answer = Answer::Postpone;
            policy.m_postpone = std::chrono::seconds(seconds);
            return policy;
        }
    }
    return Error(u"consent policy \"%1\": expected accept, reject or postpone:<seconds>"_s.arg(text));
}

ConsentPolicy::Answer ConsentPolicy::answer(int prompt) const
{
    if (m_answer == Answer::Postpone)
        return prompt == 0 ? Answer::Postpone : Answer::Accept;
    return m_answer;
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
    }
    return {};
}

} // namespace flotilla::agent
