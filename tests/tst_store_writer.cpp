// StoreWriter: group commit. Batching, a failing job failing alone, callbacks only after the
// data is durable and visible to other connections, drain on destruction, concurrency.

#include "server/store/Database.h"
#include "server/store/Repositories.h"
#include "server/store/StoreWriter.h"
#include "server/store/Transaction.h"
#include "tests/tst_store_support.h"

#include <QtTest>

#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>

using namespace Qt::StringLiterals;
using namespace flotilla;
using namespace flotilla::store;
using flotilla::test::RawConnection;

namespace {

VehicleRecord vehicle(const QString &vin)
{
    VehicleRecord v;
    v.vin = vin;
    v.devId = u"dev-"_s + vin;
    v.state = VehicleState::Accepted;
    v.registeredAtMs = 1;
    v.updatedAtMs = 1;
    return v;
}

StoreWriter::Job insertJob(const QString &vin)
{
    return [vin](QSqlDatabase &db) -> Status {
        const Result<qint64> id = VehicleRepository(db).insert(vehicle(vin));
        return id.ok() ? Status() : Status(id.error());
    };
}

// Blocks the writer thread until released, so that the jobs submitted meanwhile queue up and
// form one batch: the batch sizes below are then exact, with no timing involved. The state is
// shared with the job, which may still be returning when the test lets go of the gate.
class WriterGate
{
public:
    WriterGate() { m_state->released = m_state->release.get_future().share(); }
    StoreWriter::Job job()
    {
        return [state = m_state](QSqlDatabase &) -> Status {
            state->entered.set_value();
            state->released.wait();
            return {};
        };
    }
    void waitUntilBlocked() { m_state->entered.get_future().wait(); }
    void release() { m_state->release.set_value(); }

private:
    struct State
    {
        std::promise<void> entered;
        std::promise<void> release;
        std::shared_future<void> released;
    };
    std::shared_ptr<State> m_state = std::make_shared<State>();
};

// Results of done callbacks, collected from the writer thread.
class Results
{
public:
    StoreWriter::Done slot(int index)
    {
        return [this, index](Status status) {
            const std::lock_guard lock(m_mutex);
            m_statuses[index] = status.ok() ? QString() : status.errorString();
        };
    }
    QHash<int, QString> statuses() const
    {
        const std::lock_guard lock(m_mutex);
        return m_statuses;
    }

private:
    mutable std::mutex m_mutex;
    QHash<int, QString> m_statuses; // index -> "" for ok, else the error
};

QStringList vins(const QSqlDatabase &db)
{
    QStringList result;
    QSqlQuery query(db);
    if (!query.exec(u"SELECT vin FROM vehicles ORDER BY vin"_s))
        return {u"query failed"_s};
    while (query.next())
        result.append(query.value(0).toString());
    return result;
}

} // namespace

class TestStoreWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void runReturnsTheJobStatus();
    void batchesQueuedJobs();
    void failingJobFailsAlone();
    void throwingJobFailsAlone();
    void callbacksRunAfterDataIsVisible();
    void destructorDrainsTheQueue();
    void batchRolledBackUnderItRequeuesTheRest();
    void runOnTheWriterThreadIsRefused();
    void concurrentIncrementsThroughTheWriter();
    void writerAndDirectTransactionsShareTheLock();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<Database> m_database;
};

void TestStoreWriter::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_database = test::openStore(*m_dir);
    QVERIFY(m_database);
}

void TestStoreWriter::cleanup()
{
    m_database.reset();
    m_dir.reset();
}

void TestStoreWriter::runReturnsTheJobStatus()
{
    StoreWriter writer(m_database);
    QVERIFY(writer.run(insertJob(u"VIN-A"_s)).ok());
    const Status duplicate = writer.run(insertJob(u"VIN-A"_s));
    QVERIFY(!duplicate.ok());
    QCOMPARE(duplicate.errorString(), u"insert vehicle: UNIQUE constraint failed: vehicles.vin"_s);
    QCOMPARE(storeError(duplicate.error()), StoreError::Constraint);
    const WriterStats stats = writer.stats();
    QCOMPARE(stats.jobs, 2u);
    QCOMPARE(stats.failedJobs, 1u);
    QCOMPARE(stats.commits, 2u);
}

