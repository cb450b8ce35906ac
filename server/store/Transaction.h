#pragma once

#include "core/Result.h"

#include <QSqlDatabase>

namespace flotilla::store {

// RAII transaction: rolls back unless commit() was called (STYLE.md 11). Nests: an inner
// Transaction on a connection that already has one open becomes a SAVEPOINT. On SQLite the outer
// one is BEGIN IMMEDIATE, so a writer takes the write lock up front instead of failing with
// SQLITE_BUSY halfway through.
class Transaction final
{
public:
    explicit Transaction(QSqlDatabase db);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    bool isActive() const { return m_active; }
    Status beginStatus() const { return m_beginStatus; } // why the transaction could not start
    // On failure the transaction (or savepoint) is rolled back and no longer active.
    [[nodiscard]] Status commit();
    void rollback();
    // Why the last rollback failed. A savepoint that cannot be rolled back means SQLite already
    // rolled back the whole transaction (disk full, I/O error): the outer work is gone too.
    Status rollbackStatus() const { return m_rollbackStatus; }

private:
    QSqlDatabase m_db;
    Status m_beginStatus;
    Status m_rollbackStatus;
    QString m_savepoint; // empty for the outermost transaction
    bool m_active = false;
    bool m_holdsGate = false; // the in-process write gate of the SQLite file (SqlSupport.h)

    void finish();
};

} // namespace flotilla::store
