#pragma once

#include "server/campaigns/CampaignTypes.h"
#include "server/commands/CommandTypes.h"

#include <QDialog>
#include <QSet>
#include <QStringList>
#include <QTimer>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QSpinBox;
class QStackedWidget;
class QTableView;
class QThreadPool;

namespace flotilla::server {
class FleetService;
}

namespace flotilla::ui {

class BulkCommandModel;
class RefreshThrottle;

// Command… on a selection of vehicles (issue 5): choose the operation (and the climate target),
// how long the command may wait for vehicles that are offline, send it to every selected vehicle
// in one bulk call off the GUI thread, then follow each vehicle's command live (queued → done /
// failed / refused / expired) with the counts on top. Wipe and Factory reset are not offered:
// they need the VIN typed for each vehicle.
class BulkCommandDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BulkCommandDialog)
public:
    BulkCommandDialog(server::FleetService &fleet, QThreadPool &pool, server::campaigns::Actor actor, QStringList vins,
                      int channelsOnline, QWidget *parent = nullptr);
    ~BulkCommandDialog() override;

    BulkCommandModel *model() const { return m_model; }
    bool isBusy() const { return m_busy; }
    bool isSent() const { return m_bulkId > 0; }
    qint64 bulkId() const { return m_bulkId; }
    // Chooses the operation on the first page (as if picked in the list).
    void setOperation(server::commands::Operation operation);
    server::commands::Operation operation() const;

Q_SIGNALS:
    void message(const QString &text);
    void failed(const QString &text);

private:
    void updateChooser();
    void sendToAll();
    void onCommandsChanged(const QStringList &vins);
    void fetch();
    void updateCounts();

    server::FleetService &m_fleet;
    QThreadPool &m_pool;
    server::campaigns::Actor m_actor;
    QStringList m_vins;
    QSet<QString> m_vinSet;
    qint64 m_bulkId = 0;
    bool m_busy = false;
    RefreshThrottle *m_throttle;
    QTimer m_safetyRefresh;

    QStackedWidget *m_pages;
    QComboBox *m_operation;
    QSpinBox *m_temperature;
    QLabel *m_temperatureLabel;
    QComboBox *m_expiry;
    QLabel *m_operationHelp;
    QLabel *m_chooserMessage;
    QPushButton *m_send;
    QLabel *m_title;
    QLabel *m_counts;
    QProgressBar *m_progress;
    BulkCommandModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    QPushButton *m_close;
};

} // namespace flotilla::ui