void TestStoreWriter::batchesQueuedJobs()
{
    constexpr int kJobs = 500;
    constexpr int kMaxBatch = 128;
    Results results;
    {
        StoreWriter writer(m_database, kMaxBatch);
        WriterGate gate;
        writer.submit(gate.job());
        gate.waitUntilBlocked();
        for (int i = 0; i < kJobs; ++i)
            writer.submit(insertJob(u"VIN-%1"_s.arg(i, 4, 10, QLatin1Char('0'))), results.slot(i));
        gate.release();
        WriterStats stats;
        // run() queues behind everything submitted before it, so the stats below are final.
        QVERIFY(writer.run([](QSqlDatabase &) { return Status(); }).ok());
        stats = writer.stats();
        QCOMPARE(stats.jobs, quint64(kJobs + 2));
        QCOMPARE(stats.failedJobs, 0u);
        QCOMPARE(stats.largestBatch, quint64(kMaxBatch));
        // 1 (the gate) + ceil(500 / 128) = 4 full-or-partial batches + 1 (the run() job, alone or not)
        QVERIFY2(stats.commits <= 1 + (kJobs + kMaxBatch - 1) / kMaxBatch + 1,
                 qPrintable(QString::number(stats.commits)));
        QVERIFY(stats.commits < stats.jobs);
    }
    const QHash<int, QString> statuses = results.statuses();
    QCOMPARE(statuses.size(), kJobs);
    for (auto it = statuses.cbegin(); it != statuses.cend(); ++it)
        QVERIFY2(it.value().isEmpty(), qPrintable(it.value()));
    QCOMPARE(vins(m_database->connection()).size(), kJobs);
}

void TestStoreWriter::failingJobFailsAlone()
{
    Results results;
    WriterStats stats;
    {
        StoreWriter writer(m_database);
        QVERIFY(writer.run(insertJob(u"VIN-TAKEN"_s)).ok());
        WriterGate gate;
        writer.submit(gate.job());
        gate.waitUntilBlocked();
        writer.submit(insertJob(u"VIN-1"_s), results.slot(1));
        // Writes a row, then fails: its own row must go, the neighbours' rows must stay.
        writer.submit(
            [](QSqlDatabase &db) -> Status {
                VehicleRepository vehicles(db);
                if (const Result<qint64> id = vehicles.insert(vehicle(u"VIN-PARTIAL"_s)); !id.ok())
                    return id.error();
                const Result<qint64> again = vehicles.insert(vehicle(u"VIN-TAKEN"_s));
                return again.ok() ? Status() : Status(again.error());
            },
            results.slot(2));
        writer.submit(insertJob(u"VIN-3"_s), results.slot(3));
        gate.release();
        QVERIFY(writer.run([](QSqlDatabase &) { return Status(); }).ok());
        stats = writer.stats();
    }
    const QHash<int, QString> statuses = results.statuses();
    QCOMPARE(statuses.value(1), QString());
    QVERIFY2(statuses.value(2).contains(u"UNIQUE constraint failed: vehicles.vin"), qPrintable(statuses.value(2)));
    QCOMPARE(statuses.value(3), QString());
    QCOMPARE(vins(m_database->connection()), (QStringList{u"VIN-1"_s, u"VIN-3"_s, u"VIN-TAKEN"_s}));
    QCOMPARE(stats.failedJobs, 1u);
    // VIN-TAKEN, the gate, then the three jobs together (and the final run() maybe with them).
    QVERIFY2(stats.commits <= 4u, qPrintable(QString::number(stats.commits)));
}

