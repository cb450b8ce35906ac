#include "ui/DeltaBuilderDialog.h"

#include "server/EventBus.h"
#include "server/FleetService.h"
#include "server/releases/ReleaseService.h"
#include "server/updates/DeltaService.h"
#include "ui/Async.h"
#include "ui/DeltaTableModel.h"
#include "ui/PlaceholderTableView.h"
#include "ui/RefreshThrottle.h"
#include "ui/ReleaseTableModel.h"
#include "ui/Text.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <cmath>

using namespace std::chrono_literals;

namespace flotilla::ui {

using server::releases::ReleaseRecord;
using server::updates::DeltaService;

namespace {
constexpr int VersionRole = Qt::UserRole + 1;
} // namespace

struct DeltaBuilderDialog::Plan
{
    ReleaseRecord release;
    QList<DeltaService::Pair> pairs;             // from the fleet's versions
    QHash<QString, QMap<QString, QString>> held; // hwId → version → sha256
    QString error;
};

namespace {

struct Built
{
    QList<DeltaRow> rows;
    std::optional<DeltaService::Progress> progress;
    QString error;
};

} // namespace

DeltaBuilderDialog::DeltaBuilderDialog(server::FleetService &fleet, QThreadPool &pool, QWidget *parent)
    : QDialog(parent)
    , m_fleet(fleet)
    , m_pool(pool)
    , m_throttle(new RefreshThrottle(100ms, this))
    , m_releases(new QComboBox(this))
    , m_intro(new QLabel(this))
    , m_sources(new QTreeWidget(this))
    , m_addVersion(new QComboBox(this))
    , m_addVersionButton(new QPushButton(tr("&Add"), this))
    , m_sourcesMessage(new QLabel(this))
    , m_build(new QPushButton(QIcon(QStringLiteral(":/icons/delta.png")), tr("&Build"), this))
    , m_cancel(new QPushButton(QIcon(QStringLiteral(":/icons/reject.png")), tr("&Cancel build"), this))
    , m_progress(new QProgressBar(this))
    , m_progressLabel(new QLabel(this))
    , m_model(new DeltaTableModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_table(new PlaceholderTableView(this))
{
    setObjectName(QStringLiteral("deltaBuilderDialog"));
    setWindowTitle(tr("Build deltas"));
    connect(m_throttle, &RefreshThrottle::due, this, &DeltaBuilderDialog::fetch);
    m_poll.setInterval(500ms);
    connect(&m_poll, &QTimer::timeout, this, &DeltaBuilderDialog::refresh);

    m_releases->setObjectName(QStringLiteral("deltaRelease"));
    connect(m_releases, &QComboBox::currentIndexChanged, this, [this] {
        m_releaseId = m_releases->currentData().toLongLong();
        loadPlan();
    });
    m_intro->setWordWrap(true);
    m_intro->setText(tr("Every target gets a full payload. Deltas are much smaller: one per version a vehicle runs "
                        "now. Each is rebuilt here and checked against the target's SHA-256 before vehicles get it; "
                        "one that saves less than 10 % is not used."));

    m_sources->setObjectName(QStringLiteral("deltaSources"));
    m_sources->setHeaderLabels({tr("Build deltas from")});
    m_sources->setRootIsDecorated(true);
    m_sources->setUniformRowHeights(true);
    connect(m_sources, &QTreeWidget::itemChanged, this, &DeltaBuilderDialog::updateButtons);

    m_addVersion->setObjectName(QStringLiteral("deltaAddVersion"));
    m_addVersion->setEditable(true);
    m_addVersion->lineEdit()->setPlaceholderText(tr("Version no vehicle runs yet"));
    m_addVersion->setToolTip(tr("Versions of these targets' images the console holds; deltas need the source image"));
    m_addVersion->setMinimumContentsLength(12);
    m_addVersionButton->setObjectName(QStringLiteral("deltaAddVersionButton"));
    connect(m_addVersionButton, &QPushButton::clicked, this, &DeltaBuilderDialog::addVersion);
    connect(m_addVersion->lineEdit(), &QLineEdit::returnPressed, this, &DeltaBuilderDialog::addVersion);
    m_sourcesMessage->setObjectName(QStringLiteral("deltaSourcesMessage"));
    m_sourcesMessage->setWordWrap(true);

    m_build->setObjectName(QStringLiteral("deltaBuildButton"));
    m_build->setToolTip(tr("Build the full payloads and the checked deltas that are not built yet"));
    connect(m_build, &QPushButton::clicked, this, &DeltaBuilderDialog::build);
    m_cancel->setObjectName(QStringLiteral("deltaCancelButton"));
    m_cancel->setToolTip(tr("Stop building this release's payloads; the ones already built stay"));
    connect(m_cancel, &QPushButton::clicked, this, &DeltaBuilderDialog::cancelBuild);
    m_progress->setObjectName(QStringLiteral("deltaProgress"));
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_progressLabel->setObjectName(QStringLiteral("deltaProgressLabel"));
    m_progressLabel->setWordWrap(true);

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(DeltaTableModel::SortRole);
    m_table->setObjectName(QStringLiteral("deltaTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(DeltaTableModel::TargetColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->setPlaceholderText(tr("Nothing built for this release yet. Choose the versions and click Build; "
                                   "assigning the release to vehicles builds what they need too."));
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] { m_table->resizeColumnsToContents(); });

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Release:"), this));
    top->addWidget(m_releases, 1);

