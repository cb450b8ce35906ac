#include "ui/ReleasesPage.h"

#include "server/EventBus.h"
#include "server/FleetService.h"
#include "server/releases/ReleaseService.h"
#include "ui/Async.h"
#include "ui/DeltaBuilderDialog.h"
#include "ui/PlaceholderTableView.h"
#include "ui/RefreshThrottle.h"
#include "ui/ReleaseDetailsPanel.h"
#include "ui/ReleaseImportDialog.h"
#include "ui/ReleaseTableModel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QVBoxLayout>

using namespace std::chrono_literals;

namespace flotilla::ui {

ReleasesPage::ReleasesPage(server::FleetService &fleet, QThreadPool &pool, QString operatorName, QWidget *parent)
    : QWidget(parent)
    , m_fleet(fleet)
    , m_pool(pool)
    , m_operator(std::move(operatorName))
    , m_throttle(new RefreshThrottle(100ms, this))
    , m_model(new ReleaseTableModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_filter(new QLineEdit(this))
    , m_countLabel(new QLabel(this))
    , m_import(new QPushButton(QIcon(QStringLiteral(":/icons/import.png")), tr("&Import…"), this))
    , m_table(new PlaceholderTableView(this))
    , m_details(new ReleaseDetailsPanel(fleet, pool, this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
{
    setObjectName(QStringLiteral("releasesPage"));
    connect(m_throttle, &RefreshThrottle::due, this, &ReleasesPage::fetch);

    m_import->setObjectName(QStringLiteral("importReleaseButton"));
    m_import->setToolTip(tr("Import a release from a folder with release.json, or put one together from image files"));
    connect(m_import, &QPushButton::clicked, this, &ReleasesPage::showImportDialog);

    m_filter->setObjectName(QStringLiteral("releaseFilter"));
    m_filter->setPlaceholderText(tr("Filter by name, version, hardware ID or ECU"));
    m_filter->setClearButtonEnabled(true);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(ReleaseTableModel::SortRole);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterFixedString(text);
        updateCountLabel();
    });
    m_countLabel->setObjectName(QStringLiteral("releaseCountLabel"));

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_import);
    bar->addSpacing(12);
    bar->addWidget(m_filter, 1);
    bar->addSpacing(12);
    bar->addWidget(m_countLabel);

    m_table->setObjectName(QStringLiteral("releaseTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(ReleaseTableModel::CreatedColumn, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setSectionsMovable(true);
    m_table->horizontalHeader()->setStretchLastSection(true);
    const QFontMetrics metrics = m_table->fontMetrics();
    QHeaderView *header = m_table->horizontalHeader();
    const auto setWidth = [&](int column, const QString &sample) {
        m_table->setColumnWidth(column,
                                std::max(metrics.horizontalAdvance(sample) + 16, header->sectionSizeHint(column)));
    };
    setWidth(ReleaseTableModel::NameColumn, QStringLiteral("headunit-firmware"));
    setWidth(ReleaseTableModel::VersionColumn, QStringLiteral("5.2.0"));
    setWidth(ReleaseTableModel::CounterColumn, QStringLiteral("100"));
    setWidth(ReleaseTableModel::KindColumn, tr("Application"));
    setWidth(ReleaseTableModel::HwIdsColumn, QStringLiteral("hu-mib3, tbox-oc4"));
    setWidth(ReleaseTableModel::TargetsColumn, QStringLiteral("headunit, tbox"));
    setWidth(ReleaseTableModel::SignatureColumn, tr("Valid"));
    setWidth(ReleaseTableModel::CreatedColumn, QStringLiteral("2026-01-01 00:00:00"));
    m_table->setPlaceholderText(tr("Loading releases…"));
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ReleasesPage::onCurrentChanged);

    m_details->setMinimumWidth(360);
    m_splitter->setObjectName(QStringLiteral("releaseSplitter"));
    m_splitter->addWidget(m_table);
    m_splitter->addWidget(m_details);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setSizes({700, 520});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addLayout(bar);
    layout->addWidget(m_splitter, 1);

    connect(m_details, &ReleaseDetailsPanel::assignRequested, this, &ReleasesPage::assignRequested);
    connect(m_details, &ReleaseDetailsPanel::deltasRequested, this, &ReleasesPage::showDeltaBuilder);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &ReleasesPage::updateCountLabel);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &ReleasesPage::updateCountLabel);
    updateCountLabel();
}

