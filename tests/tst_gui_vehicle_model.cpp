// VehicleTableModel and its proxy: structure checked by QAbstractItemModelTester while rows are
// added and updated; O(1) VIN lookup; in-place updates that keep rows, persistent indexes and
// selections, with dataChanged for exactly the rows that changed.
#include "core/Clock.h"
#include "ui/VehicleFilterProxyModel.h"
#include "ui/VehicleTableModel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QItemSelectionModel>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace flotilla;
using flotilla::ui::VehicleRow;
using flotilla::ui::VehicleTableModel;

namespace {

VehicleRow vehicle(int n, store::VehicleState state = store::VehicleState::Accepted)
{
    VehicleRow row;
    row.record.id = n;
    row.record.vin = QStringLiteral("WVWZZZ1JZXW%1").arg(n, 6, 10, QLatin1Char('0'));
    row.record.devId = QStringLiteral("HU-7731-%1").arg(n, 4, 10, QLatin1Char('0'));
    row.record.model = n % 2 ? QStringLiteral("Golf") : QStringLiteral("Passat");
    row.record.oem = n % 3 ? QStringLiteral("panasonic") : QStringLiteral("harman");
    row.record.fwVersion = QStringLiteral("firmware0.4");
    row.record.swVersion = QStringLiteral("1.2.%1").arg(n);
    row.record.state = state;
    row.record.sessionCount = n;
    row.record.lastSeenAtMs = 1'790'000'000'000 - n * 1000;
    row.record.updatedAtMs = 1'790'000'000'000;
    return row;
}

QList<VehicleRow> vehicles(int count)
{
    QList<VehicleRow> rows;
    for (int n = 0; n < count; ++n) {
        rows.append(vehicle(n));
    }
    return rows;
}

QList<int> changedRows(const QSignalSpy &spy)
{
    QList<int> rows;
    for (const QList<QVariant> &signal : spy) {
        const auto topLeft = signal.at(0).value<QModelIndex>();
        const auto bottomRight = signal.at(1).value<QModelIndex>();
        for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
            rows.append(row);
        }
    }
    return rows;
}

} // namespace

class TestVehicleModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void emptyModel();
    void insertsAppendWithOneSignal();
    void lookupByVin();
    void updateKeepsRowAndSignalsThatRow();
    void unchangedRowsEmitNothing();
    void adjacentChangesShareASignal();
    void mostRowsChangedEmitsOnce();
    void mixedBatchUpdatesAndInserts();
    void onlineChangesTouchOneCell();
    void lastSeenIsRelative();
    void proxyFiltersTextAndState();
    void proxyFollowsLiveUpdates();
    void filterSeesUpdatedFields();
    void proxySortsTypedColumns();
    void selectionSurvivesUpdates();

private:
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<VehicleTableModel> m_model;
    std::unique_ptr<ui::VehicleFilterProxyModel> m_proxy;
    std::unique_ptr<QAbstractItemModelTester> m_modelTester;
    std::unique_ptr<QAbstractItemModelTester> m_proxyTester;
};