    auto *addRow = new QHBoxLayout;
    addRow->addWidget(new QLabel(tr("Add a version:"), this));
    addRow->addWidget(m_addVersion, 1);
    addRow->addWidget(m_addVersionButton);
    auto *buildRow = new QHBoxLayout;
    buildRow->addWidget(m_build);
    buildRow->addWidget(m_cancel);
    buildRow->addWidget(m_progress, 1);

    auto *sources = new QWidget(this);
    auto *sourcesLayout = new QVBoxLayout(sources);
    sourcesLayout->setContentsMargins(0, 0, 0, 0);
    sourcesLayout->addWidget(m_sources, 1);
    sourcesLayout->addLayout(addRow);
    sourcesLayout->addWidget(m_sourcesMessage);
    auto *results = new QWidget(this);
    auto *resultsLayout = new QVBoxLayout(results);
    resultsLayout->setContentsMargins(0, 0, 0, 0);
    resultsLayout->addLayout(buildRow);
    resultsLayout->addWidget(m_progressLabel);
    resultsLayout->addWidget(m_table, 1);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(sources);
    splitter->addWidget(results);
    splitter->setChildrenCollapsible(false);
    splitter->setSizes({220, 360});

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_intro);
    layout->addWidget(splitter, 1);
    layout->addWidget(buttons);
    resize(920, 640);

    connect(&m_fleet.eventBus(), &server::EventBus::deltaBuildsChanged, this, [this](qint64 releaseId) {
        if (releaseId == m_releaseId) {
            refresh();
        }
    });
    updateButtons();
}

DeltaBuilderDialog::~DeltaBuilderDialog() = default;

void DeltaBuilderDialog::setReleases(const QList<ReleaseRecord> &releases, qint64 releaseId)
{
    const QSignalBlocker blocker(m_releases);
    m_releases->clear();
    for (const ReleaseRecord &release : releases) {
        m_releases->addItem(ReleaseTableModel::label(release), release.id);
    }
    const int index = m_releases->findData(releaseId);
    m_releases->setCurrentIndex(std::max(index, 0));
    const qint64 shown = m_releases->currentData().toLongLong();
    if (shown != m_releaseId || m_sources->topLevelItemCount() == 0) {
        m_releaseId = shown;
        loadPlan();
    } else {
        refresh();
    }
}

QStringList DeltaBuilderDialog::checkedVersions() const
{
    QStringList versions;
    for (int i = 0; i < m_sources->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *target = m_sources->topLevelItem(i);
        for (int j = 0; j < target->childCount(); ++j) {
            const QTreeWidgetItem *source = target->child(j);
            const QString version = source->data(0, VersionRole).toString();
            if (source->checkState(0) == Qt::Checked && !versions.contains(version)) {
                versions.append(version);
            }
        }
    }
    return versions;
}

void DeltaBuilderDialog::loadPlan()
{
    m_sources->clear();
    m_addVersion->clear();
    m_sourcesMessage->clear();
    m_model->setRows({});
    m_heldVersions.clear();
    m_release = {};
    updateButtons();
    if (m_releaseId <= 0) {
        return;
    }
    const qint64 id = m_releaseId;
    const int request = ++m_planRequest;
    server::FleetService *fleet = &m_fleet;
    runInBackground(
        &m_pool, this,
        [fleet, id] {
            Plan plan;
            auto release = fleet->releases().find(id);
            if (!release || !release->has_value()) {
                plan.error = release ? tr("The release is not in the store any more.") : release.errorString();
                return plan;
            }
            plan.release = **release;
            auto pairs = fleet->deltas().plan(id);
            if (!pairs) {
                plan.error = pairs.errorString();
                return plan;
            }
            plan.pairs = std::move(*pairs);
            for (const server::releases::ReleaseTarget &target : std::as_const(plan.release.targets)) {
                if (plan.held.contains(target.hwId)) {
                    continue;
                }
                auto images = fleet->releases().imagesForHwId(target.hwId);
                if (!images) {
                    plan.error = images.errorString();
                    return plan;
                }
                QMap<QString, QString> versions;
                for (auto it = images->cbegin(); it != images->cend(); ++it) {
                    versions.insert(it.key(), it.value().sha256);
                }
                plan.held.insert(target.hwId, versions);
            }
            return plan;
        },
        [this, request](const Plan &plan) {
            if (request != m_planRequest) {
                return; // another release was chosen meanwhile
            }
            if (!plan.error.isEmpty()) {
                m_sourcesMessage->setText(tr("Could not read the release's build plan: %1").arg(plan.error));
                return;
            }
            showPlan(plan);
        });
}

