#pragma once

#include "server/FleetService.h"

#include <QWidget>

class QFormLayout;
class QGroupBox;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTableWidget;
class QThreadPool;
class QTreeWidget;
class QVBoxLayout;

namespace flotilla::ui {

class RefreshThrottle;

// Everything the engine knows about one vehicle, laid out for a dealership engineer: identity,
// DevInfo, ECUs, RXSWIN, update capabilities, update jobs with their reports, registration,
// recent sessions and events.
// Fetched off the GUI thread; re-read when the engine reports a change to the vehicle shown.
class VehicleDetailsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VehicleDetailsPanel)
public:
    VehicleDetailsPanel(server::FleetService &fleet, QThreadPool &pool, QWidget *parent = nullptr);
    ~VehicleDetailsPanel() override;

    QString vin() const { return m_vin; }
    void showVehicle(const QString &vin); // empty: nothing selected
    void refreshIfShown(const QStringList &changedVins);
    // Why Block…/Unblock are disabled for the operator; empty when they may use them.
    void setBlockRefusal(const QString &refusal);

Q_SIGNALS:
    void acceptRequested(const QString &vin);
    void rejectRequested(const QString &vin);
    void blockRequested(const QString &vin);                   // "Block…": the reason is asked for next
    void unblockRequested(const QString &vin);                 // "Unblock"
    void updateRequested(const QString &vin);                  // "Update…": assign a release
    void cancelJobRequested(qint64 jobId, const QString &vin); // "Cancel update"
    void loaded(const QString &vin);                           // the panel shows fresh details of vin

private:
    struct Loaded;
    void fetch();
    void showDetails(const server::VehicleDetails &details);
    void showJobs(const Loaded &loaded);
    void fitJobsHeight();
    void showMessage(const QString &text);
    QLabel *addField(QFormLayout *form, const QString &label, const QString &objectName);
    QGroupBox *addSection(const QString &title, QWidget *content = nullptr);

    server::FleetService &m_fleet;
    QThreadPool &m_pool;
    RefreshThrottle *m_throttle;
    QString m_vin;

    QStackedWidget *m_stack = nullptr;
    QLabel *m_message = nullptr;
    QWidget *m_content = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_subtitle = nullptr;
    QLabel *m_stateBadge = nullptr;
    QPushButton *m_accept = nullptr;
    QPushButton *m_reject = nullptr;
    QPushButton *m_block = nullptr;
    QPushButton *m_unblock = nullptr;
    QPushButton *m_update = nullptr;
    QPushButton *m_cancelJob = nullptr;
    QLabel *m_jobsMessage = nullptr;
    QTreeWidget *m_jobs = nullptr;
    qint64 m_cancellableJobId = 0;

    struct Fields
    {
        QLabel *vin, *devId, *manufacturer, *model, *oem, *devType, *language, *dmVersion;
        QLabel *fwVersion, *swVersion, *hwVersion, *rxswin;
        QLabel *codecs, *deltaMemory;
        QLabel *state, *registeredAt, *proof, *requestedAt, *decided, *reason, *requestAddress;
        QLabel *online, *lastSeen, *lastAddress, *sessions, *managementObjects;
    } m_fields{};
    QTableWidget *m_ecus = nullptr;
    QTableWidget *m_sessions = nullptr;
    QTableWidget *m_events = nullptr;
    QVBoxLayout *m_sections = nullptr;
};

} // namespace flotilla::ui
