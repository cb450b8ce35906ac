#pragma once

#include "server/commands/CommandTypes.h"
#include "server/store/Records.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QTimer>
#include <QWidget>

#include <optional>

class QGroupBox;
class QGridLayout;
class QLabel;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTableWidget;
class QThreadPool;
class QVBoxLayout;

namespace flotilla::server {
class FleetService;
}

namespace flotilla::ui {

class CommandController;
class CommandHistoryModel;
class PlaceholderTableView;
class RefreshThrottle;

// The Remote tab of the inventory's right pane (issue 5), for one vehicle: its status as last
// reported (vehicle control MO: locks, engine, climate, trunk, battery, speed, gear, ignition,
// location with a map link), the command buttons, each showing how that command last ended, the
// LAWMO state with its locks, wipe and factory reset, the DTC list with read and clear, and the
// command history. Buttons follow the operator's role and explain why when disabled; an offline
// notification channel is called out, since commands then wait for the vehicle's next check-in.
// Everything is read off the GUI thread, re-read (coalesced) when the engine reports commands,
// channels or vehicle data of the vehicle shown, and only while the tab is visible.
class VehicleRemotePanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VehicleRemotePanel)
public:
    VehicleRemotePanel(server::FleetService &fleet, QThreadPool &pool, CommandController &commands,
                       QWidget *parent = nullptr);
    ~VehicleRemotePanel() override;

    QString vin() const { return m_vin; }
    void showVehicle(const QString &vin); // empty: nothing selected
    void refreshIfShown(const QStringList &changedVins);

    CommandHistoryModel *history() const { return m_history; }
    // The button of an operation (objectName "remote<WireName>Button", e.g. "remoteLockButton").
    QPushButton *button(server::commands::Operation operation) const;
    bool isChannelOpen() const { return m_channelOpen; }

Q_SIGNALS:
    void loaded(const QString &vin); // the panel shows fresh data of vin

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    struct Loaded;
    struct Slot
    {
        server::commands::Operation operation;
        QPushButton *button;
        QLabel *state;
    };

    void fetch();
    void apply(const Loaded &loaded);
    void showMessage(const QString &text);
    void send(server::commands::Operation operation);
    void onCommandSent(const server::commands::CommandRecord &command);
    void onSendFailed(const QString &vin, int operation, const QString &error);
    void rememberLast(const server::commands::CommandRecord &command);
    void updateButtons();
    void updateTimes(); // relative times age without any event
    void showStatus();
    void showDtcs();
    QGroupBox *addSection(const QString &title, const QString &objectName);
    QLabel *addStatusField(QGridLayout *grid, int row, int column, const QString &label, const QString &objectName);
    QWidget *addSlot(QGridLayout *grid, int index, int columns, server::commands::Operation operation,
                     QWidget *extra = nullptr);

    server::FleetService &m_fleet;
    QThreadPool &m_pool;
    CommandController &m_commands;
    RefreshThrottle *m_throttle;
    QTimer m_tick;
    QString m_vin;
    bool m_stale = false; // something changed while hidden: fetch when shown

    // What the last fetch found.
    bool m_haveData = false;
    store::VehicleRecord m_vehicle;
    bool m_channelOpen = false;
    QJsonObject m_status;    // rvc Status
    qint64 m_statusAtMs = 0; // when the vehicle reported it
    std::optional<int> m_lawmoState;
    qint64 m_lawmoAtMs = 0;
    QJsonArray m_dtcs;
    qint64 m_dtcsAtMs = 0;
    QHash<int, server::commands::CommandRecord> m_last; // newest command per int(Operation)
    QSet<int> m_sending;                                // operations whose send call is running
    QHash<int, QString> m_sendErrors;                   // why the last send of an operation was refused
    QString m_climateInitialisedFor;                    // VIN whose target the spin box took over

    QStackedWidget *m_stack;
    QLabel *m_message;
    QWidget *m_content;
    QVBoxLayout *m_sections;
    QLabel *m_title;
    QLabel *m_channel;
    QLabel *m_notice;
    struct StatusFields
    {
        QLabel *locks, *engine, *climate, *trunk, *battery, *speed, *gear, *ignition, *location, *asOf;
    } m_fields{};
    QSpinBox *m_climateTarget;
    QLabel *m_lawmoLabel;
    QTableWidget *m_dtcTable;
    QLabel *m_dtcsNote;
    CommandHistoryModel *m_history;
    PlaceholderTableView *m_historyView;
    QList<Slot> m_slots;
};

} // namespace flotilla::ui
