#pragma once

#include "core/Result.h"

namespace flotilla::store {

// Error::code of the Errors the store returns, so that callers can tell a full disk (answer 503,
// retry later) from a bad row (a bug or a conflict) without parsing driver text.
enum class StoreError : int
{
    Other = 0,
    Constraint = 1, // UNIQUE, FOREIGN KEY, CHECK or NOT NULL violated
    NotFound = 2,   // an update or decision named a row that does not exist
    Busy = 3,       // another process held the database past the busy timeout; retry later
    Full = 4,       // disk or quota full; retry once space is freed
    Io = 5,         // I/O error or a corrupt file
    Schema = 6,     // migrations: newer database, broken migration, missing dialect
    NotOpen = 7,    // the connection could not be opened
};

inline StoreError storeError(const Error &error)
{
    return static_cast<StoreError>(error.code);
}

} // namespace flotilla::store
