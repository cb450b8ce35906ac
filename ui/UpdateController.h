#pragma once

#include <QObject>
#include <QPointer>
#include <QStringList>

class QThreadPool;
class QWidget;

namespace flotilla::server {
class FleetService;
}

namespace flotilla::ui {

class AssignDialog;
class VehicleTableModel;

// Assigning releases and cancelling update jobs, shared by the inventory (toolbar, context menu,
// details panel) and the release details. Dialogs open with open()/show(), never exec(); the
// engine calls run off the GUI thread.
class UpdateController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UpdateController)
public:
    UpdateController(server::FleetService &fleet, QThreadPool &pool, QString operatorName, QObject *parent = nullptr);
    ~UpdateController() override;
    void setOperatorName(const QString &name) { m_operator = name; } // the logged-in operator (issue 4)

    // The inventory the assign dialog checks vehicles against (set once the page exists).
    void setVehicleModel(const VehicleTableModel *vehicles) { m_vehicles = vehicles; }
    // Opens the assign dialog (objectName "assignDialog") for these vehicles, or, with no
    // vehicles, for the vehicles that carry the release's hardware. One at a time.
    void assign(const QStringList &vins, qint64 releaseId, QWidget *dialogParent);
    AssignDialog *assignDialog() const; // the open one, if any
    // Asks first (objectName "cancelJobConfirmation"), then cancels.
    void cancelJob(qint64 jobId, const QString &vin, QWidget *dialogParent);
    void cancelJobNow(qint64 jobId, const QString &vin);

Q_SIGNALS:
    void message(const QString &text); // for the status bar
    void failed(const QString &text);
    void jobsChanged(const QStringList &vins); // assigned or cancelled from this console

private:
    server::FleetService &m_fleet;
    QThreadPool &m_pool;
    QString m_operator;
    const VehicleTableModel *m_vehicles = nullptr;
    QPointer<AssignDialog> m_assignDialog;
};

} // namespace flotilla::ui
