#include "cli/Cli.h"

#include "cli/ApiClient.h"
#include "cli/Commands.h"
#include "cli/Connection.h"

#include <QCommandLineParser>

using namespace Qt::StringLiterals;

namespace flotilla::cli {

namespace {

constexpr int DefaultTimeoutSeconds = 30;

QList<QCommandLineOption> globalOptions()
{
    return {
        QCommandLineOption({u"url"_s}, u"API base URL, e.g. https://127.0.0.1:8444 (env FLOTILLA_URL)"_s, u"URL"_s),
        QCommandLineOption({u"token"_s}, u"Bearer token (env FLOTILLA_TOKEN)"_s, u"TOKEN"_s),
        QCommandLineOption({u"ca"_s}, u"CA certificate to pin, PEM (env FLOTILLA_CA)"_s, u"FILE"_s),
        QCommandLineOption({u"data-dir"_s},
                           u"Read URL, token and CA from this server data folder (env FLOTILLA_DATA_DIR)"_s, u"DIR"_s),
        QCommandLineOption({u"insecure"_s}, u"Do not verify the server's certificate when no CA is available"_s),
        QCommandLineOption({u"timeout"_s}, u"Give up after this many seconds without an answer (default 30)"_s,
                           u"SECONDS"_s),
        QCommandLineOption({u"json"_s}, u"Print the API's JSON answer instead of text"_s),
        QCommandLineOption({u"h"_s, u"help"_s}, u"Show help; with a command, that command's help"_s),
        QCommandLineOption({u"version"_s}, u"Show the version"_s),
    };
}

QString optionSynopsis(const QCommandLineOption &option)
{
    QStringList names;
    for (const QString &name : option.names())
        names.append((name.size() == 1 ? u"-"_s : u"--"_s) + name);
    QString result = names.join(u", ");
    if (!option.valueName().isEmpty())
        result += u' ' + option.valueName();
    return result;
}

void writeOptions(QTextStream &stream, const QList<QCommandLineOption> &options)
{
    qsizetype width = 0;
    for (const QCommandLineOption &option : options)
        width = std::max(width, optionSynopsis(option).size());
    for (const QCommandLineOption &option : options)
        stream << "  " << optionSynopsis(option).leftJustified(width + 2) << option.description() << '\n';
}

// The command named by the first words of arguments (the longest match).
const Command *findCommand(const QStringList &arguments)
{
    const Command *found = nullptr;
    for (const Command &command : commands()) {
        if (arguments.size() >= command.words.size() && arguments.first(command.words.size()) == command.words &&
            (!found || command.words.size() > found->words.size())) {
            found = &command;
        }
    }
    return found;
}

} // namespace

Cli::Cli(QTextStream &out, QTextStream &err, QObject *parent)
    : QObject(parent)
    , m_out(out)
    , m_err(err)
{}

Cli::~Cli() = default;

int Cli::usageError(const QString &message)
{
    m_err << "flotillactl: " << message << '\n';
    m_err.flush();
    return ExitUsage;
}

void Cli::writeHelp(QTextStream &stream, const QProcessEnvironment &environment) const
{
    stream << "Usage: flotillactl [options] <command> [arguments]\n\n"
              "Operates a Flotilla server through its management REST API (docs/api.md).\n\nCommands:\n";
    qsizetype width = 0;
    for (const Command &command : commands())
        width = std::max(width, command.synopsis().size());
    for (const Command &command : commands())
        stream << "  " << command.synopsis().leftJustified(width + 2) << command.summary << '\n';
    stream << "\nOptions (before or after the command):\n";
    writeOptions(stream, globalOptions());
    stream << "\nWithout --url, --token or --ca, flotillactl reads them from the server's data folder:\n"
              "api-endpoint, secrets/api-token and pki/ca.pem in --data-dir, $FLOTILLA_DATA_DIR or\n"
           << defaultDataDir(environment)
           << ".\nAfter 'flotillactl login USER' the saved session token is used instead of the data folder's\n"
              "token (see 'login' and 'logout').\n"
           << "The CA is always pinned; the system's CA store is never used.\n\n"
              "Exit status: 0 success, 1 the API answered an error, 2 usage or configuration error,\n"
              "3 cannot connect (refused, TLS failure, timeout). 'update assign' exits with 1 when any vehicle\n"
              "got no job; with --wait, 'update status' exits with 0 only if every job shown succeeded and\n"
              "'release build-deltas' only if no payload failed to build. The delta commands are local: they\n"
              "need no server, and exit with 0 on success, 1 on failure, 2 on a usage error.\n";
}

void Cli::writeCommandHelp(QTextStream &stream, const Command &command) const
{
    stream << "Usage: flotillactl [options] " << command.synopsis();
    if (!command.options.isEmpty())
        stream << " [command options]";
    stream << "\n\n" << command.summary << ".\n";
    if (!command.options.isEmpty()) {
        stream << "\nCommand options:\n";
        writeOptions(stream, command.options);
    }
    stream << "\nSee 'flotillactl --help' for the global options.\n";
}

std::optional<int> Cli::start(const QStringList &arguments, const QProcessEnvironment &environment)
{
    // Global options stop at the first word; the rest is parsed again with the command's options
    // (global ones included, so that they may follow the command too).
    QCommandLineParser global;
    global.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    global.addOptions(globalOptions());
    if (!global.parse(arguments))
        return usageError(global.errorText() + u"\nSee 'flotillactl --help'.");
    if (global.isSet(u"version"_s)) {
        m_out << "flotillactl " << FLOTILLA_VERSION << " (management API v1)\n";
        m_out.flush();
        return ExitSuccess;
    }
    const QStringList words = global.positionalArguments();
    const bool wantsHelp = global.isSet(u"help"_s) || words.contains(u"--help"_s) || words.contains(u"-h"_s);
    if (words.isEmpty()) {
        writeHelp(wantsHelp ? m_out : m_err, environment);
        m_out.flush();
        m_err.flush();
        return wantsHelp ? ExitSuccess : ExitUsage;
    }

    const Command *command = findCommand(words);
    if (!command) {
        QStringList known;
        for (const Command &candidate : commands()) {
            if (candidate.words.first() == words.first())
                known.append(candidate.synopsis());
        }
        if (known.isEmpty())
            return usageError(u"unknown command '%1'. See 'flotillactl --help'."_s.arg(words.first()));
        QTextStream &stream = wantsHelp ? m_out : m_err;
        if (!wantsHelp)
            stream << "flotillactl: '" << words.join(u' ') << "' needs one of:\n";
        for (const QString &synopsis : std::as_const(known))
            stream << "  flotillactl " << synopsis << '\n';
        stream.flush();
        return wantsHelp ? ExitSuccess : ExitUsage;
    }

    QCommandLineParser parser;
    parser.addOptions(globalOptions());
    parser.addOptions(command->options);
    if (!parser.parse(QStringList{arguments.value(0)} + words.mid(command->words.size()))) {
        return usageError(u"%1\nSee 'flotillactl %2 --help'."_s.arg(parser.errorText(), command->name()));
    }
    const auto isSet = [&](const QString &name) { return parser.isSet(name) || global.isSet(name); };
    const auto value = [&](const QString &name) {
        return parser.isSet(name) ? parser.value(name) : global.value(name);
    };
    if (isSet(u"help"_s)) {
        writeCommandHelp(m_out, *command);
        m_out.flush();
        return ExitSuccess;
    }
    const QStringList commandArguments = parser.positionalArguments();
    // A last argument written "VIN..." takes one or more values.
    const bool variadic = !command->arguments.isEmpty() && command->arguments.last().endsWith(u"...");
    if (commandArguments.size() < command->arguments.size() ||
        (!variadic && commandArguments.size() > command->arguments.size())) {
        return usageError(u"usage: flotillactl %1 (%2)"_s.arg(
            command->synopsis(),
            commandArguments.size() < command->arguments.size() ? u"missing argument"_s : u"too many arguments"_s));
    }
    for (const QString &argument : commandArguments) {
        if (argument.trimmed().isEmpty())
            return usageError(u"usage: flotillactl %1 (empty argument)"_s.arg(command->synopsis()));
    }

    if (command->run) {
        const int exitCode = command->run(parser, commandArguments, m_out, m_err);
        m_out.flush();
        m_err.flush();
        return exitCode;
    }

    Result<Command::Flow> flow = Command::Flow();
    Result<ApiRequest> request = ApiRequest();
    if (command->flow)
        flow = command->flow(parser, commandArguments);
    else
        request = command->request(parser, commandArguments);
    if (!flow)
        return usageError(flow.error().message);
    if (!request)
        return usageError(request.error().message);

    ConnectionOptions options;
    options.url = value(u"url"_s);
    options.token = value(u"token"_s);
    options.caFile = value(u"ca"_s);
    options.dataDir = value(u"data-dir"_s);
    options.insecure = isSet(u"insecure"_s);
    options.tokenOptional = !command->needsToken;
    options.timeoutMs = DefaultTimeoutSeconds * 1000;
    if (isSet(u"timeout"_s)) {
        bool ok = false;
        const int seconds = value(u"timeout"_s).toInt(&ok);
        if (!ok || seconds <= 0)
            return usageError(u"--timeout must be a positive number of seconds"_s);
        options.timeoutMs = seconds * 1000;
    }
    Result<Connection> connection = resolveConnection(options, environment);
    if (!connection)
        return usageError(connection.error().message);
    if (connection->insecure) {
        m_err << "flotillactl: warning: no CA to pin; the server's certificate is NOT verified (--insecure)\n";
        m_err.flush();
    }

    const bool json = isSet(u"json"_s);
    m_client = std::make_unique<ApiClient>(std::move(*connection));
    if (*flow) {
        (*flow)(*m_client, json, m_out, m_err, [this](int exitCode) { finish(exitCode); });
        return std::nullopt;
    }
    m_client->send(*request, [this, command, json](const ApiResponse &response) {
        switch (response.outcome) {
        case ApiResponse::Outcome::Ok:
            if (json) {
                m_out << response.body;
                if (!response.body.endsWith('\n'))
                    m_out << '\n';
            } else {
                command->print(response.json, m_out);
            }
            finish(ExitSuccess);
            return;
        case ApiResponse::Outcome::ApiError:
            m_err << "flotillactl: " << response.message << '\n';
            finish(ExitApiError);
            return;
        case ApiResponse::Outcome::ConnectionFailed:
            m_err << "flotillactl: " << response.message << '\n';
            finish(ExitConnection);
            return;
        }
    });
    return std::nullopt;
}

void Cli::finish(int exitCode)
{
    m_out.flush();
    m_err.flush();
    Q_EMIT finished(exitCode);
}

} // namespace flotilla::cli
