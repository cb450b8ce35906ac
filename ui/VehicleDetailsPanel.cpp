#include "ui/VehicleDetailsPanel.h"

#include "core/Clock.h"
#include "server/releases/ReleaseService.h"
#include "server/updates/UpdateEngine.h"
#include "ui/Async.h"
#include "ui/DetailsPages.h"
#include "ui/DetailsTable.h"
#include "ui/RefreshThrottle.h"
#include "ui/Text.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedWidget>
#include <QTableWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace std::chrono_literals;

namespace flotilla::ui {

struct VehicleDetailsPanel::Loaded
{
    Result<server::VehicleDetails> details;
    QList<store::UpdateJobRecord> jobs; // newest first
    QHash<qint64, QString> releaseLabels;
    QString jobsError;
};

VehicleDetailsPanel::VehicleDetailsPanel(server::FleetService &fleet, QThreadPool &pool, QWidget *parent)
    : QWidget(parent)
    , m_fleet(fleet)
    , m_pool(pool)
    , m_throttle(new RefreshThrottle(100ms, this))
{
    setObjectName(QStringLiteral("vehicleDetails"));
    connect(m_throttle, &RefreshThrottle::due, this, &VehicleDetailsPanel::fetch);

    const DetailsPages pages = DetailsPages::create(this, QStringLiteral("vehicleDetails"));
    m_stack = pages.stack;
    m_message = pages.message;
    m_content = pages.content;
    m_sections = pages.sections;
    m_title = pages.title;
    // Header: VIN on its own line (it must never be clipped), then the state badge and the
    // manufacturer/model/OEM line, then the decision buttons for pending vehicles.
    auto *header = new QHBoxLayout;
    m_stateBadge = new QLabel(m_content);
    m_stateBadge->setObjectName(QStringLiteral("vehicleDetailsState"));
    m_subtitle = new QLabel(m_content);
    m_subtitle->setWordWrap(true);
    header->addWidget(m_stateBadge);
    header->addWidget(m_subtitle, 1);
    m_sections->addLayout(header);

    auto *decision = new QHBoxLayout;
    m_accept = new QPushButton(QIcon(QStringLiteral(":/icons/accept.png")), tr("Accept"), m_content);
    m_accept->setObjectName(QStringLiteral("detailsAcceptButton"));
    m_accept->setToolTip(tr("Accept this vehicle's registration: it receives a token at its next registration"));
    m_reject = new QPushButton(QIcon(QStringLiteral(":/icons/reject.png")), tr("Reject…"), m_content);
    m_reject->setObjectName(QStringLiteral("detailsRejectButton"));
    m_reject->setToolTip(tr("Reject this vehicle's registration; you will be asked for a reason"));
    m_block = new QPushButton(tr("Block…"), m_content);
    m_block->setObjectName(QStringLiteral("detailsBlockButton"));
    m_unblock = new QPushButton(tr("Unblock"), m_content);
    m_unblock->setObjectName(QStringLiteral("detailsUnblockButton"));
    decision->addWidget(m_accept);
    decision->addWidget(m_reject);
    decision->addWidget(m_block);
    decision->addWidget(m_unblock);
    decision->addStretch(1);
    m_sections->addLayout(decision);
    connect(m_accept, &QPushButton::clicked, this, [this] { Q_EMIT acceptRequested(m_vin); });
    connect(m_reject, &QPushButton::clicked, this, [this] { Q_EMIT rejectRequested(m_vin); });
    connect(m_block, &QPushButton::clicked, this, [this] { Q_EMIT blockRequested(m_vin); });
    connect(m_unblock, &QPushButton::clicked, this, [this] { Q_EMIT unblockRequested(m_vin); });
    setBlockRefusal({});

    auto *identity = new QFormLayout;
    m_fields.vin = addField(identity, tr("VIN"), QStringLiteral("detailsVin"));
    m_fields.devId = addField(identity, tr("DevID"), QStringLiteral("detailsDevId"));
    m_fields.manufacturer = addField(identity, tr("Manufacturer"), QStringLiteral("detailsManufacturer"));
    m_fields.model = addField(identity, tr("Model"), QStringLiteral("detailsModel"));
    m_fields.oem = addField(identity, tr("OEM"), QStringLiteral("detailsOem"));
    m_fields.devType = addField(identity, tr("Device type"), QStringLiteral("detailsDevType"));
    m_fields.language = addField(identity, tr("Language"), QStringLiteral("detailsLanguage"));
    m_fields.dmVersion = addField(identity, tr("DM version"), QStringLiteral("detailsDmVersion"));
    addSection(tr("Identity"))->setLayout(identity);

    auto *connection = new QFormLayout;
    m_fields.online = addField(connection, tr("Status"), QStringLiteral("detailsOnline"));
    m_fields.lastSeen = addField(connection, tr("Last seen"), QStringLiteral("detailsLastSeen"));
    m_fields.lastAddress = addField(connection, tr("Last address"), QStringLiteral("detailsLastAddress"));
    m_fields.sessions = addField(connection, tr("Sessions"), QStringLiteral("detailsSessions"));
    m_fields.managementObjects = addField(connection, tr("Reported MOs"), QStringLiteral("detailsMos"));
    addSection(tr("Connection"))->setLayout(connection);

    auto *software = new QFormLayout;
    m_fields.fwVersion = addField(software, tr("Firmware (FwV)"), QStringLiteral("detailsFwVersion"));
    m_fields.swVersion = addField(software, tr("Software (SwV)"), QStringLiteral("detailsSwVersion"));
    m_fields.hwVersion = addField(software, tr("Hardware (HwV)"), QStringLiteral("detailsHwVersion"));
    m_fields.rxswin = addField(software, tr("RXSWIN"), QStringLiteral("detailsRxswin"));
    m_fields.codecs = addField(software, tr("Codecs"), QStringLiteral("detailsCodecs"));
    m_fields.deltaMemory = addField(software, tr("Delta memory"), QStringLiteral("detailsDeltaMemory"));
    m_fields.rxswin->setToolTip(tr("Regulation X Software Identification Numbers (UNECE R156) the vehicle reports"));
    m_fields.deltaMemory->setToolTip(tr("Memory the vehicle can spend on applying a delta update"));
    addSection(tr("Software and update capabilities"))->setLayout(software);

    m_ecus = DetailsTable::make({tr("ECU"), tr("Hardware ID"), tr("Software version")}, QStringLiteral("detailsEcus"),
                                m_content);
    addSection(tr("ECUs"), m_ecus);

    // Update jobs, newest first; each opens to its report: per target from → to, codec and
    // outcome, rollback, durations.
    auto *updates = new QWidget(m_content);
    auto *updatesLayout = new QVBoxLayout(updates);
    updatesLayout->setContentsMargins(0, 0, 0, 0);
    m_jobsMessage = new QLabel(updates);
    m_jobsMessage->setObjectName(QStringLiteral("detailsJobsMessage"));
    m_jobsMessage->setWordWrap(true);
    m_jobs = new QTreeWidget(updates);
    m_jobs->setObjectName(QStringLiteral("detailsJobs"));
    m_jobs->setHeaderLabels({tr("Release"), tr("State"), tr("Result"), tr("Updated")});
    m_jobs->setRootIsDecorated(true);
    m_jobs->setAlternatingRowColors(true);
    m_jobs->setUniformRowHeights(true);
    m_jobs->setWordWrap(false);
    m_jobs->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_jobs->header()->setStretchLastSection(true);
    m_jobs->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    connect(m_jobs, &QTreeWidget::itemExpanded, this, &VehicleDetailsPanel::fitJobsHeight);
    connect(m_jobs, &QTreeWidget::itemCollapsed, this, &VehicleDetailsPanel::fitJobsHeight);
    auto *jobButtons = new QHBoxLayout;
    m_update = new QPushButton(QIcon(QStringLiteral(":/icons/update.png")), tr("Update…"), updates);
    m_update->setObjectName(QStringLiteral("detailsUpdateButton"));
    m_update->setToolTip(tr("Assign a release to this vehicle"));
    m_cancelJob = new QPushButton(QIcon(QStringLiteral(":/icons/reject.png")), tr("Cancel update…"), updates);
    m_cancelJob->setObjectName(QStringLiteral("detailsCancelJobButton"));
    m_cancelJob->setToolTip(tr("Cancel the vehicle's update job; a vehicle already installing finishes and reports"));
    jobButtons->addWidget(m_update);
    jobButtons->addWidget(m_cancelJob);
    jobButtons->addStretch(1);
    updatesLayout->addWidget(m_jobsMessage);
    updatesLayout->addWidget(m_jobs);
    updatesLayout->addLayout(jobButtons);
    addSection(tr("Updates"), updates);
    connect(m_update, &QPushButton::clicked, this, [this] { Q_EMIT updateRequested(m_vin); });
    connect(m_cancelJob, &QPushButton::clicked, this, [this] {
        if (m_cancellableJobId > 0) {
            Q_EMIT cancelJobRequested(m_cancellableJobId, m_vin);
        }
    });

    auto *registration = new QFormLayout;
    m_fields.state = addField(registration, tr("State"), QStringLiteral("detailsState"));
    m_fields.registeredAt = addField(registration, tr("Registered"), QStringLiteral("detailsRegisteredAt"));
    m_fields.proof = addField(registration, tr("Enrollment proof"), QStringLiteral("detailsProof"));
    m_fields.requestedAt = addField(registration, tr("Requested"), QStringLiteral("detailsRequestedAt"));
    m_fields.requestAddress = addField(registration, tr("From address"), QStringLiteral("detailsRequestAddress"));
    m_fields.decided = addField(registration, tr("Decided"), QStringLiteral("detailsDecided"));
    m_fields.reason = addField(registration, tr("Reason"), QStringLiteral("detailsReason"));
    addSection(tr("Registration"))->setLayout(registration);

    m_sessions = DetailsTable::make({tr("Started"), tr("Reason"), tr("State"), tr("Packages"), tr("Outcome")},
                                    QStringLiteral("detailsSessionsTable"), m_content);
    addSection(tr("Recent sessions"), m_sessions);

    m_events = DetailsTable::make({tr("Time"), tr("Kind"), tr("Actor"), tr("Summary")}, QStringLiteral("detailsEvents"),
                                  m_content);
    addSection(tr("Recent events"), m_events);
    m_sections->addStretch(1);

    showVehicle({});
}

VehicleDetailsPanel::~VehicleDetailsPanel() = default;

QLabel *VehicleDetailsPanel::addField(QFormLayout *form, const QString &label, const QString &objectName)
{
    auto *value = new QLabel(m_content);
    value->setObjectName(objectName);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse); // VINs and versions get copied
    value->setWordWrap(true);
    form->addRow(label + u':', value);
    return value;
}

