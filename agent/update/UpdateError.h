#pragma once

#include "core/Result.h"

#include <QString>

// Update failures travel as flotilla::Error with code = the FUMO result code (omadm.md §2.3) and
// message = "<reason>: <detail>". The reason is a short token the final report carries as
// Data.Reason ("vin", "expired", "rollback", "payload-sha256", ...; docs/agent.md lists them).
namespace flotilla::agent {

inline Error updateError(int fumoCode, const QString &reason, const QString &detail)
{
    return Error(reason + QStringLiteral(": ") + detail, fumoCode);
}

inline QString reasonOf(const Error &error)
{
    return error.message.section(QStringLiteral(": "), 0, 0);
}

} // namespace flotilla::agent
