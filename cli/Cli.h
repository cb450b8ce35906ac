#pragma once

#include <QObject>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTextStream>

#include <memory>
#include <optional>

namespace flotilla::cli {

class ApiClient;
struct Command;

// Exit statuses of flotillactl (docs/api.md).
enum ExitCode : int
{
    ExitSuccess = 0,
    ExitApiError = 1,   // the API answered with an error; the message is on stderr
    ExitUsage = 2,      // bad command line, or no URL / token / CA to use
    ExitConnection = 3, // no answer: refused, unreachable, TLS failure, timeout
};

// flotillactl: parses `flotillactl [global options] <command> [arguments]`, sends one request to
// the management API and prints the answer. Runs in the caller's event loop (no nested loop):
// start() either finishes at once (help, version, usage errors) and returns the exit status, or
// returns nothing and finished() follows.
class Cli final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Cli)
public:
    Cli(QTextStream &out, QTextStream &err, QObject *parent = nullptr);
    ~Cli() override;

    std::optional<int> start(const QStringList &arguments, const QProcessEnvironment &environment);

Q_SIGNALS:
    void finished(int exitCode);

private:
    int usageError(const QString &message);
    void writeHelp(QTextStream &stream, const QProcessEnvironment &environment) const;
    void writeCommandHelp(QTextStream &stream, const Command &command) const;
    void finish(int exitCode);

    QTextStream &m_out;
    QTextStream &m_err;
    std::unique_ptr<ApiClient> m_client;
};

} // namespace flotilla::cli