QGroupBox *VehicleDetailsPanel::addSection(const QString &title, QWidget *content)
{
    auto *box = new QGroupBox(title, m_content);
    if (content) {
        auto *layout = new QVBoxLayout(box);
        layout->addWidget(content);
    }
    m_sections->addWidget(box);
    return box;
}

void VehicleDetailsPanel::showVehicle(const QString &vin)
{
    if (vin == m_vin && !vin.isEmpty()) {
        return;
    }
    m_vin = vin;
    if (vin.isEmpty()) {
        showMessage(tr("Select a vehicle to see its details."));
        return;
    }
    showMessage(tr("Loading %1…").arg(vin));
    m_throttle->request();
}

void VehicleDetailsPanel::refreshIfShown(const QStringList &changedVins)
{
    if (!m_vin.isEmpty() && changedVins.contains(m_vin)) {
        m_throttle->request();
    }
}

void VehicleDetailsPanel::fetch()
{
    const QString vin = m_vin;
    if (vin.isEmpty()) {
        m_throttle->done();
        return;
    }
    server::FleetService *fleet = &m_fleet;
    runInBackground(
        &m_pool, this,
        [fleet, vin] {
            Loaded loaded{fleet->vehicle(vin), {}, {}, {}};
            if (!loaded.details) {
                return loaded;
            }
            auto jobs = fleet->updates().jobsForVehicle(vin);
            if (!jobs) {
                loaded.jobsError = jobs.errorString();
                return loaded;
            }
            loaded.jobs = std::move(*jobs);
            for (const store::UpdateJobRecord &job : std::as_const(loaded.jobs)) {
                if (loaded.releaseLabels.contains(job.releaseId)) {
                    continue;
                }
                auto release = fleet->releases().find(job.releaseId);
                if (release && release->has_value()) {
                    loaded.releaseLabels.insert(job.releaseId, (*release)->name + u' ' + (*release)->version);
                }
            }
            return loaded;
        },
        [this, vin](const Loaded &fetched) {
            m_throttle->done();
            if (vin != m_vin) {
                return; // the selection moved on while this was loading; the throttle fetches again
            }
            const Result<server::VehicleDetails> &result = fetched.details;
            if (!result) {
                showMessage(result.error().code == 404 ? tr("Vehicle %1 is not in the store.").arg(vin)
                                                       : tr("Could not load %1: %2").arg(vin, result.errorString()));
                return;
            }
            showDetails(*result);
            showJobs(fetched);
            Q_EMIT loaded(vin);
        });
}

