#pragma once

#include "core/Result.h"

#include <QString>

#include <chrono>

namespace flotilla::agent {

// How the simulated owner answers the update prompt of an instruction whose Consent is
// "required": "accept", "reject" (FUMO 401 user cancelled), "postpone:<seconds>" (postpones the
// first prompt by that long, then accepts), "ignore" (never answers: the prompt stays on screen
// until a reminder shows it again) or "ignore:<n>" (leaves the first n prompts unanswered, then
// accepts). It counts the prompts it was shown.
class ConsentPolicy final
{
public:
    enum class Answer
    {
        Accept,
        Postpone,
        Reject,
        None, // the owner did not answer (yet)
    };

    ConsentPolicy() = default;
    static Result<ConsentPolicy> parse(QStringView text);

    // The answer to the prompt-th prompt of one job (0 = the first).
    Answer answer(int prompt) const;
    // Shows the owner the prompt-th prompt of a job: counted, then answered as answer() says.
    Answer ask(int prompt);
    int promptsShown() const { return m_shown; } // over every job since this policy was made
    std::chrono::seconds postponement() const { return m_postpone; }
    QString toString() const;

private:
    Answer m_answer = Answer::Accept;
    std::chrono::seconds m_postpone{0};
    int m_unanswered = 0; // None: prompts left unanswered before the owner accepts (-1: all of them)
    int m_shown = 0;
};

} // namespace flotilla::agent
