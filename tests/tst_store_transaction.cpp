// Transaction: commit, rollback on error and in the destructor, nesting with savepoints, a
// failing COMMIT, and concurrent writers on their own connections (no lost update, no BUSY).

#include "server/store/Database.h"
#include "server/store/SqlSupport.h"
#include "server/store/Transaction.h"
#include "tests/tst_store_support.h"

#include <QtTest>

#include <future>
#include <thread>

using namespace Qt::StringLiterals;
using namespace flotilla;
using namespace flotilla::store;
using flotilla::test::RawConnection;

namespace {

Status exec(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql))
        return Error(query.lastError().databaseText());
    return {};
}

Status insertVehicle(const QSqlDatabase &db, const QString &vin)
{
    return exec(db, u"INSERT INTO vehicles (vin, dev_id, state, registered_at, updated_at) VALUES ('%1', 'dev', "
                    u"'accepted', 1, 1)"_s.arg(vin));
}

QStringList vins(const QSqlDatabase &db)
{
    QStringList result;
    QSqlQuery query(db);
    if (!query.exec(u"SELECT vin FROM vehicles ORDER BY vin"_s))
        return {u"query failed: "_s + query.lastError().text()};
    while (query.next())
        result.append(query.value(0).toString());
    return result;
}

} // namespace

class TestStoreTransaction : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void commitIsVisibleToOtherConnections();
    void failingStatementLeavesNothingBehind();
    void destructorRollsBack();
    void explicitRollback();
    void innerRollbackKeepsOuterWork();
    void outerRollbackDropsCommittedInnerWork();
    void deepNesting();
    void failedCommitRollsBackAndReportsWhy();
    void commitTwiceIsAnError();
    void closedConnectionCannotBegin();
    void sameThreadSecondConnectionDoesNotDeadlock();
    void concurrentIncrementsLoseNothing();
    void writeGateSkipsAWaiterThatGaveUp();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<Database> m_database;
};

void TestStoreTransaction::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_database = test::openStore(*m_dir);
    QVERIFY(m_database);
}

void TestStoreTransaction::cleanup()
{
    m_database.reset();
    m_dir.reset();
}

void TestStoreTransaction::commitIsVisibleToOtherConnections()
{
    QSqlDatabase db = m_database->connection();
    RawConnection other(m_dir->filePath(u"store.db"_s));
    {
        Transaction transaction(db);
        QVERIFY2(transaction.isActive(), qPrintable(transaction.beginStatus().errorString()));
        QVERIFY(insertVehicle(db, u"VIN-A"_s).ok());
        QCOMPARE(vins(other.db()), QStringList()); // not yet committed
        QVERIFY(transaction.commit().ok());
        QVERIFY(!transaction.isActive());
    }
    QCOMPARE(vins(other.db()), QStringList{u"VIN-A"_s});
}

void TestStoreTransaction::failingStatementLeavesNothingBehind()
{
    QSqlDatabase db = m_database->connection();
    QVERIFY(insertVehicle(db, u"VIN-EXISTING"_s).ok());
    auto work = [&]() -> Status {
        Transaction transaction(db);
        if (!transaction.isActive())
            return transaction.beginStatus();
        if (Status s = insertVehicle(db, u"VIN-NEW"_s); !s.ok())
            return s;
        if (Status s = insertVehicle(db, u"VIN-EXISTING"_s); !s.ok()) // UNIQUE violation
            return s;
        return transaction.commit();
    };
    const Status status = work();
    QVERIFY(!status.ok());
    QVERIFY2(status.errorString().contains(u"UNIQUE"), qPrintable(status.errorString()));
    QCOMPARE(vins(db), QStringList{u"VIN-EXISTING"_s});
}

void TestStoreTransaction::destructorRollsBack()
{
    QSqlDatabase db = m_database->connection();
    {
        Transaction transaction(db);
        QVERIFY(transaction.isActive());
        QVERIFY(insertVehicle(db, u"VIN-A"_s).ok());
        QCOMPARE(vins(db), QStringList{u"VIN-A"_s}); // visible inside
    }
    QCOMPARE(vins(db), QStringList());
    // The connection is back in autocommit mode: a new transaction starts normally.
    Transaction again(db);
    QVERIFY2(again.isActive(), qPrintable(again.beginStatus().errorString()));
}

void TestStoreTransaction::explicitRollback()
{
    QSqlDatabase db = m_database->connection();
    Transaction transaction(db);
    QVERIFY(insertVehicle(db, u"VIN-A"_s).ok());
    transaction.rollback();
    QVERIFY(!transaction.isActive());
    QVERIFY(transaction.rollbackStatus().ok());
    QCOMPARE(vins(db), QStringList());
    QVERIFY(!transaction.commit().ok());
}