void VehicleDetailsPanel::showJobs(const Loaded &loaded)
{
    m_jobs->clear();
    m_cancellableJobId = 0;
    const bool accepted = loaded.details && loaded.details->vehicle.state == store::VehicleState::Accepted;
    m_update->setEnabled(accepted);
    m_update->setToolTip(accepted ? tr("Assign a release to this vehicle")
                                  : tr("Only accepted vehicles can be updated"));
    if (!loaded.jobsError.isEmpty()) {
        m_jobsMessage->setText(tr("Could not load the update jobs: %1").arg(loaded.jobsError));
    } else if (loaded.jobs.isEmpty()) {
        m_jobsMessage->setText(tr("No update was assigned to this vehicle yet."));
    } else {
        m_jobsMessage->clear();
    }
    m_jobsMessage->setVisible(!m_jobsMessage->text().isEmpty());
    m_jobs->setVisible(!loaded.jobs.isEmpty());

    for (const store::UpdateJobRecord &job : loaded.jobs) {
        const QString release = loaded.releaseLabels.value(job.releaseId, tr("release %1").arg(job.releaseId));
        QString state = Text::jobState(job.state);
        if (job.state == store::JobState::Downloading || job.state == store::JobState::Installing) {
            state = tr("%1 %2 %").arg(state).arg(job.progress);
        }
        auto *item = new QTreeWidgetItem(
            m_jobs, {release, state, Text::resultCode(job.resultCode), Text::dateTime(job.updatedAtMs)});
        item->setData(0, Qt::UserRole, job.id);
        item->setForeground(1, Text::jobStateColor(job.state));
        QFont bold = item->font(1);
        bold.setBold(true);
        item->setFont(1, bold);
        item->setToolTip(1, Text::jobStateToolTip(job.state));
        item->setToolTip(0, tr("Update job %1, assigned %2 by %3")
                                .arg(job.id)
                                .arg(Text::dateTime(job.createdAtMs), Text::orDash(job.createdBy)));

        const auto addLine = [item](const QString &label, const QString &text) {
            auto *child = new QTreeWidgetItem(item, {label, text});
            child->setFirstColumnSpanned(false);
            child->setToolTip(1, text);
            return child;
        };
        if (!job.reason.isEmpty()) {
            addLine(tr("Reason"), job.reason);
        }
        if (job.payloadBytes > 0) {
            addLine(tr("Download"),
                    tr("%1 of %2 served").arg(Text::byteSize(job.bytesServed), Text::byteSize(job.payloadBytes)));
        }
        if (job.state == store::JobState::Deferred && job.deferredUntilMs > 0) {
            addLine(tr("Postponed until"), Text::dateTime(job.deferredUntilMs));
        }
        // The vehicle's final report (PROTOCOL.md §6 step 8).
        const QJsonObject &report = job.report;
        for (const QJsonValue &value : report.value(u"Targets").toArray()) {
            const QJsonObject target = value.toObject();
            const QString codec = target.value(u"Codec").toString();
            QString line = tr("%1 → %2").arg(Text::orDash(target.value(u"From").toString()),
                                             Text::orDash(target.value(u"To").toString()));
            if (!codec.isEmpty()) {
                line = tr("%1 · %2").arg(line, codec);
            }
            line = tr("%1 · %2").arg(line, target.value(u"Ok").toBool() ? tr("OK") : tr("not OK"));
            addLine(target.value(u"Ecu").toString(), line);
        }
        if (report.contains(u"RolledBack")) {
            addLine(tr("Rolled back"), report.value(u"RolledBack").toBool() ? tr("yes") : tr("no"));
        }
        const QJsonObject durations = report.value(u"Durations").toObject();
        if (!durations.isEmpty()) {
            addLine(tr("Durations"), tr("download %1 · install %2 · total %3")
                                         .arg(Text::duration(durations.value(u"DownloadMs").toInteger()),
                                              Text::duration(durations.value(u"InstallMs").toInteger()),
                                              Text::duration(durations.value(u"TotalMs").toInteger())));
        }
        const QJsonArray dtcs = report.value(u"DtcsCleared").toArray();
        if (!dtcs.isEmpty()) {
            QStringList codes;
            for (const QJsonValue &dtc : dtcs) {
                codes.append(dtc.toString());
            }
            addLine(tr("DTCs cleared"), codes.join(u", "));
        }
        if (m_jobs->topLevelItemCount() == 1) {
            item->setExpanded(true); // the newest job open, older ones one line each
            if (Text::isCancellable(job.state)) {
                m_cancellableJobId = job.id;
            }
        }
    }
    m_cancelJob->setEnabled(m_cancellableJobId > 0);
    m_cancelJob->setVisible(!loaded.jobs.isEmpty());
    fitJobsHeight();
}

