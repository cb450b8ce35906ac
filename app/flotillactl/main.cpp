// flotillactl: command-line client of the management REST API. Everything lives in flotilla_cli.
#include "cli/Cli.h"

#include <QCoreApplication>
#include <QProcessEnvironment>
#include <QTextStream>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("flotillactl"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FLOTILLA_VERSION));

    QTextStream out(stdout);
    QTextStream err(stderr);
    flotilla::cli::Cli cli(out, err);
    QObject::connect(&cli, &flotilla::cli::Cli::finished, &app, &QCoreApplication::exit);
    if (const std::optional<int> exitCode =
            cli.start(QCoreApplication::arguments(), QProcessEnvironment::systemEnvironment()))
        return *exitCode;
    return QCoreApplication::exec();
}
