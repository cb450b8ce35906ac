#pragma once

#include "server/campaigns/CampaignTypes.h"

#include <QMainWindow>
#include <QPointer>
#include <QThreadPool>
#include <QTimer>

class QAction;
class QLabel;
class QListWidget;
class QStackedWidget;

namespace flotilla::server {
class FleetService;
struct ServerStatus;
} // namespace flotilla::server

namespace flotilla::ui {

class CampaignsPage;
class CommandController;
class EnrollmentKeyDialog;
class EventsPage;
class RefreshThrottle;
class RegistrationController;
class RegistrationsPage;
class ReleasesPage;
class ServerStatusDialog;
class SigningKeysDialog;
class UpdateController;
class VehiclesPage;

// The console's main window: a navigation list on the left (Vehicles, Registrations, Events,
// Releases, Campaigns), the selected view on the right, and a status bar with the device
// endpoint, fleet counts and the demo fleet. Every FleetService call runs on the window's own
// thread pool, whose destructor waits for them, so the FleetService must outlive the window.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    enum Page
    {
        VehiclesView,
        RegistrationsView,
        EventsView,
        ReleasesView,
        CampaignsView,
    };
    Q_ENUM(Page)

    explicit MainWindow(server::FleetService &fleet, QWidget *parent = nullptr);
    ~MainWindow() override;

    void showPage(Page page);
    Page currentPage() const;
    VehiclesPage *vehiclesPage() const { return m_vehicles; }
    RegistrationsPage *registrationsPage() const { return m_registrations; }
    EventsPage *eventsPage() const { return m_events; }
    ReleasesPage *releasesPage() const { return m_releases; }
    CampaignsPage *campaignsPage() const { return m_campaigns; }
    UpdateController *updateController() const { return m_updateController; }
    CommandController *commandController() const { return m_commandController; }
    QAction *demoFleetAction() const { return m_demoFleetAction; }

public Q_SLOTS:
    // The app reports the simulator's state here (the window never drives it directly).
    void setDemoFleetRunning(bool running, int size);
    // The logged-in operator (issue 4; the app logs in before showing us): shown in the status bar,
    // and the actor of every campaign action, whose buttons follow the role.
    void setOperator(const QString &name, server::campaigns::Role role);
    void showEnrollmentKey();
    void showServerStatus();
    void showSigningKeys();
    void showAbout();

Q_SIGNALS:
    // The user switched the demo fleet on or off; the app starts or stops the simulator.
    void demoFleetToggled(bool enabled);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    void createStatusBar();
    void refreshStatus();
    void applyStatus(const server::ServerStatus &status);
    void setPendingBadge(int count);
    void showError(const QString &message);
    void showInfo(const QString &message);
    void saveSettings() const;
    void restoreSettings();

    // Its destructor waits for running FleetService calls; it runs before ~QWidget deletes the
    // child widgets and watchers those calls report to.
    QThreadPool m_pool;
    server::FleetService &m_fleet;
    RegistrationController *m_registrationController;
    UpdateController *m_updateController;
    CommandController *m_commandController;
    QListWidget *m_navigation;
    QStackedWidget *m_pages;
    VehiclesPage *m_vehicles;
    RegistrationsPage *m_registrations;
    EventsPage *m_events;
    ReleasesPage *m_releases;
    CampaignsPage *m_campaigns;
    QPointer<EnrollmentKeyDialog> m_enrollmentDialog;
    QPointer<ServerStatusDialog> m_statusDialog;
    QPointer<SigningKeysDialog> m_signingKeysDialog;

    QAction *m_demoFleetAction = nullptr;
    QLabel *m_endpointLabel = nullptr;
    QLabel *m_countsLabel = nullptr;
    QLabel *m_demoIndicator = nullptr;
    RefreshThrottle *m_statusThrottle;
    QTimer m_statusTimer;
};

} // namespace flotilla::ui
