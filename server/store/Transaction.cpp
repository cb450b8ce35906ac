#include "server/store/Transaction.h"

#include "server/store/SqlSupport.h"

using namespace Qt::StringLiterals;

namespace flotilla::store {

using detail::ConnectionState;
using detail::Statement;
using detail::WriteGate;

namespace {

Status execute(const QSqlDatabase &db, const QString &sql, const QString &purpose)
{
    Statement statement(db, sql);
    return statement.exec(purpose);
}

} // namespace

Transaction::Transaction(QSqlDatabase db)
    : m_db(std::move(db))
{
    if (!detail::onOwnerThread(m_db)) {
        m_beginStatus = detail::foreignThreadError(u"begin transaction"_s);
        return;
    }
    ConnectionState *state = ConnectionState::of(m_db);
    if (!state) {
        m_beginStatus =
            Error(u"begin transaction: the database connection is not open"_s, static_cast<int>(StoreError::NotOpen));
        return;
    }
    if (state->transactionDepth == 0) {
        if (state->gate) {
            const WriteGate::Acquired acquired = state->gate->acquire();
            if (acquired == WriteGate::Acquired::TimedOut) {
                m_beginStatus = Error(u"begin transaction: another thread of this process has held the write lock "
                                      u"for 30 s"_s,
                                      static_cast<int>(StoreError::Busy));
                return;
            }
            m_holdsGate = acquired == WriteGate::Acquired::Yes;
        }
        // IMMEDIATE takes the write lock now: a deferred transaction that reads first and writes
        // later can fail with SQLITE_BUSY halfway, which busy_timeout cannot help.
        m_beginStatus = execute(m_db, state->isSqlite ? u"BEGIN IMMEDIATE"_s : u"BEGIN"_s, u"begin transaction"_s);
        if (!m_beginStatus.ok()) {
            if (m_holdsGate)
                state->gate->release();
            m_holdsGate = false;
            return;
        }
    } else {
        m_savepoint = u"flotilla_sp"_s + QString::number(state->transactionDepth);
        m_beginStatus = execute(m_db, u"SAVEPOINT "_s + m_savepoint, u"begin nested transaction"_s);
        if (!m_beginStatus.ok())
            return;
    }
    ++state->transactionDepth;
    m_active = true;
}

Transaction::~Transaction()
{
    if (m_active)
        rollback(); // never commit here: leaving a scope early must not publish half the work
}

Status Transaction::commit()
{
    if (!m_active) {
        if (!m_beginStatus.ok())
            return m_beginStatus;
        return Error(u"commit: the transaction is not active"_s);
    }
    const Status status = m_savepoint.isEmpty()
                              ? execute(m_db, u"COMMIT"_s, u"commit"_s)
                              : execute(m_db, u"RELEASE SAVEPOINT "_s + m_savepoint, u"commit nested transaction"_s);
    if (!status.ok()) {
        rollback(); // a failed COMMIT may leave the transaction open (SQLITE_BUSY): end it
        return status;
    }
    finish();
    return {};
}

void Transaction::rollback()
{
    if (!m_active)
        return;
    if (m_savepoint.isEmpty()) {
        m_rollbackStatus = execute(m_db, u"ROLLBACK"_s, u"rollback"_s);
    } else {
        // ROLLBACK TO keeps the savepoint open; RELEASE then removes it from the stack.
        m_rollbackStatus = execute(m_db, u"ROLLBACK TO SAVEPOINT "_s + m_savepoint, u"rollback nested transaction"_s);
        if (m_rollbackStatus.ok())
            m_rollbackStatus = execute(m_db, u"RELEASE SAVEPOINT "_s + m_savepoint, u"rollback nested transaction"_s);
    }
    if (!m_rollbackStatus.ok())
        qCWarning(detail::lcStore).noquote() << m_rollbackStatus.errorString();
    finish();
}

void Transaction::finish()
{
    m_active = false;
    ConnectionState *state = ConnectionState::of(m_db);
    if (!state)
        return;
    --state->transactionDepth;
    if (m_holdsGate && state->gate)
        state->gate->release();
    m_holdsGate = false;
}

} // namespace flotilla::store