void TestStoreTransaction::innerRollbackKeepsOuterWork()
{
    QSqlDatabase db = m_database->connection();
    {
        Transaction outer(db);
        QVERIFY(insertVehicle(db, u"VIN-OUTER"_s).ok());
        {
            Transaction inner(db);
            QVERIFY2(inner.isActive(), qPrintable(inner.beginStatus().errorString()));
            QVERIFY(insertVehicle(db, u"VIN-INNER"_s).ok());
        } // inner rolled back
        QCOMPARE(vins(db), QStringList{u"VIN-OUTER"_s});
        QVERIFY(outer.commit().ok());
    }
    QCOMPARE(vins(db), QStringList{u"VIN-OUTER"_s});
}

void TestStoreTransaction::outerRollbackDropsCommittedInnerWork()
{
    QSqlDatabase db = m_database->connection();
    {
        Transaction outer(db);
        QVERIFY(insertVehicle(db, u"VIN-OUTER"_s).ok());
        Transaction inner(db);
        QVERIFY(insertVehicle(db, u"VIN-INNER"_s).ok());
        QVERIFY(inner.commit().ok());
        QCOMPARE(vins(db), (QStringList{u"VIN-INNER"_s, u"VIN-OUTER"_s}));
    }
    QCOMPARE(vins(db), QStringList());
}

void TestStoreTransaction::deepNesting()
{
    QSqlDatabase db = m_database->connection();
    Transaction level1(db);
    QVERIFY(insertVehicle(db, u"VIN-1"_s).ok());
    {
        Transaction level2(db);
        QVERIFY(insertVehicle(db, u"VIN-2"_s).ok());
        {
            Transaction level3(db);
            QVERIFY(insertVehicle(db, u"VIN-3"_s).ok());
            QVERIFY(level3.commit().ok());
        }
        {
            Transaction level3b(db); // same depth again: its savepoint name is free once more
            QVERIFY2(level3b.isActive(), qPrintable(level3b.beginStatus().errorString()));
            QVERIFY(insertVehicle(db, u"VIN-3B"_s).ok());
        } // rolled back
        QVERIFY(level2.commit().ok());
    }
    QVERIFY(level1.commit().ok());
    QCOMPARE(vins(db), (QStringList{u"VIN-1"_s, u"VIN-2"_s, u"VIN-3"_s}));
}

void TestStoreTransaction::failedCommitRollsBackAndReportsWhy()
{
    QSqlDatabase db = m_database->connection();
    QVERIFY(insertVehicle(db, u"VIN-KEPT"_s).ok());
    {
        Transaction transaction(db);
        // Deferred foreign keys are checked at COMMIT: a token for a missing vehicle fails there.
        QVERIFY(exec(db, u"PRAGMA defer_foreign_keys = ON"_s).ok());
        QVERIFY(insertVehicle(db, u"VIN-LOST"_s).ok());
        QVERIFY(exec(db, u"INSERT INTO tokens (hash, vehicle_id, dev_id, issued_at, expires_at) "
                         u"VALUES ('h', 4242, 'dev', 1, 2)"_s)
                    .ok());
        const Status committed = transaction.commit();
        QVERIFY(!committed.ok());
        QVERIFY2(committed.errorString().contains(u"FOREIGN KEY"), qPrintable(committed.errorString()));
        QVERIFY2(committed.errorString().startsWith(u"commit: "), qPrintable(committed.errorString()));
        QCOMPARE(storeError(committed.error()), StoreError::Constraint);
        QVERIFY(!transaction.isActive());
    }
    QCOMPARE(vins(db), QStringList{u"VIN-KEPT"_s});
    Transaction next(db);
    QVERIFY2(next.isActive(), qPrintable(next.beginStatus().errorString()));
    QVERIFY(insertVehicle(db, u"VIN-NEXT"_s).ok());
    QVERIFY(next.commit().ok());
}

void TestStoreTransaction::commitTwiceIsAnError()
{
    QSqlDatabase db = m_database->connection();
    Transaction transaction(db);
    QVERIFY(transaction.commit().ok());
    QVERIFY(!transaction.commit().ok());
}

void TestStoreTransaction::closedConnectionCannotBegin()
{
    QSqlDatabase closed; // invalid handle
    Transaction transaction(closed);
    QVERIFY(!transaction.isActive());
    QVERIFY(!transaction.beginStatus().ok());
    QCOMPARE(storeError(transaction.beginStatus().error()), StoreError::NotOpen);
    const Status committed = transaction.commit();
    QVERIFY(!committed.ok());
    QCOMPARE(committed.errorString(), transaction.beginStatus().errorString());
}

