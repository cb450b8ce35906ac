// flotilla: the desktop console. Starts the embedded server and, in demo mode, a simulated fleet.
#include "agent/Fleet.h"
#include "server/CommandLine.h"
#include "server/FleetService.h"
#include "server/ServerRuntime.h"
#include "server/auth/UserService.h"
#include "ui/LoginDialog.h"
#include "ui/MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QSettings>
#include <QTranslator>

#include <memory>
#include <optional>
#include <thread>

#include "DemoReleases.h"

using namespace Qt::StringLiterals;
using namespace flotilla;

namespace {

constexpr int DefaultDemoFleetSize = 50;
constexpr int DemoPendingVehicles = 3; // register without proof, so the window shows the accept flow
constexpr int DemoPollSeconds = 30;    // lively for a demo; real vehicles poll far less often

// Who operates the console (issue 4). Demo mode logs in as the "demo" administrator; otherwise
// the first start creates the administrator and later starts ask for a login. nullopt: cancelled
// (or demo mode could not log in and the login dialog was cancelled).
std::optional<server::auth::User> logIn(server::auth::UserService &users, bool demo)
{
    if (demo) {
        Result<server::auth::User> demoUser = users.demoOperator();
        if (demoUser)
            return *demoUser;
        QMessageBox::warning(
            nullptr, QApplication::applicationDisplayName(),
            QApplication::translate("main", "Demo mode cannot log in automatically:\n%1").arg(demoUser.errorString()));
    }
    const Result<bool> hasUsers = users.hasUsers();
    if (!hasUsers) {
        QMessageBox::critical(nullptr, QApplication::applicationDisplayName(), hasUsers.errorString());
        return std::nullopt;
    }
    ui::LoginDialog dialog(users,
                           *hasUsers ? ui::LoginDialog::Mode::Login : ui::LoginDialog::Mode::CreateAdministrator);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.user();
}

void installTranslations(QApplication &app)
{
    auto *own = new QTranslator(&app);
    if (own->load(QLocale(), u"flotilla"_s, u"_"_s, u":/i18n"_s))
        QApplication::installTranslator(own);
    auto *qt = new QTranslator(&app);
    if (qt->load(QLocale(), u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"flotilla"_s);
    QApplication::setApplicationDisplayName(u"Flotilla"_s);
    QApplication::setOrganizationName(u"Flotilla"_s);
    QApplication::setApplicationVersion(QStringLiteral(FLOTILLA_VERSION));
    QApplication::setWindowIcon(QIcon(u":/icons/flotilla.png"_s));
    installTranslations(app);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Flotilla OTA console with its embedded server."));
    parser.addHelpOption();
    parser.addVersionOption();
    server::addServerOptions(parser);
    parser.addOptions({
        {u"demo"_s, QApplication::translate("main", "Run the simulated demo fleet (remembered).")},
        {u"no-demo"_s, QApplication::translate("main", "Do not run the demo fleet (remembered).")},
        {u"fleet-size"_s, QApplication::translate("main", "Vehicles in the demo fleet (default 50)."), u"n"_s},
    });
    parser.process(app);

    auto config = server::serverConfigFrom(parser);
    if (!config) {
        QMessageBox::critical(nullptr, QApplication::applicationDisplayName(), config.errorString());
        return 2;
    }
    auto started = server::ServerRuntime::start(*config);
    if (!started) {
        QMessageBox::critical(
            nullptr, QApplication::applicationDisplayName(),
            QApplication::translate("main", "The server could not start:\n%1").arg(started.errorString()));
        return 1;
    }
    std::unique_ptr<server::ServerRuntime> runtime = std::move(*started);

    // Demo mode is on at the first run and remembered in the data folder's settings.
    QSettings settings(runtime->dataDir() + u"/flotilla.ini"_s, QSettings::IniFormat);
    if (parser.isSet(u"demo"_s) || parser.isSet(u"no-demo"_s))
        settings.setValue(u"console/demo"_s, parser.isSet(u"demo"_s));
    if (parser.isSet(u"fleet-size"_s))
        settings.setValue(u"console/demoFleetSize"_s, qBound(1, parser.value(u"fleet-size"_s).toInt(), 10000));
    const int fleetSize = settings.value(u"console/demoFleetSize"_s, DefaultDemoFleetSize).toInt();

    const std::optional<server::auth::User> user =
        logIn(runtime->fleet().users(), settings.value(u"console/demo"_s, true).toBool());
    if (!user) {
        runtime->stop();
        return 0;
    }

    std::unique_ptr<agent::Fleet> demoFleet;
    std::jthread demoReleases; // sample releases for the demo, imported off the GUI thread
    ui::MainWindow window(runtime->fleet());
    window.setOperator(user->name, user->role);
    auto setDemo = [&](bool enabled) {
        settings.setValue(u"console/demo"_s, enabled);
        if (enabled && !demoFleet) {
            agent::FleetOptions options;
            options.serverUrl = runtime->localDeviceUrl().chopped(3); // without "/dm"
            options.caPem = runtime->caCertificatePem();
            options.enrollmentKey = runtime->fleet().enrollmentKey();
            options.size = fleetSize;
            options.withoutProof = qMin(DemoPendingVehicles, fleetSize - 1);
            options.lanes = 1;
            options.pollSecondsOverride = DemoPollSeconds;
            options.registrationRetrySeconds = 10;
            options.dataDir = runtime->dataDir() + u"/demo-fleet"_s;
            demoFleet = std::make_unique<agent::Fleet>(options);
            if (!demoReleases.joinable()) {
                demo::DemoReleaseOptions releaseOptions;
                releaseOptions.fleetSize = fleetSize;
                releaseOptions.seed = options.seed;
                releaseOptions.workDir = runtime->dataDir() + u"/demo-releases"_s;
                demoReleases = std::jthread([&fleet = runtime->fleet(), releaseOptions](std::stop_token stop) {
                    demo::importDemoReleases(fleet, releaseOptions, stop);
                });
            }
            if (auto s = demoFleet->start(); !s) {
                QMessageBox::warning(
                    &window, QApplication::applicationDisplayName(),
                    QApplication::translate("main", "The demo fleet could not start:\n%1").arg(s.errorString()));
                demoFleet.reset();
            }
        } else if (!enabled && demoFleet) {
            demoFleet.reset();
        }
        window.setDemoFleetRunning(demoFleet != nullptr, fleetSize);
    };
    QObject::connect(&window, &ui::MainWindow::demoFleetToggled, &window, setDemo);
    setDemo(settings.value(u"console/demo"_s, true).toBool());

    window.show();
    const int status = app.exec();
    demoReleases = {}; // asks the import to stop and waits for it
    demoFleet.reset();
    runtime->stop();
    return status;
}