void TestVehicleModel::init()
{
    m_clock = std::make_unique<ManualClock>(1'790'000'000'000);
    m_model = std::make_unique<VehicleTableModel>(*m_clock);
    m_proxy = std::make_unique<ui::VehicleFilterProxyModel>();
    m_proxy->setSourceModel(m_model.get());
    m_proxy->sort(VehicleTableModel::VinColumn);
    m_modelTester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                               QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_proxyTester = std::make_unique<QAbstractItemModelTester>(m_proxy.get(),
                                                               QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void TestVehicleModel::cleanup()
{
    m_proxyTester.reset();
    m_modelTester.reset();
    m_proxy.reset();
    m_model.reset();
    m_clock.reset();
}

void TestVehicleModel::emptyModel()
{
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(m_model->columnCount(), int(VehicleTableModel::ColumnCount));
    QCOMPARE(m_model->rowOfVin(QStringLiteral("WVWZZZ1JZXW000001")), -1);
    for (int column = 0; column < VehicleTableModel::ColumnCount; ++column) {
        QVERIFY(!m_model->headerData(column, Qt::Horizontal).toString().isEmpty());
        QVERIFY2(!m_model->headerData(column, Qt::Horizontal, Qt::ToolTipRole).toString().isEmpty(),
                 "every column explains itself in a tooltip");
    }
}

void TestVehicleModel::insertsAppendWithOneSignal()
{
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    m_model->upsert(vehicles(3));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 2);
    QCOMPARE(m_model->rowCount(), 3);

    m_model->upsert({vehicle(10)});
    QCOMPARE(inserted.size(), 2);
    QCOMPARE(inserted.at(1).at(1).toInt(), 3);
    QCOMPARE(m_model->index(3, VehicleTableModel::VinColumn).data().toString(), vehicle(10).record.vin);
    QCOMPARE(m_proxy->rowCount(), 4);
}

void TestVehicleModel::lookupByVin()
{
    // The hash lookup is what keeps a 10,000-vehicle check-in burst cheap; check it stays exact
    // over a large table (its speed is measured in bench/, not here).
    m_modelTester.reset();
    m_proxyTester.reset();
    m_model->upsert(vehicles(20000));
    QCOMPARE(m_model->rowCount(), 20000);
    for (const int n : {0, 1, 9999, 19999}) {
        const int row = m_model->rowOfVin(vehicle(n).record.vin);
        QCOMPARE(row, n);
        QCOMPARE(m_model->vehicleAt(row).record.vin, vehicle(n).record.vin);
    }
    QCOMPARE(m_model->rowOfVin(QStringLiteral("NOPE")), -1);
}

void TestVehicleModel::updateKeepsRowAndSignalsThatRow()
{
    m_model->upsert(vehicles(5));
    const QPersistentModelIndex persistent = m_model->index(2, VehicleTableModel::VinColumn);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy layout(m_model.get(), &QAbstractItemModel::layoutChanged);

    VehicleRow updated = vehicle(2);
    updated.record.swVersion = QStringLiteral("2.0.0");
    updated.record.sessionCount = 42;
    m_model->upsert({updated});

    QCOMPARE(m_model->rowCount(), 5);
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(layout.size(), 0);
    QCOMPARE(changedRows(changed), QList<int>{2});
    QVERIFY(persistent.isValid());
    QCOMPARE(persistent.row(), 2);
    QCOMPARE(m_model->index(2, VehicleTableModel::VersionsColumn).data().toString(),
             QStringLiteral("firmware0.4 / 2.0.0"));
    QCOMPARE(m_model->index(2, VehicleTableModel::SessionsColumn).data().toLongLong(), 42);
}

void TestVehicleModel::unchangedRowsEmitNothing()
{
    m_model->upsert(vehicles(5));
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    m_model->upsert(vehicles(5));
    QCOMPARE(changed.size(), 0);
}

void TestVehicleModel::adjacentChangesShareASignal()
{
    m_model->upsert(vehicles(10));
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QList<VehicleRow> updates;
    for (const int n : {7, 3, 2, 4}) {
        VehicleRow row = vehicle(n);
        row.record.lastSeenAtMs += 60'000;
        updates.append(row);
    }
    m_model->upsert(updates);
    QCOMPARE(changed.size(), 2); // rows 2-4 and row 7
    QCOMPARE(changedRows(changed), (QList<int>{2, 3, 4, 7}));
    for (const QList<QVariant> &signal : changed) {
        QCOMPARE(signal.at(0).value<QModelIndex>().column(), 0);
        QCOMPARE(signal.at(1).value<QModelIndex>().column(), VehicleTableModel::ColumnCount - 1);
    }
}

void TestVehicleModel::mostRowsChangedEmitsOnce()
{
    m_model->upsert(vehicles(10));
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QList<VehicleRow> updates;
    for (const int n : {0, 2, 4, 5, 6, 8, 9}) {
        VehicleRow row = vehicle(n);
        row.record.state = store::VehicleState::Blocked;
        updates.append(row);
    }
    m_model->upsert(updates);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 0);
    QCOMPARE(changed.at(0).at(1).value<QModelIndex>().row(), 9);
}

