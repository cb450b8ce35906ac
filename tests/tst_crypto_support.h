#pragma once

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

// Helpers for the crypto tests only: the openssl command line as an independent implementation
// to check our output against, and small file helpers.
namespace flotilla::test::crypto {

inline QString opensslBinary()
{
    return QStandardPaths::findExecutable(QStringLiteral("openssl"));
}

struct CliResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    bool ok() const { return exitCode == 0; }
};

inline CliResult runOpenssl(const QStringList &arguments, const QString &workingDirectory = {})
{
    CliResult result;
    QProcess process;
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);
    process.start(opensslBinary(), arguments);
    process.closeWriteChannel();
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
        result.err = "openssl did not finish";
        return result;
    }
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return result;
}

inline bool writeBytes(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

inline QByteArray readBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace flotilla::test::crypto

// Skips (not fails) where the CLI is not installed: the checks against it are extra evidence.
#define FLOTILLA_REQUIRE_OPENSSL_CLI()                                                                                 \
    do {                                                                                                               \
        if (flotilla::test::crypto::opensslBinary().isEmpty())                                                         \
            QSKIP("the openssl command line tool is not installed");                                                   \
    } while (false)
