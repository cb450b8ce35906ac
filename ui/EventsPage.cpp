#include "ui/EventsPage.h"

#include "server/EventBus.h"
#include "server/FleetService.h"
#include "ui/Async.h"
#include "ui/EventLogModel.h"
#include "ui/PlaceholderTableView.h"
#include "ui/RefreshThrottle.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QVBoxLayout>

using namespace std::chrono_literals;

namespace flotilla::ui {

EventsPage::EventsPage(server::FleetService &fleet, QThreadPool &pool, QWidget *parent)
    : QWidget(parent)
    , m_fleet(fleet)
    , m_pool(pool)
    , m_throttle(new RefreshThrottle(100ms, this))
    , m_model(new EventLogModel(10000, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_filter(new QLineEdit(this))
    , m_table(new PlaceholderTableView(this))
{
    setObjectName(QStringLiteral("eventsPage"));
    connect(m_throttle, &RefreshThrottle::due, this, &EventsPage::fetch);

    m_filter->setObjectName(QStringLiteral("eventFilter"));
    m_filter->setPlaceholderText(tr("Filter events by kind, VIN, actor or summary"));
    m_filter->setClearButtonEnabled(true);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(EventLogModel::SortRole);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);

    m_table->setObjectName(QStringLiteral("eventsView"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(EventLogModel::TimeColumn, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    const QFontMetrics metrics = m_table->fontMetrics();
    m_table->setColumnWidth(EventLogModel::TimeColumn,
                            metrics.horizontalAdvance(QStringLiteral("2026-01-01 00:00:00")) + 24);
    m_table->setColumnWidth(EventLogModel::KindColumn,
                            metrics.horizontalAdvance(QStringLiteral("registration.accepted")) + 24);
    m_table->setColumnWidth(EventLogModel::VinColumn,
                            metrics.horizontalAdvance(QStringLiteral("WVWZZZ1JZXW000000")) + 24);
    m_table->setColumnWidth(EventLogModel::ActorColumn,
                            metrics.horizontalAdvance(QStringLiteral("operator-name")) + 24);
    m_table->setPlaceholderText(tr("No events yet. Registrations, decisions and sessions are logged here."));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addWidget(m_filter);
    layout->addWidget(m_table, 1);
}

EventsPage::~EventsPage() = default;

void EventsPage::start()
{
    connect(&m_fleet.eventBus(), &server::EventBus::eventsAppended, this, &EventsPage::onEventsAppended);
    m_throttle->request();
}

void EventsPage::saveState(QSettings &settings) const
{
    settings.setValue(QStringLiteral("events/header"), m_table->horizontalHeader()->saveState());
}

void EventsPage::restoreState(const QSettings &settings)
{
    m_table->horizontalHeader()->restoreState(settings.value(QStringLiteral("events/header")).toByteArray());
}

void EventsPage::onEventsAppended(qint64 lastEventId)
{
    m_knownLastId = std::max(m_knownLastId, lastEventId);
    if (m_knownLastId > m_model->lastId()) {
        m_throttle->request();
    }
}

void EventsPage::fetch()
{
    struct Fetched
    {
        QList<store::EventRecord> events;
        QString error;
        bool more = false;
    };
    server::FleetService *fleet = &m_fleet;
    runInBackground(
        &m_pool, this,
        [fleet, afterId = m_model->lastId(), maxRows = m_model->maxRows()] {
            // The store pages forward from an id. Keep only the newest maxRows while catching up,
            // handing at most a few pages to the GUI at a time.
            Fetched fetched;
            qint64 cursor = afterId;
            for (int pages = 0; pages < 20; ++pages) {
                auto page = fleet->events(cursor, PageSize);
                if (!page) {
                    fetched.error = page.errorString();
                    return fetched;
                }
                const qsizetype count = page->size();
                if (count > 0) {
                    cursor = page->last().id;
                }
                fetched.events.append(std::move(*page));
                if (fetched.events.size() > maxRows) {
                    fetched.events.remove(0, fetched.events.size() - maxRows);
                }
                if (count < PageSize) {
                    return fetched;
                }
            }
            fetched.more = true;
            return fetched;
        },
        [this](Fetched fetched) {
            m_throttle->done();
            if (!fetched.error.isEmpty()) {
                Q_EMIT errorOccurred(tr("Could not load the event log: %1").arg(fetched.error));
                return;
            }
            m_model->addEvents(fetched.events);
            // Ask again only while the store still hands out rows, never in a loop on an id it
            // does not return.
            if (fetched.more || (!fetched.events.isEmpty() && m_knownLastId > m_model->lastId())) {
                m_throttle->request();
            }
        });
}

} // namespace flotilla::ui