void TestStoreWriter::throwingJobFailsAlone()
{
    StoreWriter writer(m_database);
    const Status thrown = writer.run([](QSqlDatabase &db) -> Status {
        if (const Result<qint64> id = VehicleRepository(db).insert(vehicle(u"VIN-THROW"_s)); !id.ok())
            return id.error();
        throw std::runtime_error("boom");
    });
    QVERIFY(!thrown.ok());
    QVERIFY2(thrown.errorString().contains(u"boom"), qPrintable(thrown.errorString()));
    QVERIFY(writer.run(insertJob(u"VIN-AFTER"_s)).ok());
    QCOMPARE(vins(m_database->connection()), QStringList{u"VIN-AFTER"_s});
}

void TestStoreWriter::callbacksRunAfterDataIsVisible()
{
    // Each callback looks for its own row through a separate connection: it must be there, i.e.
    // committed, when the vehicle would be answered.
    const QString path = m_dir->filePath(u"store.db"_s);
    constexpr int kJobs = 50;
    std::mutex mutex;
    QStringList missing;
    int called = 0;
    {
        StoreWriter writer(m_database);
        WriterGate gate;
        writer.submit(gate.job());
        gate.waitUntilBlocked();
        for (int i = 0; i < kJobs; ++i) {
            const QString vin = u"VIN-%1"_s.arg(i);
            writer.submit(insertJob(vin), [&, vin, path](Status status) {
                RawConnection other(path);
                const bool visible =
                    other.value(u"SELECT COUNT(*) FROM vehicles WHERE vin = '%1'"_s.arg(vin)).toInt() == 1;
                const std::lock_guard lock(mutex);
                ++called;
                if (!status.ok() || !visible)
                    missing.append(vin);
            });
        }
        gate.release();
    }
    QCOMPARE(called, kJobs);
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(u", ")));
}

void TestStoreWriter::destructorDrainsTheQueue()
{
    constexpr int kJobs = 300;
    Results results;
    {
        StoreWriter writer(m_database, 64);
        for (int i = 0; i < kJobs; ++i)
            writer.submit(insertJob(u"VIN-%1"_s.arg(i)), results.slot(i));
    } // no wait: the destructor runs everything that was submitted
    QCOMPARE(results.statuses().size(), kJobs);
    QCOMPARE(vins(m_database->connection()).size(), kJobs);
}

void TestStoreWriter::batchRolledBackUnderItRequeuesTheRest()
{
    // A job that ends the whole transaction behind the writer's back stands in for SQLite rolling
    // it back itself (disk full, I/O error). The job before it lost its work and is told so; the
    // job after it must not run in autocommit mode inside the broken batch, but in the next one.
    Results results;
    WriterStats stats;
    // The writer notices through the failed savepoint rollback, and logs the failed outer one.
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^rollback nested transaction: no such savepoint"_s));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^rollback: cannot rollback"_s));
    {
        StoreWriter writer(m_database);
        WriterGate gate;
        writer.submit(gate.job());
        gate.waitUntilBlocked();
        writer.submit(insertJob(u"VIN-BEFORE"_s), results.slot(1));
        writer.submit(
            [](QSqlDatabase &db) -> Status {
                QSqlQuery query(db);
                query.exec(u"ROLLBACK"_s);
                return Error(u"disk full (simulated)"_s, static_cast<int>(StoreError::Full));
            },
            results.slot(2));
        writer.submit(insertJob(u"VIN-AFTER"_s), results.slot(3));
        gate.release();
        QVERIFY(writer.run([](QSqlDatabase &) { return Status(); }).ok());
        stats = writer.stats();
    }
    const QHash<int, QString> statuses = results.statuses();
    QVERIFY2(statuses.value(1).contains(u"rolled back"), qPrintable(statuses.value(1)));
    QCOMPARE(statuses.value(2), u"disk full (simulated)"_s);
    QCOMPARE(statuses.value(3), QString());
    QCOMPARE(vins(m_database->connection()), QStringList{u"VIN-AFTER"_s});
    QCOMPARE(stats.failedJobs, 2u);
    // Nothing is left locked: a new transaction on another connection starts.
    Transaction check(m_database->connection());
    QVERIFY(check.isActive());
}