QTreeWidgetItem *DeltaBuilderDialog::addSource(QTreeWidgetItem *target, const QString &version, const QString &note)
{
    auto *item = new QTreeWidgetItem(target, {tr("%1 (%2)").arg(version, note)});
    item->setData(0, VersionRole, version);
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(0, Qt::Checked);
    return item;
}

void DeltaBuilderDialog::showPlan(const Plan &plan)
{
    const QSignalBlocker blocker(m_sources);
    m_release = plan.release;
    m_heldVersions = plan.held;
    m_sources->clear();
    QStringList offered;
    for (const server::releases::ReleaseTarget &target : std::as_const(m_release.targets)) {
        auto *item = new QTreeWidgetItem(m_sources, {tr("%1 (%2) → %3").arg(target.ecu, target.hwId, target.version)});
        item->setData(0, Qt::UserRole, target.hwId);
        item->setToolTip(0, tr("The full payload of %1 is always built").arg(target.ecu));
        QFont bold = item->font(0);
        bold.setBold(true);
        item->setFont(0, bold);
        for (const DeltaService::Pair &pair : plan.pairs) {
            if (pair.ecu == target.ecu && !pair.fromVersion.isEmpty()) {
                addSource(item, pair.fromVersion, tr("vehicles run it"));
            }
        }
        if (item->childCount() == 0) {
            auto *none =
                new QTreeWidgetItem(item, {tr("no vehicle runs an older version the console has an image of")});
            none->setDisabled(true);
        }
        item->setExpanded(true);
        const QMap<QString, QString> held = m_heldVersions.value(target.hwId);
        for (auto it = held.cbegin(); it != held.cend(); ++it) {
            if (it.key() != target.version && !offered.contains(it.key())) {
                offered.append(it.key());
            }
        }
    }
    for (const QString &version : std::as_const(offered)) {
        m_addVersion->addItem(version);
    }
    m_addVersion->setCurrentText({});
    m_sourcesMessage->setText(m_release.targets.isEmpty() ? tr("This release has no targets.") : QString());
    updateButtons();
    refresh();
}

void DeltaBuilderDialog::addVersion()
{
    const QString version = m_addVersion->currentText().trimmed();
    if (version.isEmpty()) {
        return;
    }
    QStringList added;
    for (int i = 0; i < m_sources->topLevelItemCount(); ++i) {
        QTreeWidgetItem *target = m_sources->topLevelItem(i);
        const QString hwId = target->data(0, Qt::UserRole).toString();
        if (!m_heldVersions.value(hwId).contains(version)) {
            continue;
        }
        bool present = false;
        for (int j = 0; j < target->childCount(); ++j) {
            QTreeWidgetItem *child = target->child(j);
            if (child->data(0, VersionRole).toString() == version) {
                child->setCheckState(0, Qt::Checked);
                present = true;
            }
        }
        const server::releases::ReleaseTarget &releaseTarget = m_release.targets.at(i);
        if (!present && version != releaseTarget.version) {
            // The placeholder line goes once there is a real source.
            for (int j = target->childCount() - 1; j >= 0; --j) {
                if (!target->child(j)->data(0, VersionRole).isValid()) {
                    delete target->takeChild(j);
                }
            }
            addSource(target, version, tr("added"));
            added.append(releaseTarget.ecu);
        }
    }
    m_sourcesMessage->setText(added.isEmpty()
                                  ? tr("The console holds no image of version %1 for these targets. Import a release "
                                       "with that version first: a delta is built from the image it starts from.")
                                        .arg(version)
                                  : tr("Added %1 for %2.").arg(version, added.join(u", ")));
    m_addVersion->setCurrentText({});
    updateButtons();
}

void DeltaBuilderDialog::build()
{
    const qint64 id = m_releaseId;
    // With no source at all, the request builds the full payloads (and whatever the fleet needs).
    const QStringList versions = checkedVersions();
    m_build->setEnabled(false);
    server::FleetService *fleet = &m_fleet;
    runInBackground(
        &m_pool, this, [fleet, id, versions] { return fleet->deltas().request(id, versions); },
        [this, id](const Result<int> &queued) {
            if (id != m_releaseId) {
                return;
            }
            if (!queued) {
                m_progressLabel->setText(tr("Could not start the build: %1").arg(queued.errorString()));
                Q_EMIT errorOccurred(m_progressLabel->text());
            } else if (*queued == 0) {
                m_progressLabel->setText(tr("Everything checked is built already."));
            } else {
                m_progressLabel->setText(tr("%n payloads queued.", nullptr, *queued));
            }
            refresh();
        });
}