void VehicleDetailsPanel::fitJobsHeight()
{
    // Like the tables: the rows shown in full (up to a limit), no scroll bar inside the panel's own.
    constexpr int MaxVisibleRows = 12;
    int rows = 0;
    for (int i = 0; i < m_jobs->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = m_jobs->topLevelItem(i);
        rows += 1 + (item->isExpanded() ? item->childCount() : 0);
    }
    const int rowHeight = std::max(m_jobs->fontMetrics().height() + 6, 18);
    m_jobs->setFixedHeight(m_jobs->header()->sizeHint().height() + std::clamp(rows, 1, MaxVisibleRows) * rowHeight +
                           2 * m_jobs->frameWidth());
}

void VehicleDetailsPanel::showMessage(const QString &text)
{
    m_message->setText(text);
    m_stack->setCurrentIndex(0);
}

void VehicleDetailsPanel::setBlockRefusal(const QString &refusal)
{
    const bool allowed = refusal.isEmpty();
    m_block->setEnabled(allowed);
    m_unblock->setEnabled(allowed);
    m_block->setToolTip(allowed ? tr("Block this vehicle: its requests are refused and its connection is closed "
                                     "until it is unblocked; you will be asked for a reason")
                                : refusal);
    m_unblock->setToolTip(allowed ? tr("Unblock this vehicle: it is accepted again and its token works again")
                                  : refusal);
}