void TestStoreTransaction::sameThreadSecondConnectionDoesNotDeadlock()
{
    // The in-process write gate must not make a thread wait for itself: with the lock held by
    // one connection, a second connection of the same thread gets SQLite's SQLITE_BUSY instead.
    QSqlDatabase db = m_database->connection();
    RawConnection second(m_dir->filePath(u"store.db"_s), u"QSQLITE_BUSY_TIMEOUT=0"_s);
    Transaction first(db);
    QVERIFY(first.isActive());
    Transaction blocked(second.db());
    QVERIFY(!blocked.isActive());
    QCOMPARE(storeError(blocked.beginStatus().error()), StoreError::Busy);
    QVERIFY(first.commit().ok());
    Transaction now(second.db());
    QVERIFY2(now.isActive(), qPrintable(now.beginStatus().errorString()));
}

void TestStoreTransaction::concurrentIncrementsLoseNothing()
{
    // Read-modify-write on two threads, each with its own connection: BEGIN IMMEDIATE serialises
    // them, so no increment is lost and none fails with SQLITE_BUSY.
    {
        QSqlDatabase db = m_database->connection();
        QVERIFY(exec(db, u"CREATE TABLE counter (n INTEGER NOT NULL)"_s).ok());
        QVERIFY(exec(db, u"INSERT INTO counter VALUES (0)"_s).ok());
    }
    constexpr int kPerThread = 2000;
    auto worker = [this](QStringList *errors) {
        QSqlDatabase db = m_database->connection();
        for (int i = 0; i < kPerThread; ++i) {
            Transaction transaction(db);
            if (!transaction.isActive()) {
                errors->append(transaction.beginStatus().errorString());
                continue;
            }
            QSqlQuery read(db);
            if (!read.exec(u"SELECT n FROM counter"_s) || !read.next()) {
                errors->append(read.lastError().text());
                continue;
            }
            const qint64 n = read.value(0).toLongLong();
            read.finish();
            QSqlQuery write(db);
            write.prepare(u"UPDATE counter SET n = :n"_s);
            write.bindValue(u":n"_s, n + 1);
            if (!write.exec()) {
                errors->append(write.lastError().text());
                continue;
            }
            if (Status committed = transaction.commit(); !committed.ok())
                errors->append(committed.errorString());
        }
    };
    QStringList errorsA;
    QStringList errorsB;
    std::thread a(worker, &errorsA);
    std::thread b(worker, &errorsB);
    a.join();
    b.join();
    QVERIFY2(errorsA.isEmpty(), qPrintable(errorsA.join(u"\n")));
    QVERIFY2(errorsB.isEmpty(), qPrintable(errorsB.join(u"\n")));
    QCOMPARE(test::queryValue(m_database->connection(), u"SELECT n FROM counter"_s).toInt(), 2 * kPerThread);
}

void TestStoreTransaction::writeGateSkipsAWaiterThatGaveUp()
{
    // A waiter that times out leaves the FIFO; the one behind it must still get its turn.
    using detail::WriteGate;
    auto gate = std::make_shared<WriteGate>();
    QCOMPARE(gate->acquire(), WriteGate::Acquired::Yes);
    QCOMPARE(gate->acquire(), WriteGate::Acquired::AlreadyHeld); // same thread: no self-deadlock
    std::promise<WriteGate::Acquired> gaveUp;
    std::thread impatient([&] { gaveUp.set_value(gate->acquire(std::chrono::milliseconds(1))); });
    QCOMPARE(gaveUp.get_future().get(), WriteGate::Acquired::TimedOut); // the holder never let go
    impatient.join();
    std::promise<void> queued;
    std::promise<WriteGate::Acquired> patient;
    std::thread next([&] {
        queued.set_value();
        const WriteGate::Acquired acquired = gate->acquire(std::chrono::hours(1));
        if (acquired == WriteGate::Acquired::Yes)
            gate->release();
        patient.set_value(acquired);
    });
    queued.get_future().wait();
    gate->release();
    QCOMPARE(patient.get_future().get(), WriteGate::Acquired::Yes);
    next.join();
    QCOMPARE(gate->acquire(), WriteGate::Acquired::Yes); // and it is free again
    gate->release();
}

QTEST_GUILESS_MAIN(TestStoreTransaction)
#include "tst_store_transaction.moc"