void TestVehicleModel::mixedBatchUpdatesAndInserts()
{
    m_model->upsert(vehicles(3));
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    VehicleRow updated = vehicle(1);
    updated.record.fwVersion = QStringLiteral("firmware0.5");
    VehicleRow newer = vehicle(5);
    newer.record.sessionCount = 99;
    m_model->upsert({vehicle(5), updated, newer, vehicle(6)}); // vehicle 5 twice: the later row wins
    QCOMPARE(m_model->rowCount(), 5);
    QCOMPARE(changedRows(changed), QList<int>{1});
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(m_model->vehicleAt(m_model->rowOfVin(vehicle(5).record.vin)).record.sessionCount, 99);
    QCOMPARE(m_model->rowOfVin(vehicle(6).record.vin), 4);
}

void TestVehicleModel::onlineChangesTouchOneCell()
{
    QList<VehicleRow> rows = vehicles(4);
    rows[1].online = true;
    rows[3].online = true;
    m_model->upsert(rows);
    QCOMPARE(m_model->onlineCount(), 2);
    QCOMPARE(m_model->onlineRecords().size(), 2);

    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    m_model->setOnline({rows[1].record.vin, rows[2].record.vin, QStringLiteral("UNKNOWN")}, false);
    QCOMPARE(changed.size(), 1);
    const auto cell = changed.at(0).at(0).value<QModelIndex>();
    QCOMPARE(cell.row(), 1);
    QCOMPARE(cell.column(), int(VehicleTableModel::OnlineColumn));
    QCOMPARE(changed.at(0).at(1).value<QModelIndex>(), cell);
    QCOMPARE(m_model->onlineCount(), 1);
    QCOMPARE(m_model->index(1, VehicleTableModel::OnlineColumn).data(VehicleTableModel::OnlineRole).toBool(), false);
}