void VehicleDetailsPanel::showDetails(const server::VehicleDetails &details)
{
    const store::VehicleRecord &v = details.vehicle;
    const qint64 now = Clock::system().nowMs();

    m_title->setText(v.vin);
    QStringList subtitle;
    for (const QString &part : {v.manufacturer, v.model, v.oem}) {
        if (!part.isEmpty()) {
            subtitle.append(part);
        }
    }
    m_subtitle->setText(subtitle.join(u" · "));
    const QColor color = Text::vehicleStateColor(v.state);
    m_stateBadge->setText(Text::vehicleState(v.state));
    m_stateBadge->setToolTip(Text::vehicleStateToolTip(v.state));
    m_stateBadge->setStyleSheet(QStringLiteral("QLabel { background: %1; color: white; border-radius: 9px;"
                                               " padding: 2px 10px; font-weight: bold; }")
                                    .arg(color.name()));
    const bool pending = v.state == store::VehicleState::Pending;
    m_accept->setVisible(pending);
    m_reject->setVisible(pending);
    m_block->setVisible(v.state == store::VehicleState::Accepted);
    m_unblock->setVisible(v.state == store::VehicleState::Blocked);

    m_fields.vin->setText(v.vin);
    m_fields.devId->setText(Text::orDash(v.devId));
    m_fields.manufacturer->setText(Text::orDash(v.manufacturer));
    m_fields.model->setText(Text::orDash(v.model));
    m_fields.oem->setText(Text::orDash(v.oem));
    m_fields.devType->setText(Text::orDash(v.devType));
    m_fields.language->setText(Text::orDash(v.language));
    m_fields.dmVersion->setText(Text::orDash(v.dmVersion));

    m_fields.online->setText(Text::onlineStatus(details.online));
    m_fields.lastSeen->setText(
        v.lastSeenAtMs > 0 ? tr("%1 (%2)").arg(Text::dateTime(v.lastSeenAtMs), Text::relativeTime(v.lastSeenAtMs, now))
                           : Text::relativeTime(0, now));
    m_fields.lastAddress->setText(Text::orDash(v.lastAddress));
    m_fields.sessions->setText(QString::number(v.sessionCount));
    QStringList mos, moids;
    for (const store::MoSnapshot &snapshot : details.snapshots) {
        // "urn:oma:mo:oma-dm-fumo:1.0" reads as "oma-dm-fumo:1.0"; the full MOID is the tooltip.
        QString name = snapshot.moid;
        if (name.startsWith(u"urn:oma:mo:")) {
            name.remove(0, 11);
        }
        mos.append(name);
        moids.append(snapshot.moid);
    }
    m_fields.managementObjects->setText(mos.isEmpty() ? Text::orDash({}) : mos.join(u", "));
    m_fields.managementObjects->setToolTip(moids.join(u'\n'));

    m_fields.fwVersion->setText(Text::orDash(v.fwVersion));
    m_fields.swVersion->setText(Text::orDash(v.swVersion));
    m_fields.hwVersion->setText(Text::orDash(v.hwVersion));
    m_fields.rxswin->setText(v.rxswin.isEmpty() ? Text::orDash({}) : v.rxswin.join(u", "));
    m_fields.codecs->setText(v.codecs.isEmpty() ? Text::orDash({}) : v.codecs.join(u", "));
    m_fields.deltaMemory->setText(v.deltaMaxMemoryMiB ? tr("%1 MiB").arg(*v.deltaMaxMemoryMiB) : Text::orDash({}));

    QList<QStringList> ecus;
    for (const QJsonValue &value : v.ecus) {
        const QJsonObject ecu = value.toObject();
        ecus.append({ecu.value(u"Ecu").toString(), ecu.value(u"HwId").toString(), ecu.value(u"SwV").toString()});
    }
    DetailsTable::setRows(m_ecus, ecus);

    m_fields.state->setText(Text::vehicleState(v.state));
    m_fields.registeredAt->setText(Text::dateTime(v.registeredAtMs));
    if (const auto &reg = details.latestRegistration) {
        m_fields.proof->setText(Text::proofStatus(reg->proof));
        m_fields.requestedAt->setText(Text::dateTime(reg->requestedAtMs));
        m_fields.requestAddress->setText(Text::orDash(reg->peerAddress));
        if (reg->decidedAtMs > 0) {
            m_fields.decided->setText(tr("%1 by %2 (%3)")
                                          .arg(Text::dateTime(reg->decidedAtMs), Text::orDash(reg->decidedBy),
                                               Text::registrationState(reg->state)));
        } else {
            m_fields.decided->setText(tr("Not yet decided"));
        }
        m_fields.reason->setText(Text::orDash(reg->reason));
    } else {
        for (QLabel *label :
             {m_fields.proof, m_fields.requestedAt, m_fields.requestAddress, m_fields.decided, m_fields.reason}) {
            label->setText(Text::orDash({}));
        }
    }

    QList<QStringList> sessions;
    for (const store::SessionRecord &s : details.recentSessions) {
        sessions.append({Text::dateTime(s.startedAtMs), s.reason, Text::sessionState(s.state),
                         QString::number(s.packages), s.outcome});
    }
    DetailsTable::setRows(m_sessions, sessions);

    QList<QStringList> events;
    for (const store::EventRecord &e : details.recentEvents) {
        events.append({Text::dateTime(e.atMs), e.kind, e.actor, e.summary});
    }
    DetailsTable::setRows(m_events, events);

    m_stack->setCurrentIndex(1);
}

} // namespace flotilla::ui
