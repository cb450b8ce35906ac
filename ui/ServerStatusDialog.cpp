#include "ui/ServerStatusDialog.h"

#include "ui/Async.h"
#include "ui/Text.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

using namespace std::chrono_literals;

namespace flotilla::ui {

ServerStatusDialog::ServerStatusDialog(server::FleetService &fleet, QThreadPool &pool, QWidget *parent)
    : QDialog(parent)
    , m_fleet(fleet)
    , m_pool(pool)
    , m_form(new QFormLayout)
    , m_error(new QLabel(this))
{
    setObjectName(QStringLiteral("serverStatusDialog"));
    setWindowTitle(tr("Server status"));

    m_fields.serverId = addField(tr("Server ID"), QStringLiteral("statusServerId"));
    m_fields.version = addField(tr("Version"), QStringLiteral("statusVersion"));
    m_fields.deviceUrl = addField(tr("Device endpoint"), QStringLiteral("statusDeviceUrl"));
    m_fields.apiUrl = addField(tr("Management API"), QStringLiteral("statusApiUrl"));
    m_fields.dataDir = addField(tr("Data folder"), QStringLiteral("statusDataDir"));
    m_fields.started = addField(tr("Running since"), QStringLiteral("statusStarted"));
    m_fields.pollSeconds = addField(tr("Poll interval"), QStringLiteral("statusPollSeconds"));
    m_fields.vehicles = addField(tr("Vehicles"), QStringLiteral("statusVehicles"));
    m_fields.accepted = addField(tr("Accepted"), QStringLiteral("statusAccepted"));
    m_fields.pending = addField(tr("Never accepted"), QStringLiteral("statusPendingVehicles"));
    m_fields.rejected = addField(tr("Rejected"), QStringLiteral("statusRejected"));
    m_fields.blocked = addField(tr("Blocked or wiped"), QStringLiteral("statusBlocked"));
    m_fields.registrations = addField(tr("Pending registrations"), QStringLiteral("statusRegistrations"));
    m_fields.online = addField(tr("Online"), QStringLiteral("statusOnline"));
    m_fields.sessions = addField(tr("DM sessions since start"), QStringLiteral("statusSessions"));

    m_error->setObjectName(QStringLiteral("statusError"));
    m_error->setWordWrap(true);
    m_error->hide();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *refreshButton = buttons->addButton(tr("&Refresh"), QDialogButtonBox::ActionRole);
    connect(refreshButton, &QPushButton::clicked, this, &ServerStatusDialog::refresh);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(m_form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);

    m_timer.setInterval(2s);
    connect(&m_timer, &QTimer::timeout, this, &ServerStatusDialog::refresh);
}

ServerStatusDialog::~ServerStatusDialog() = default;

QLabel *ServerStatusDialog::addField(const QString &label, const QString &objectName)
{
    auto *value = new QLabel(Text::orDash({}), this);
    value->setObjectName(objectName);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_form->addRow(label + u':', value);
    return value;
}

void ServerStatusDialog::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    refresh();
    m_timer.start();
}

void ServerStatusDialog::hideEvent(QHideEvent *event)
{
    m_timer.stop();
    QDialog::hideEvent(event);
}

void ServerStatusDialog::refresh()
{
    if (m_loading) {
        return;
    }
    m_loading = true;
    server::FleetService *fleet = &m_fleet;
    runInBackground(
        &m_pool, this, [fleet] { return fleet->status(); },
        [this](Result<server::ServerStatus> result) {
            m_loading = false;
            if (!result) {
                m_error->setText(tr("Could not read the server status: %1").arg(result.errorString()));
                m_error->show();
                return;
            }
            m_error->hide();
            display(*result);
        });
}

void ServerStatusDialog::display(const server::ServerStatus &s)
{
    m_fields.serverId->setText(Text::orDash(s.serverId));
    m_fields.version->setText(Text::orDash(s.version));
    m_fields.deviceUrl->setText(Text::orDash(s.deviceUrl));
    m_fields.apiUrl->setText(Text::orDash(s.apiUrl));
    m_fields.dataDir->setText(Text::orDash(s.dataDir));
    m_fields.started->setText(Text::dateTime(s.startedAtMs));
    m_fields.pollSeconds->setText(tr("%n s", nullptr, s.pollSeconds));
    m_fields.vehicles->setText(QString::number(s.vehicles));
    m_fields.accepted->setText(QString::number(s.accepted));
    m_fields.pending->setText(QString::number(s.pendingVehicles));
    m_fields.rejected->setText(QString::number(s.rejected));
    m_fields.blocked->setText(QString::number(s.blocked));
    m_fields.registrations->setText(QString::number(s.pendingRegistrations));
    m_fields.online->setText(QString::number(s.online));
    m_fields.sessions->setText(QString::number(s.sessions));
}

} // namespace flotilla::ui
