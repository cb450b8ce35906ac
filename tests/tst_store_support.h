#pragma once

// Helpers shared by the tst_store_* executables: databases in temporary folders, plain
// connections that bypass Database (to look at a file the way another process would).

#include "server/store/Database.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QString>
#include <QTemporaryDir>
#include <QVariant>
#include <QtTest>

#include <atomic>
#include <memory>

namespace flotilla::test {

// A plain QSQLITE connection on the calling thread, removed when this object goes away.
class RawConnection
{
public:
    explicit RawConnection(const QString &path, const QString &options = {})
        : m_name(u"raw-connection-" + QString::number(s_next.fetch_add(1)))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        db.setConnectOptions(options);
        if (!db.open())
            qWarning("cannot open %s: %s", qPrintable(path), qPrintable(db.lastError().text()));
    }
    ~RawConnection()
    {
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    RawConnection(const RawConnection &) = delete;
    RawConnection &operator=(const RawConnection &) = delete;

    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }

    // The first column of the first row; an invalid QVariant when the query fails or is empty.
    QVariant value(const QString &sql) const
    {
        QSqlQuery query(db());
        if (!query.exec(sql)) {
            qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
            return {};
        }
        return query.next() ? query.value(0) : QVariant();
    }
    bool exec(const QString &sql, QString *error = nullptr) const
    {
        QSqlQuery query(db());
        const bool ok = query.exec(sql);
        if (error)
            *error = query.lastError().databaseText();
        return ok;
    }

private:
    static inline std::atomic<int> s_next{1};
    QString m_name;
};

// Database::open on <dir>/<name>, failing the test (and returning null) on error.
inline std::shared_ptr<store::Database> openStore(const QTemporaryDir &dir,
                                                  const QString &name = QStringLiteral("store.db"))
{
    store::DatabaseOptions options;
    options.path = dir.filePath(name);
    auto opened = store::Database::open(options);
    if (!opened.ok()) {
        qWarning("Database::open failed: %s", qPrintable(opened.errorString()));
        return nullptr;
    }
    return opened.value();
}

inline QVariant queryValue(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql) || !query.next()) {
        qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
        return {};
    }
    return query.value(0);
}

} // namespace flotilla::test
