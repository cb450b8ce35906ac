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
    [[nodiscard]] Status commit();
    void rollback();

private:
    QSqlDatabase m_db;
    Status m_beginStatus;
    QString m_savepoint; // empty for the outermost transaction
    bool m_active = false;
};

} // namespace flotilla::store
