#pragma once

#include "core/Result.h"

#include <QStringList>
#include <QStringView>

namespace flotilla::store {

// Splits a migration script (or an sqlite3 .dump) into statements, by the convention the
// migration files state in their header: a statement ends with ";" at the end of a line, and a
// ";" anywhere else (trigger bodies, string literals) does not end it. "--" starts a comment
// unless it is inside a string literal. The terminating ";" is not part of the returned text.
// A script whose last statement has no terminating ";" is refused: it would silently be lost.
Result<QStringList> splitSqlScript(QStringView script);

} // namespace flotilla::store
