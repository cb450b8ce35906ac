#pragma once

#include "core/Result.h"

#include <QSqlDatabase>

#include <functional>
#include <memory>

namespace flotilla::store {

class Database;

struct WriterStats
{
    quint64 jobs = 0;
    quint64 commits = 0; // each commit is one fsync on SQLite with synchronous=FULL
    quint64 largestBatch = 0;
    quint64 failedJobs = 0;
};

// Group commit (DESIGN.md, store): one thread owns the write connection; jobs submitted from any
// thread are run in batches, each batch in one transaction, each job inside its own SAVEPOINT so
// that a failing job rolls back alone. A job's completion callback runs only after the batch is
// durable (or failed), so a vehicle is answered only when its report is on disk.
class StoreWriter final
{
public:
    using Job = std::function<Status(QSqlDatabase &db)>;
    using Done = std::function<void(Status)>;

    explicit StoreWriter(std::shared_ptr<Database> database, int maxBatch = 256);
    ~StoreWriter(); // runs what was submitted, then stops
    StoreWriter(const StoreWriter &) = delete;
    StoreWriter &operator=(const StoreWriter &) = delete;

    // Thread-safe. done runs on the writer thread; keep it short (post elsewhere for real work).
    void submit(Job job, Done done = {});
    // Submits and blocks until done. For CLI/API/background callers; never on the GUI thread or
    // an I/O thread.
    Status run(Job job);
    WriterStats stats() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace flotilla::store