ReleasesPage::~ReleasesPage() = default;

void ReleasesPage::start()
{
    const server::EventBus &bus = m_fleet.eventBus();
    connect(&bus, &server::EventBus::releasesChanged, m_throttle, &RefreshThrottle::request);
    connect(&bus, &server::EventBus::jobsChanged, m_details, &ReleaseDetailsPanel::refreshJobs);
    m_throttle->request();
}

qint64 ReleasesPage::currentReleaseId() const
{
    const QModelIndex current = m_table->currentIndex();
    return current.isValid() ? current.data(ReleaseTableModel::IdRole).toLongLong() : 0;
}

void ReleasesPage::selectRelease(qint64 id)
{
    const int row = m_model->rowOfId(id);
    if (row < 0) {
        m_pendingSelection = id; // selected when the next refresh brings it
        m_throttle->request();
        return;
    }
    m_pendingSelection = 0;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!index.isValid()) {
        m_filter->clear(); // the filter hides it
    }
    const QModelIndex shown = m_proxy->mapFromSource(m_model->index(row, 0));
    m_table->setCurrentIndex(shown);
    m_table->selectRow(shown.row());
    m_table->scrollTo(shown);
}

void ReleasesPage::saveState(QSettings &settings) const
{
    settings.setValue(QStringLiteral("releases/splitter"), m_splitter->saveState());
    settings.setValue(QStringLiteral("releases/header"), m_table->horizontalHeader()->saveState());
}

void ReleasesPage::restoreState(const QSettings &settings)
{
    m_splitter->restoreState(settings.value(QStringLiteral("releases/splitter")).toByteArray());
    m_table->horizontalHeader()->restoreState(settings.value(QStringLiteral("releases/header")).toByteArray());
}

void ReleasesPage::fetch()
{
    server::FleetService *fleet = &m_fleet;
    runInBackground(
        &m_pool, this, [fleet] { return fleet->releases().list(); },
        [this](const Result<QList<server::releases::ReleaseRecord>> &result) {
            m_throttle->done();
            if (!result) {
                Q_EMIT errorOccurred(tr("Could not load the releases: %1").arg(result.errorString()));
                return;
            }
            m_model->setReleases(*result);
            m_loaded = true;
            m_table->setPlaceholderText(tr("No releases yet.\nImport one with Import…: a folder with release.json "
                                           "and its images, or image files you pick."));
            updateCountLabel();
            if (m_pendingSelection > 0) {
                selectRelease(m_pendingSelection);
            } else if (currentReleaseId() == 0 && m_proxy->rowCount() > 0) {
                m_table->selectRow(0);
                m_table->setCurrentIndex(m_proxy->index(0, 0));
            }
        });
}

void ReleasesPage::onCurrentChanged()
{
    const qint64 id = currentReleaseId();
    const int row = m_model->rowOfId(id);
    m_details->showRelease(row >= 0 ? std::optional(m_model->releaseAt(row)) : std::nullopt);
}

void ReleasesPage::updateCountLabel()
{
    const int total = m_model->rowCount();
    const int shown = m_proxy->rowCount();
    m_countLabel->setText(shown == total ? tr("Releases: %1").arg(total)
                                         : tr("Showing %1 of %2").arg(shown).arg(total));
}

void ReleasesPage::showImportDialog()
{
    if (!m_importDialog) {
        m_importDialog = new ReleaseImportDialog(m_fleet, m_pool, m_operator, this);
        connect(m_importDialog, &ReleaseImportDialog::imported, this, [this](qint64 id, const QString &label) {
            Q_EMIT message(tr("Imported release %1.").arg(label));
            selectRelease(id);
        });
    }
    m_importDialog->show();
    m_importDialog->raise();
    m_importDialog->activateWindow();
}

void ReleasesPage::showDeltaBuilder(qint64 releaseId)
{
    if (!m_deltaDialog) {
        m_deltaDialog = new DeltaBuilderDialog(m_fleet, m_pool, this);
        connect(m_deltaDialog, &DeltaBuilderDialog::errorOccurred, this, &ReleasesPage::errorOccurred);
    }
    m_deltaDialog->setReleases(m_model->releases(), releaseId);
    m_deltaDialog->show();
    m_deltaDialog->raise();
    m_deltaDialog->activateWindow();
}

} // namespace flotilla::ui