void TestStoreWriter::runOnTheWriterThreadIsRefused()
{
    StoreWriter writer(m_database);
    Status nested;
    QVERIFY(writer
                .run([&](QSqlDatabase &) {
                    nested = writer.run([](QSqlDatabase &) { return Status(); });
                    return Status();
                })
                .ok());
    QVERIFY(!nested.ok());
    QVERIFY2(nested.errorString().contains(u"writer thread"), qPrintable(nested.errorString()));
}

void TestStoreWriter::concurrentIncrementsThroughTheWriter()
{
    {
        QSqlQuery setup(m_database->connection());
        QVERIFY(setup.exec(u"CREATE TABLE counter (n INTEGER NOT NULL)"_s));
        QVERIFY(setup.exec(u"INSERT INTO counter VALUES (0)"_s));
    }
    constexpr int kPerThread = 2000;
    auto increment = [](QSqlDatabase &db) -> Status {
        QSqlQuery read(db);
        if (!read.exec(u"SELECT n FROM counter"_s) || !read.next())
            return Error(read.lastError().text());
        const qint64 n = read.value(0).toLongLong();
        read.finish();
        QSqlQuery write(db);
        write.prepare(u"UPDATE counter SET n = :n"_s);
        write.bindValue(u":n"_s, n + 1);
        return write.exec() ? Status() : Status(Error(write.lastError().text()));
    };
    WriterStats stats;
    std::atomic<int> failures{0};
    {
        StoreWriter writer(m_database);
        auto producer = [&] {
            for (int i = 0; i < kPerThread; ++i) {
                writer.submit(increment, [&](Status status) {
                    if (!status.ok())
                        failures.fetch_add(1);
                });
            }
        };
        std::thread a(producer);
        std::thread b(producer);
        a.join();
        b.join();
        QVERIFY(writer.run([](QSqlDatabase &) { return Status(); }).ok());
        stats = writer.stats();
    }
    QCOMPARE(failures.load(), 0);
    QCOMPARE(test::queryValue(m_database->connection(), u"SELECT n FROM counter"_s).toInt(), 2 * kPerThread);
    QCOMPARE(stats.jobs, quint64(2 * kPerThread + 1));
}

void TestStoreWriter::writerAndDirectTransactionsShareTheLock()
{
    // One thread writes through the writer, another through its own Transactions, on the same
    // file: both serialise on the write lock; nothing is lost and no SQLITE_BUSY surfaces.
    {
        QSqlQuery setup(m_database->connection());
        QVERIFY(setup.exec(u"CREATE TABLE counter (n INTEGER NOT NULL)"_s));
        QVERIFY(setup.exec(u"INSERT INTO counter VALUES (0)"_s));
    }
    constexpr int kEach = 1000;
    auto increment = [](QSqlDatabase &db) -> Status {
        QSqlQuery update(db);
        return update.exec(u"UPDATE counter SET n = n + 1"_s) ? Status() : Status(Error(update.lastError().text()));
    };
    QStringList writerErrors;
    QStringList directErrors;
    {
        StoreWriter writer(m_database, 16);
        std::thread viaWriter([&] {
            for (int i = 0; i < kEach; ++i) {
                if (Status s = writer.run(increment); !s.ok())
                    writerErrors.append(s.errorString());
            }
        });
        std::thread direct([&] {
            QSqlDatabase db = m_database->connection();
            for (int i = 0; i < kEach; ++i) {
                Transaction transaction(db);
                Status s = transaction.isActive() ? increment(db) : transaction.beginStatus();
                if (s.ok())
                    s = transaction.commit();
                if (!s.ok())
                    directErrors.append(s.errorString());
            }
        });
        viaWriter.join();
        direct.join();
    }
    QVERIFY2(writerErrors.isEmpty(), qPrintable(writerErrors.join(u"\n")));
    QVERIFY2(directErrors.isEmpty(), qPrintable(directErrors.join(u"\n")));
    QCOMPARE(test::queryValue(m_database->connection(), u"SELECT n FROM counter"_s).toInt(), 2 * kEach);
}

QTEST_GUILESS_MAIN(TestStoreWriter)
#include "tst_store_writer.moc"