void DeltaBuilderDialog::cancelBuild()
{
    const qint64 id = m_releaseId;
    m_cancel->setEnabled(false);
    server::FleetService *fleet = &m_fleet;
    runInBackground(
        &m_pool, this, [fleet, id] { fleet->deltas().cancel(id); }, [this] { refresh(); });
}

void DeltaBuilderDialog::refresh()
{
    if (m_releaseId > 0 && !m_release.targets.isEmpty()) {
        m_throttle->request();
    }
}

void DeltaBuilderDialog::fetch()
{
    const qint64 id = m_releaseId;
    server::FleetService *fleet = &m_fleet;
    runInBackground(
        &m_pool, this,
        [fleet, id, release = m_release, held = m_heldVersions] {
            Built built;
            for (const DeltaService::Progress &progress : fleet->deltas().progress()) {
                if (progress.releaseId == id) {
                    built.progress = progress;
                }
            }
            for (const server::releases::ReleaseTarget &target : release.targets) {
                auto records = fleet->deltaRecords(target.image.sha256);
                if (!records) {
                    built.error = records.errorString();
                    return built;
                }
                // Source versions by image hash, and the full payload to compare deltas with.
                QHash<QString, QString> versionOf;
                const QMap<QString, QString> versions = held.value(target.hwId);
                for (auto it = versions.cbegin(); it != versions.cend(); ++it) {
                    versionOf.insert(it.value(), it.key());
                }
                qint64 full = 0;
                for (const store::DeltaRecord &record : std::as_const(*records)) {
                    if (record.fromSha256.isEmpty() && record.state == store::DeltaState::Ready && record.length > 0 &&
                        (full == 0 || record.length < full)) {
                        full = record.length;
                    }
                }
                for (const store::DeltaRecord &record : std::as_const(*records)) {
                    built.rows.append({target.ecu, versionOf.value(record.fromSha256), target.version, record, full});
                }
            }
            return built;
        },
        [this, id](const Built &built) {
            m_throttle->done();
            if (id != m_releaseId) {
                return;
            }
            if (!built.error.isEmpty()) {
                m_progressLabel->setText(tr("Could not read the built payloads: %1").arg(built.error));
                return;
            }
            m_model->setRows(built.rows);
            const auto &p = built.progress;
            const bool running = p && (p->queued > 0 || !p->current.isEmpty());
            if (running) {
                const int total = p->done + p->queued + (p->current.isEmpty() ? 0 : 1);
                const double done = p->done + std::clamp(p->currentFraction, 0.0, 1.0);
                m_progress->setValue(total > 0 ? static_cast<int>(std::lround(1000.0 * done / total)) : 0);
                m_progressLabel->setText(
                    p->current.isEmpty()
                        ? tr("%1 of %2 payloads built; waiting for the builder…").arg(p->done).arg(total)
                        : tr("%1 of %2 payloads built; now %3").arg(p->done).arg(total).arg(p->current));
            } else if (m_building) {
                m_progress->setValue(m_progress->maximum());
                m_progressLabel->setText(tr("Build finished."));
            }
            if (running != m_building) {
                m_building = running;
                if (running) {
                    m_poll.start();
                } else {
                    m_poll.stop();
                }
            }
            updateButtons();
        });
}

void DeltaBuilderDialog::updateButtons()
{
    const bool loaded = !m_release.targets.isEmpty();
    bool anySource = false;
    for (int i = 0; i < m_sources->topLevelItemCount() && !anySource; ++i) {
        for (int j = 0; j < m_sources->topLevelItem(i)->childCount(); ++j) {
            anySource = anySource || m_sources->topLevelItem(i)->child(j)->data(0, VersionRole).isValid();
        }
    }
    // Sources listed but all unchecked would ask for "what the fleet runs" instead: not what the
    // user said, so Build waits for a checked one.
    const bool buildable = loaded && (!anySource || !checkedVersions().isEmpty());
    m_build->setEnabled(buildable);
    m_build->setToolTip(buildable ? tr("Build the full payloads and the checked deltas that are not built yet")
                                  : tr("Check at least one version to build deltas from"));
    m_cancel->setEnabled(m_building);
    m_addVersion->setEnabled(loaded);
    m_addVersionButton->setEnabled(loaded);
    m_progress->setVisible(m_building || m_progress->value() > 0);
}

} // namespace flotilla::ui