void TestVehicleModel::lastSeenIsRelative()
{
    VehicleRow row = vehicle(0);
    row.record.lastSeenAtMs = m_clock->nowMs() - 12'000;
    VehicleRow never = vehicle(1);
    never.record.lastSeenAtMs = 0;
    m_model->upsert({row, never});
    const QModelIndex cell = m_model->index(0, VehicleTableModel::LastSeenColumn);
    QCOMPARE(cell.data().toString(), QStringLiteral("12 s ago"));
    QCOMPARE(m_model->index(1, VehicleTableModel::LastSeenColumn).data().toString(), QStringLiteral("never"));
    QCOMPARE(cell.data(VehicleTableModel::SortRole).toLongLong(), row.record.lastSeenAtMs);

    m_clock->advanceMs(3 * 60'000);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    m_model->notifyLastSeenChanged(0, 5);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>(), cell);
    QCOMPARE(changed.at(0).at(1).value<QModelIndex>().row(), 1); // clamped to the table
    QVERIFY(changed.at(0).at(2).value<QList<int>>().contains(Qt::DisplayRole));
    QCOMPARE(cell.data().toString(), QStringLiteral("3 min ago"));
}

void TestVehicleModel::proxyFiltersTextAndState()
{
    QList<VehicleRow> rows = vehicles(6);
    rows[4].record.state = store::VehicleState::Pending;
    rows[5].record.state = store::VehicleState::Pending;
    m_model->upsert(rows);

    m_proxy->setFilterText(QStringLiteral("passat")); // model, case-insensitive: 0, 2, 4
    QCOMPARE(m_proxy->rowCount(), 3);
    m_proxy->setFilterText(QStringLiteral("HU-7731-0003")); // DevID
    QCOMPARE(m_proxy->rowCount(), 1);
    QCOMPARE(m_proxy->index(0, 0).data(VehicleTableModel::VinRole).toString(), rows[3].record.vin);
    m_proxy->setFilterText(QStringLiteral("harman")); // OEM: 0, 3
    QCOMPARE(m_proxy->rowCount(), 2);
    m_proxy->setFilterText(QStringLiteral("xw000005")); // VIN
    QCOMPARE(m_proxy->rowCount(), 1);

    m_proxy->setFilterText({});
    m_proxy->setStateFilter(store::VehicleState::Pending);
    QCOMPARE(m_proxy->rowCount(), 2);
    m_proxy->setFilterText(QStringLiteral("golf")); // pending and Golf: 5
    QCOMPARE(m_proxy->rowCount(), 1);
    m_proxy->setStateFilter(std::nullopt);
    m_proxy->setFilterText({});
    QCOMPARE(m_proxy->rowCount(), 6);
}

void TestVehicleModel::proxyFollowsLiveUpdates()
{
    m_model->upsert(vehicles(4));
    m_proxy->setStateFilter(store::VehicleState::Pending);
    QCOMPARE(m_proxy->rowCount(), 0);

    m_model->upsert({vehicle(2, store::VehicleState::Pending), vehicle(7, store::VehicleState::Pending)});
    QCOMPARE(m_proxy->rowCount(), 2);

    m_model->upsert({vehicle(2, store::VehicleState::Accepted)});
    QCOMPARE(m_proxy->rowCount(), 1);
    QCOMPARE(m_proxy->index(0, 0).data(VehicleTableModel::VinRole).toString(), vehicle(7).record.vin);
}

void TestVehicleModel::filterSeesUpdatedFields()
{
    m_model->upsert(vehicles(4)); // OEMs: harman (0, 3), panasonic (1, 2)
    m_proxy->setFilterText(QStringLiteral("Harman"));
    QCOMPARE(m_proxy->rowCount(), 2);

    VehicleRow moved = vehicle(1);
    moved.record.oem = QStringLiteral("HARMAN Becker");
    m_model->upsert({moved});
    QCOMPARE(m_proxy->rowCount(), 3);

    VehicleRow renamed = vehicle(0);
    renamed.record.oem = QStringLiteral("bosch");
    m_model->upsert({renamed});
    QCOMPARE(m_proxy->rowCount(), 2);
}

void TestVehicleModel::proxySortsTypedColumns()
{
    QList<VehicleRow> rows = vehicles(12);
    m_model->upsert(rows);
    // Sessions sort as numbers (2 < 10), not as text ("10" < "2").
    m_proxy->sort(VehicleTableModel::SessionsColumn, Qt::AscendingOrder);
    for (int row = 0; row < 12; ++row) {
        QCOMPARE(m_proxy->index(row, VehicleTableModel::SessionsColumn).data().toLongLong(), row);
    }
    m_proxy->sort(VehicleTableModel::LastSeenColumn, Qt::DescendingOrder); // most recent first
    QCOMPARE(m_proxy->index(0, 0).data(VehicleTableModel::VinRole).toString(), rows[0].record.vin);
    QCOMPARE(m_proxy->index(11, 0).data(VehicleTableModel::VinRole).toString(), rows[11].record.vin);

    // A live update re-sorts: vehicle 11 checks in now and moves to the top.
    VehicleRow fresh = rows[11];
    fresh.record.lastSeenAtMs = m_clock->nowMs() + 1000;
    m_model->upsert({fresh});
    QCOMPARE(m_proxy->index(0, 0).data(VehicleTableModel::VinRole).toString(), rows[11].record.vin);
}

void TestVehicleModel::selectionSurvivesUpdates()
{
    m_model->upsert(vehicles(6));
    m_proxy->sort(VehicleTableModel::SessionsColumn, Qt::AscendingOrder);
    QItemSelectionModel selection(m_proxy.get());
    const QString selectedVin = vehicle(3).record.vin;
    const int proxyRow = m_proxy->mapFromSource(m_model->index(3, 0)).row();
    selection.select(m_proxy->index(proxyRow, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    selection.setCurrentIndex(m_proxy->index(proxyRow, 0), QItemSelectionModel::NoUpdate);

    // Updates to the selected row and others, plus new rows that sort before it.
    VehicleRow updated = vehicle(3);
    updated.record.swVersion = QStringLiteral("9.9.9");
    VehicleRow earlier = vehicle(40);
    earlier.record.sessionCount = -1;
    m_model->upsert({updated, vehicle(5, store::VehicleState::Blocked), earlier});

    const QModelIndexList selected = selection.selectedRows();
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first().data(VehicleTableModel::VinRole).toString(), selectedVin);
    QCOMPARE(selection.currentIndex().data(VehicleTableModel::VinRole).toString(), selectedVin);
}

QTEST_MAIN(TestVehicleModel)
#include "tst_gui_vehicle_model.moc"
