#pragma once

#include "core/Result.h"

#include <QString>

#include <chrono>

namespace flotilla::agent {

// How the simulated owner answers the update prompt of an instruction whose Consent is
// "required": "accept", "reject" (FUMO 401 user cancelled) or "postpone:<seconds>" (postpones the
// first prompt by that long, then accepts).
class ConsentPolicy final
{
public:
    enum class Answer
    {
        Accept,
        Postpone,
        Reject,
    };

    ConsentPolicy() = default;
    static Result<ConsentPolicy> parse(QStringView text);

    // The answer to the prompt-th prompt of one job (0 = the first).
    Answer answer(int prompt) const;
    std::chrono::seconds postponement() const { return m_postpone; }
    QString toString() const;

private:
    Answer m_answer = Answer::Accept;
    std::chrono::seconds m_postpone{0};
};

} // namespace flotilla::agent
