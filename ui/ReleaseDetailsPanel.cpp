#include "ui/ReleaseDetailsPanel.h"

#include "server/FleetService.h"
#include "server/updates/UpdateEngine.h"
#include "ui/Async.h"
#include "ui/DetailsPages.h"
#include "ui/DetailsTable.h"
#include "ui/RefreshThrottle.h"
#include "ui/ReleaseTableModel.h"
#include "ui/Text.h"

#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace std::chrono_literals;

namespace flotilla::ui {

using server::releases::ReleaseRecord;

ReleaseDetailsPanel::ReleaseDetailsPanel(server::FleetService &fleet, QThreadPool &pool, QWidget *parent)
    : QWidget(parent)
    , m_fleet(fleet)
    , m_pool(pool)
    , m_throttle(new RefreshThrottle(100ms, this))
    , m_content(nullptr)
    , m_sections(nullptr)
{
    setObjectName(QStringLiteral("releaseDetails"));
    connect(m_throttle, &RefreshThrottle::due, this, &ReleaseDetailsPanel::fetchJobs);

    const DetailsPages pages = DetailsPages::create(this, QStringLiteral("releaseDetails"));
    m_stack = pages.stack;
    m_message = pages.message;
    m_content = pages.content;
    m_sections = pages.sections;
    m_title = pages.title;
    m_title->setWordWrap(true);

    auto *actions = new QHBoxLayout;
    m_assign = new QPushButton(QIcon(QStringLiteral(":/icons/update.png")), tr("Assign to vehicles…"), m_content);
    m_assign->setObjectName(QStringLiteral("releaseAssignButton"));
    m_assign->setToolTip(tr("Choose vehicles to update to this release"));
    m_deltas = new QPushButton(QIcon(QStringLiteral(":/icons/delta.png")), tr("Build deltas…"), m_content);
    m_deltas->setObjectName(QStringLiteral("releaseDeltasButton"));
    m_deltas->setToolTip(
        tr("Build the payloads of this release: full images and deltas from the versions vehicles run"));
    actions->addWidget(m_assign);
    actions->addWidget(m_deltas);
    actions->addStretch(1);
    m_sections->addLayout(actions);
    connect(m_assign, &QPushButton::clicked, this, [this] { Q_EMIT assignRequested(releaseId()); });
    connect(m_deltas, &QPushButton::clicked, this, [this] { Q_EMIT deltasRequested(releaseId()); });

    auto *release = new QFormLayout;
    m_fields.name = addField(release, tr("Name"), QStringLiteral("releaseName"));
    m_fields.version = addField(release, tr("Version"), QStringLiteral("releaseVersion"));
    m_fields.counter = addField(release, tr("Release counter"), QStringLiteral("releaseCounter"));
    m_fields.kind = addField(release, tr("Kind"), QStringLiteral("releaseKind"));
    m_fields.hwIds = addField(release, tr("Hardware IDs"), QStringLiteral("releaseHwIds"));
    m_fields.rxswin = addField(release, tr("RXSWIN"), QStringLiteral("releaseRxswin"));
    m_fields.created = addField(release, tr("Imported"), QStringLiteral("releaseCreated"));
    m_fields.counter->setToolTip(tr("Vehicles refuse a release whose counter is lower than the one they run"));
    m_fields.rxswin->setToolTip(tr("Regulation X Software Identification Numbers (UNECE R156) after the update"));
    addSection(tr("Release"), release);

    auto *signature = new QFormLayout;
    m_fields.signature = addField(signature, tr("Status"), QStringLiteral("releaseSignature"));
    m_fields.keyId = addField(signature, tr("Key ID"), QStringLiteral("releaseKeyId"));
    m_fields.keyId->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    addSection(tr("OEM signature"), signature);

    m_targets = DetailsTable::make({tr("ECU"), tr("Hardware ID"), tr("Version"), tr("Length")},
                                   QStringLiteral("releaseTargets"), m_content);
    addSection(tr("Targets"), m_targets);

    // One row per hash, so that a 64-digit SHA-256 gets the panel's width and copies on its own.
    m_hashes = DetailsTable::make({tr("ECU"), tr("Hash"), tr("Value")}, QStringLiteral("releaseHashes"), m_content);
    m_hashes->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_hashes->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_hashes->setToolTip(tr("Select a value and press Ctrl+C to copy it"));
    addSection(tr("Image hashes"), m_hashes);

    auto *install = new QFormLayout;
    m_fields.preconditions = addField(install, tr("Preconditions"), QStringLiteral("releasePreconditions"));
    m_fields.dtcs = addField(install, tr("DTCs to clear"), QStringLiteral("releaseDtcs"));
    m_fields.preconditions->setToolTip(tr("What the vehicle checks before it installs"));
    m_fields.dtcs->setToolTip(tr("Diagnostic trouble codes the vehicle clears after installing"));
    addSection(tr("Installation"), install);

    m_userTexts = DetailsTable::make({tr("Language"), tr("Text shown to the owner")},
                                     QStringLiteral("releaseUserTexts"), m_content);
    m_userTexts->setWordWrap(true);
    addSection(tr("User texts"), m_userTexts);

    auto *jobs = new QWidget(m_content);
    auto *jobsLayout = new QVBoxLayout(jobs);
    jobsLayout->setContentsMargins(0, 0, 0, 0);
    m_fields.jobs = new QLabel(jobs);
    m_fields.jobs->setObjectName(QStringLiteral("releaseJobsSummary"));
    m_fields.jobs->setWordWrap(true);
    m_jobTable = DetailsTable::make({tr("State"), tr("Vehicles")}, QStringLiteral("releaseJobs"), jobs);
    jobsLayout->addWidget(m_fields.jobs);
    jobsLayout->addWidget(m_jobTable);
    addSection(tr("Update jobs"), jobs);
    m_sections->addStretch(1);

    showRelease(std::nullopt);
}

ReleaseDetailsPanel::~ReleaseDetailsPanel() = default;

QLabel *ReleaseDetailsPanel::addField(QFormLayout *form, const QString &label, const QString &objectName)
{
    auto *value = new QLabel(m_content);
    value->setObjectName(objectName);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setWordWrap(true);
    form->addRow(label + u':', value);
    return value;
}

void ReleaseDetailsPanel::addSection(const QString &title, QWidget *content)
{
    auto *box = new QGroupBox(title, m_content);
    auto *layout = new QVBoxLayout(box);
    layout->addWidget(content);
    m_sections->addWidget(box);
}

void ReleaseDetailsPanel::addSection(const QString &title, QFormLayout *form)
{
    auto *box = new QGroupBox(title, m_content);
    box->setLayout(form);
    m_sections->addWidget(box);
}

QString ReleaseDetailsPanel::preconditionsText(const ReleaseRecord &release)
{
    const update::Preconditions &p = release.preconditions;
    QStringList parts;
    if (p.minBatteryPct > 0) {
        parts.append(tr("battery at least %1 %").arg(p.minBatteryPct));
    }
    if (p.parked) {
        parts.append(tr("parked"));
    }
    if (p.ignitionOff) {
        parts.append(tr("ignition off"));
    }
    parts.append(p.consent == u"not-required" ? tr("no owner consent needed") : tr("owner consent required"));
    return parts.join(u" · ");
}

void ReleaseDetailsPanel::showRelease(const std::optional<ReleaseRecord> &release)
{
    const bool same = release && m_release && release->id == m_release->id;
    m_release = release;
    if (!release) {
        m_message->setText(tr("Select a release to see its targets, hashes and update jobs.\n"
                              "Import one with Import…."));
        m_stack->setCurrentIndex(0);
        return;
    }
    const ReleaseRecord &r = *release;
    m_title->setText(ReleaseTableModel::label(r));
    m_fields.name->setText(r.name);
    m_fields.version->setText(r.version);
    m_fields.counter->setText(QString::number(r.releaseCounter));
    m_fields.kind->setText(r.kind == u"application" ? tr("Application (SCOMO components)")
                                                    : tr("Firmware (FUMO, ECU images)"));
    m_fields.hwIds->setText(r.hwIds.isEmpty() ? Text::orDash({}) : r.hwIds.join(u", "));
    m_fields.rxswin->setText(r.rxswin.isEmpty() ? Text::orDash({}) : r.rxswin.join(u", "));
    m_fields.created->setText(tr("%1 by %2").arg(Text::dateTime(r.createdAtMs), Text::orDash(r.createdBy)));
    const bool signedByOem = r.oemSignature == u"valid";
    m_fields.signature->setText(signedByOem ? tr("Valid: signed by the OEM, checked at import")
                                            : tr("None: imported without an OEM signature"));
    m_fields.keyId->setText(signedByOem ? Text::orDash(r.oemKeyId) : Text::orDash({}));

    QList<QStringList> targets;
    QList<QStringList> hashes;
    for (const server::releases::ReleaseTarget &t : r.targets) {
        targets.append(
            {t.ecu, t.hwId, t.version, tr("%1 (%2 bytes)").arg(Text::byteSize(t.image.length)).arg(t.image.length)});
        hashes.append({t.ecu, QStringLiteral("SHA-256"), t.image.sha256});
        hashes.append({t.ecu, QStringLiteral("SHA-1"), t.image.sha1});
        hashes.append({t.ecu, QStringLiteral("MD5"), t.image.md5});
    }
    DetailsTable::setRows(m_targets, targets);
    DetailsTable::setRows(m_hashes, hashes);

    m_fields.preconditions->setText(preconditionsText(r));
    m_fields.dtcs->setText(r.dtcsToClear.isEmpty() ? tr("none") : r.dtcsToClear.join(u", "));

    QList<QStringList> texts;
    for (auto it = r.userText.cbegin(); it != r.userText.cend(); ++it) {
        texts.append({it.key(), it.value()});
    }
    DetailsTable::setRows(m_userTexts, texts);
    m_userTexts->resizeRowsToContents();

    if (!same) {
        m_jobCounts.clear();
        m_fields.jobs->setText(tr("Loading…"));
        DetailsTable::setRows(m_jobTable, {});
    }
    m_stack->setCurrentIndex(1);
    m_throttle->request();
}

void ReleaseDetailsPanel::refreshJobs()
{
    if (m_release) {
        m_throttle->request();
    }
}

void ReleaseDetailsPanel::fetchJobs()
{
    if (!m_release) {
        m_throttle->done();
        return;
    }
    const qint64 id = m_release->id;
    server::FleetService *fleet = &m_fleet;
    runInBackground(
        &m_pool, this,
        [fleet, id]() -> Result<QMap<store::JobState, int>> {
            auto jobs = fleet->updates().jobsForRelease(id);
            if (!jobs) {
                return jobs.error();
            }
            QMap<store::JobState, int> counts;
            for (const store::UpdateJobRecord &job : std::as_const(*jobs)) {
                ++counts[job.state];
            }
            return counts;
        },
        [this, id](const Result<QMap<store::JobState, int>> &result) {
            m_throttle->done();
            if (id != releaseId()) {
                return; // another release is shown now; the throttle fetches for it
            }
            if (!result) {
                m_fields.jobs->setText(tr("Could not load the update jobs: %1").arg(result.errorString()));
                return;
            }
            showJobCounts(*result);
        });
}

void ReleaseDetailsPanel::showJobCounts(const QMap<store::JobState, int> &counts)
{
    m_jobCounts = counts;
    int total = 0;
    int active = 0;
    QList<QStringList> rows;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        total += it.value();
        active += store::isTerminal(it.key()) ? 0 : it.value();
        rows.append({Text::jobState(it.key()), QString::number(it.value())});
    }
    DetailsTable::setRows(m_jobTable, rows);
    int row = 0;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it, ++row) {
        QTableWidgetItem *item = m_jobTable->item(row, 0);
        item->setForeground(Text::jobStateColor(it.key()));
        item->setToolTip(Text::jobStateToolTip(it.key()));
    }
    m_jobTable->setVisible(total > 0);
    m_fields.jobs->setText(total == 0 ? tr("Not assigned to any vehicle yet. Use Assign to vehicles….")
                                      : tr("%1 jobs, %2 of them still running.").arg(total).arg(active));
}

} // namespace flotilla::ui
