#include "server/store/StoreWriter.h"

#include "server/store/Database.h"
#include "server/store/SqlSupport.h"
#include "server/store/Transaction.h"

#include <condition_variable>
#include <deque>
#include <exception>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

using namespace Qt::StringLiterals;

namespace flotilla::store {

using detail::lcStore;

namespace {

struct Item
{
    StoreWriter::Job job;
    StoreWriter::Done done;
};

Status runGuarded(const StoreWriter::Job &job, QSqlDatabase &db)
{
    // An exception must not end the writer thread (std::terminate) or cross into the engine.
    try {
        return job(db);
    } catch (const std::exception &e) {
        return Error(u"store job threw: "_s + QString::fromUtf8(e.what()));
    } catch (...) {
        return Error(u"store job threw an unknown exception"_s);
    }
}

} // namespace

struct StoreWriter::Private
{
    std::shared_ptr<Database> database;
    int maxBatch = 256;

    mutable std::mutex mutex;
    std::condition_variable wake;
    std::deque<Item> queue;
    bool stopping = false;
    WriterStats stats;
    std::thread thread; // last: started once everything above exists

    void loop();
    void runBatch(QSqlDatabase &db, std::vector<Item> &batch);
};

void StoreWriter::Private::loop()
{
    QSqlDatabase db = database->connection(); // this thread's own connection, for its lifetime
    std::vector<Item> batch;
    batch.reserve(size_t(maxBatch));
    for (;;) {
        {
            std::unique_lock lock(mutex);
            wake.wait(lock, [&] { return stopping || !queue.empty(); });
            if (queue.empty())
                break; // stopping, and everything submitted has run
            while (!queue.empty() && batch.size() < size_t(maxBatch)) {
                batch.push_back(std::move(queue.front()));
                queue.pop_front();
            }
        }
        runBatch(db, batch);
        batch.clear();
    }
}

void StoreWriter::Private::runBatch(QSqlDatabase &db, std::vector<Item> &batch)
{
    std::vector<Status> results(batch.size());
    size_t ran = batch.size(); // jobs of this batch that ran; the rest go back to the queue
    bool committed = false;
    bool broken = false;
    {
        Transaction transaction(db);
        if (!transaction.isActive()) {
            for (Status &result : results)
                result = transaction.beginStatus();
        } else {
            for (size_t i = 0; i < batch.size(); ++i) {
                Transaction savepoint(db); // a failing job rolls back alone
                Status status = savepoint.isActive() ? runGuarded(batch[i].job, db) : savepoint.beginStatus();
                if (status.ok())
                    status = savepoint.commit(); // rolls the savepoint back when it fails
                else
                    savepoint.rollback();
                results[i] = status;
                if (!savepoint.rollbackStatus().ok()) {
                    // The savepoint is gone: SQLite rolled the whole transaction back (disk full,
                    // I/O error). The earlier jobs' work went with it, and the later jobs must not
                    // run in autocommit mode: they go back to the queue for the next batch.
                    const Error lost(u"store batch rolled back by the database: "_s + status.errorString(),
                                     status.error().code);
                    for (size_t j = 0; j < i; ++j) {
                        if (results[j].ok())
                            results[j] = lost;
                    }
                    ran = i + 1;
                    broken = true;
                    break;
                }
            }
            if (!broken) {
                const Status commit = transaction.commit();
                committed = commit.ok();
                if (!commit.ok()) {
                    // Nothing of the batch is durable: every job fails, the good ones included.
                    for (Status &result : results) {
                        if (result.ok())
                            result = commit;
                    }
                }
            }
        }
    }

    if (ran < batch.size()) {
        const std::lock_guard lock(mutex);
        for (size_t i = batch.size(); i-- > ran;)
            queue.push_front(std::move(batch[i]));
    }
    quint64 failed = 0;
    for (size_t i = 0; i < ran; ++i)
        failed += results[i].ok() ? 0 : 1;
    {
        const std::lock_guard lock(mutex);
        stats.jobs += ran;
        stats.failedJobs += failed;
        stats.commits += committed ? 1 : 0;
        stats.largestBatch = std::max<quint64>(stats.largestBatch, ran);
    }
    // After COMMIT: a vehicle is answered only once its report is durable.
    for (size_t i = 0; i < ran; ++i) {
        if (!batch[i].done)
            continue;
        try {
            batch[i].done(results[i]);
        } catch (...) {
            qCWarning(lcStore) << "a store writer completion callback threw; ignored";
        }
    }
}

StoreWriter::StoreWriter(std::shared_ptr<Database> database, int maxBatch)
    : d(std::make_unique<Private>())
{
    d->database = std::move(database);
    d->maxBatch = std::max(1, maxBatch);
    d->thread = std::thread([p = d.get()] { p->loop(); });
}

StoreWriter::~StoreWriter()
{
    {
        const std::lock_guard lock(d->mutex);
        d->stopping = true;
    }
    d->wake.notify_all();
    d->thread.join(); // the loop drains the queue before it returns
}

void StoreWriter::submit(Job job, Done done)
{
    {
        std::unique_lock lock(d->mutex);
        if (!d->stopping) {
            d->queue.push_back({std::move(job), std::move(done)});
            lock.unlock();
            d->wake.notify_one();
            return;
        }
    }
    if (done)
        done(Error(u"store writer is shutting down"_s));
}

Status StoreWriter::run(Job job)
{
    if (std::this_thread::get_id() == d->thread.get_id())
        return Error(u"StoreWriter::run called on the writer thread (it would wait for itself)"_s);
    auto promise = std::make_shared<std::promise<Status>>();
    std::future<Status> result = promise->get_future();
    submit(std::move(job), [promise](Status status) { promise->set_value(std::move(status)); });
    return result.get();
}

WriterStats StoreWriter::stats() const
{
    const std::lock_guard lock(d->mutex);
    return d->stats;
}

} // namespace flotilla::store
