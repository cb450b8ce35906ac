// The update views' item models under QAbstractItemModelTester: the inventory's Update column
// (newest job per vehicle, progress while downloading or installing, dataChanged for the cells
// that changed only), the releases list, the delta builder's payloads with their saving, and the
// assignment's per-vehicle check.
#include "core/Clock.h"
#include "ui/AssignmentModel.h"
#include "ui/DeltaTableModel.h"
#include "ui/ReleaseTableModel.h"
#include "ui/VehicleFilterProxyModel.h"
#include "ui/VehicleTableModel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace flotilla;
using server::releases::ReleaseRecord;
using ui::VehicleTableModel;

namespace {

constexpr qint64 Now = 1'790'000'000'000;

ui::VehicleRow vehicle(int n, store::VehicleState state = store::VehicleState::Accepted)
{
    ui::VehicleRow row;
    row.record.id = n;
    row.record.vin = QStringLiteral("WVWZZZ1JZXW%1").arg(n, 6, 10, QLatin1Char('0'));
    row.record.state = state;
    row.record.model = QStringLiteral("ID.4");
    row.record.ecus = QJsonArray{QJsonObject{{QStringLiteral("Ecu"), QStringLiteral("headunit")},
                                             {QStringLiteral("HwId"), QStringLiteral("hu-gen3")},
                                             {QStringLiteral("SwV"), QStringLiteral("1.2.0")}},
                                 QJsonObject{{QStringLiteral("Ecu"), QStringLiteral("tbox")},
                                             {QStringLiteral("HwId"), QStringLiteral("tbox-a")},
                                             {QStringLiteral("SwV"), QStringLiteral("4.1.7")}}};
    row.record.updatedAtMs = Now;
    return row;
}

store::UpdateJobRecord job(qint64 id, int n, store::JobState state, qint64 updatedAtMs = Now)
{
    store::UpdateJobRecord j;
    j.id = id;
    j.vin = vehicle(n).record.vin;
    j.releaseId = 1;
    j.state = state;
    j.updatedAtMs = updatedAtMs;
    return j;
}

ReleaseRecord release(qint64 id, const QString &version)
{
    ReleaseRecord r;
    r.id = id;
    r.name = QStringLiteral("hu-firmware");
    r.version = version;
    r.releaseCounter = id;
    r.hwIds = {QStringLiteral("hu-gen3")};
    r.createdAtMs = Now + id;
    r.createdBy = QStringLiteral("tester");
    server::releases::ReleaseTarget target;
    target.ecu = QStringLiteral("headunit");
    target.hwId = QStringLiteral("hu-gen3");
    target.version = version;
    target.image.length = 4096;
    r.targets = {target};
    return r;
}

ui::DeltaRow delta(const QString &codec, const QString &from, qint64 length, store::DeltaState state,
                   qint64 fullLength = 1000)
{
    ui::DeltaRow row;
    row.ecu = QStringLiteral("headunit");
    row.fromVersion = from.isEmpty() ? QString() : QStringLiteral("1.2.0");
    row.toVersion = QStringLiteral("1.3.0");
    row.record.codec = codec;
    row.record.fromSha256 = from;
    row.record.toSha256 = QStringLiteral("to");
    row.record.length = length;
    row.record.state = state;
    row.record.verified = state == store::DeltaState::Ready || state == store::DeltaState::NotWorthIt;
    row.fullLength = fullLength;
    return row;
}

} // namespace

class TestUpdateModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void updateColumnShowsNewestJob();
    void updateColumnProgressAndBytes();
    void jobOfUnlistedVehicleShowsLater();
    void updateColumnSorts();
    void releasesAppendAndDrop();
    void deltaRowsDiffInPlace();
    void deltaSaving();
    void updateCheckExplains();
    void assignmentChecksOnlyApplicable();

private:
    ManualClock m_clock{Now};
};

void TestUpdateModels::updateColumnShowsNewestJob()
{
    VehicleTableModel model(m_clock);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.upsert({vehicle(1), vehicle(2), vehicle(3)});
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    model.setJobs({job(10, 2, store::JobState::Queued)});
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).value<QModelIndex>(), model.index(1, VehicleTableModel::UpdateColumn));
    QCOMPARE(changed.first().at(1).value<QModelIndex>(), model.index(1, VehicleTableModel::UpdateColumn));
    const QModelIndex cell = model.index(1, VehicleTableModel::UpdateColumn);
    QCOMPARE(cell.data().toString(), QStringLiteral("Queued"));
    QCOMPARE(cell.data(VehicleTableModel::JobStateRole).toInt(), int(store::JobState::Queued));
    QVERIFY(!cell.data(VehicleTableModel::JobProgressRole).isValid());
    QVERIFY(!model.index(0, VehicleTableModel::UpdateColumn).data(VehicleTableModel::JobStateRole).isValid());

    // The same job again: nothing to repaint. An older job never replaces the newer one.
    changed.clear();
    model.setJobs({job(10, 2, store::JobState::Queued), job(9, 2, store::JobState::Succeeded)});
    QCOMPARE(changed.size(), 0);
    QCOMPARE(cell.data(VehicleTableModel::JobStateRole).toInt(), int(store::JobState::Queued));
    // A stale read of the same job (older update) neither.
    model.setJobs({job(10, 2, store::JobState::Notified, Now - 1)});
    QCOMPARE(changed.size(), 0);

    model.setJobs({job(10, 2, store::JobState::Cancelled, Now + 5)});
    QCOMPARE(changed.size(), 1);
    QCOMPARE(cell.data().toString(), QStringLiteral("Cancelled"));
    model.setJobs({job(11, 2, store::JobState::Queued, Now + 6)}); // a new job for the vehicle
    QCOMPARE(model.jobOf(vehicle(2).record.vin)->id, 11);

    model.setReleaseLabels({{1, QStringLiteral("hu-firmware 1.3.0")}});
    QVERIFY(cell.data(Qt::ToolTipRole).toString().contains(u"Update job 11: hu-firmware 1.3.0"));
}

void TestUpdateModels::updateColumnProgressAndBytes()
{
    VehicleTableModel model(m_clock);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.upsert({vehicle(1)});
    store::UpdateJobRecord downloading = job(5, 1, store::JobState::Downloading);
    downloading.progress = 42;
    downloading.bytesServed = 3 * 1024 * 1024;
    downloading.payloadBytes = 7 * 1024 * 1024;
    model.setJobs({downloading});
    const QModelIndex cell = model.index(0, VehicleTableModel::UpdateColumn);
    QCOMPARE(cell.data(VehicleTableModel::JobProgressRole).toInt(), 42);
    QCOMPARE(cell.data().toString(), QStringLiteral("Downloading 42 % · 3.0 MiB"));
    QVERIFY(cell.data(Qt::ToolTipRole).toString().contains(u"Served 3.0 MiB of 7.0 MiB"));

    store::UpdateJobRecord installing = downloading;
    installing.state = store::JobState::Installing;
    installing.progress = 60;
    installing.updatedAtMs = Now + 1;
    model.setJobs({installing});
    QCOMPARE(cell.data().toString(), QStringLiteral("Installing 60 %"));
    QCOMPARE(cell.data(VehicleTableModel::JobProgressRole).toInt(), 60);

    store::UpdateJobRecord failed = installing;
    failed.state = store::JobState::Failed;
    failed.resultCode = 410;
    failed.reason = QStringLiteral("slot B did not boot");
    failed.updatedAtMs = Now + 2;
    model.setJobs({failed});
    QCOMPARE(cell.data().toString(), QStringLiteral("Failed"));
    QVERIFY(!cell.data(VehicleTableModel::JobProgressRole).isValid());
    const QString tip = cell.data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(u"Reason: slot B did not boot") && tip.contains(u"410 Firmware Update Failed"),
             qPrintable(tip));
}

void TestUpdateModels::jobOfUnlistedVehicleShowsLater()
{
    VehicleTableModel model(m_clock);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setJobs({job(3, 7, store::JobState::Downloaded)}); // the inventory is still loading
    QCOMPARE(changed.size(), 0);
    model.upsert({vehicle(7)});
    QCOMPARE(model.index(0, VehicleTableModel::UpdateColumn).data(VehicleTableModel::JobStateRole).toInt(),
             int(store::JobState::Downloaded));
}

void TestUpdateModels::updateColumnSorts()
{
    VehicleTableModel model(m_clock);
    ui::VehicleFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.upsert({vehicle(1), vehicle(2), vehicle(3)});
    model.setJobs({job(1, 1, store::JobState::Failed), job(2, 3, store::JobState::Queued)});
    proxy.sort(VehicleTableModel::UpdateColumn, Qt::AscendingOrder);
    // No job first, then in the order a job moves: queued before failed.
    QCOMPARE(proxy.index(0, 0).data().toString(), vehicle(2).record.vin);
    QCOMPARE(proxy.index(1, 0).data().toString(), vehicle(3).record.vin);
    QCOMPARE(proxy.index(2, 0).data().toString(), vehicle(1).record.vin);
}

void TestUpdateModels::releasesAppendAndDrop()
{
    ui::ReleaseTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setReleases({release(1, QStringLiteral("1.2.0")), release(2, QStringLiteral("1.3.0"))});
    QCOMPARE(model.rowCount(), 2);
    const QPersistentModelIndex second = model.index(1, 0);
    model.setReleases({release(1, QStringLiteral("1.2.0")), release(2, QStringLiteral("1.3.0")),
                       release(3, QStringLiteral("1.4.0"))});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(second.row(), 1);
    model.setReleases({release(2, QStringLiteral("1.3.0")), release(3, QStringLiteral("1.4.0"))});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(second.row(), 0);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(model.rowOfId(3), 1);
    QCOMPARE(model.rowOfId(1), -1);
    const QModelIndex row = model.index(0, 0);
    QCOMPARE(row.siblingAtColumn(ui::ReleaseTableModel::VersionColumn).data().toString(), QStringLiteral("1.3.0"));
    QCOMPARE(row.siblingAtColumn(ui::ReleaseTableModel::TargetsColumn).data().toString(), QStringLiteral("headunit"));
    QCOMPARE(row.siblingAtColumn(ui::ReleaseTableModel::KindColumn).data().toString(), QStringLiteral("Firmware"));
    QCOMPARE(
        row.siblingAtColumn(ui::ReleaseTableModel::CounterColumn).data(ui::ReleaseTableModel::SortRole).toLongLong(),
        2);
    QCOMPARE(row.data(ui::ReleaseTableModel::IdRole).toLongLong(), 2);
    QCOMPARE(ui::ReleaseTableModel::label(model.releaseAt(0)), QStringLiteral("hu-firmware 1.3.0"));
}

void TestUpdateModels::deltaRowsDiffInPlace()
{
    ui::DeltaTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setRows({delta(QStringLiteral("full-zstd"), {}, 1000, store::DeltaState::Ready),
                   delta(QStringLiteral("zstd-patch"), QStringLiteral("a"), 0, store::DeltaState::Building)});
    QCOMPARE(model.rowCount(), 2);
    const QPersistentModelIndex building = model.index(1, ui::DeltaTableModel::StateColumn);
    QCOMPARE(building.data().toString(), QStringLiteral("Building"));

    model.setRows({delta(QStringLiteral("full-zstd"), {}, 1000, store::DeltaState::Ready),
                   delta(QStringLiteral("zstd-patch"), QStringLiteral("a"), 120, store::DeltaState::Ready),
                   delta(QStringLiteral("x-flodiff"), QStringLiteral("a"), 950, store::DeltaState::NotWorthIt)});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(building.row(), 1);
    QCOMPARE(building.data().toString(), QStringLiteral("Ready"));
    QCOMPARE(changed.size(), 1); // the full payload did not change
    QCOMPARE(model.index(1, ui::DeltaTableModel::FromToColumn).data().toString(), QStringLiteral("1.2.0 → 1.3.0"));
    QCOMPARE(model.index(0, ui::DeltaTableModel::FromToColumn).data().toString(), QStringLiteral("full image → 1.3.0"));
    QCOMPARE(model.index(2, ui::DeltaTableModel::StateColumn).data().toString(), QStringLiteral("Not worth it"));
    QCOMPARE(model.index(1, ui::DeltaTableModel::VerifiedColumn).data().toString(), QStringLiteral("yes"));

    ui::DeltaRow failed = delta(QStringLiteral("zstd-patch"), QStringLiteral("a"), 0, store::DeltaState::Failed);
    failed.record.error = QStringLiteral("rebuilt image does not match");
    model.setRows({failed});
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, ui::DeltaTableModel::StateColumn).data().toString(),
             QStringLiteral("Failed: rebuilt image does not match"));
    QCOMPARE(model.index(0, ui::DeltaTableModel::VerifiedColumn).data().toString(), QStringLiteral("no"));
    QCOMPARE(reset.size(), 0);
}

void TestUpdateModels::deltaSaving()
{
    QCOMPARE(*ui::DeltaTableModel::saving(
                 delta(QStringLiteral("zstd-patch"), QStringLiteral("a"), 120, store::DeltaState::Ready)),
             88.0);
    QVERIFY(!ui::DeltaTableModel::saving(delta(QStringLiteral("full-zstd"), {}, 1000, store::DeltaState::Ready)));
    QVERIFY(!ui::DeltaTableModel::saving(
        delta(QStringLiteral("zstd-patch"), QStringLiteral("a"), 120, store::DeltaState::Ready, 0))); // no full yet
    ui::DeltaTableModel model;
    model.setRows({delta(QStringLiteral("zstd-patch"), QStringLiteral("a"), 120, store::DeltaState::Ready)});
    QCOMPARE(model.index(0, ui::DeltaTableModel::SavingColumn).data().toString(), QStringLiteral("88.0 %"));
}

void TestUpdateModels::updateCheckExplains()
{
    const ReleaseRecord r = release(1, QStringLiteral("1.3.0"));
    using ui::UpdateCheck;
    const UpdateCheck applies = UpdateCheck::of(vehicle(1).record, nullptr, r);
    QVERIFY(applies.applies);
    QCOMPARE(applies.text, QStringLiteral("headunit 1.2.0 → 1.3.0"));

    const UpdateCheck current = UpdateCheck::of(vehicle(1).record, nullptr, release(2, QStringLiteral("1.2.0")));
    QVERIFY(!current.applies);
    QCOMPARE(current.text, QStringLiteral("Already runs this release"));

    ReleaseRecord other = r;
    other.hwIds = {QStringLiteral("hu-gen4")};
    other.targets[0].hwId = QStringLiteral("hu-gen4");
    QCOMPARE(UpdateCheck::of(vehicle(1).record, nullptr, other).text,
             QStringLiteral("No ECU with the release's hardware (hu-gen4)"));

    QCOMPARE(UpdateCheck::of(vehicle(1, store::VehicleState::Pending).record, nullptr, r).text,
             QStringLiteral("Not accepted (Pending)"));
    const store::UpdateJobRecord busy = job(9, 1, store::JobState::Downloading);
    QCOMPARE(UpdateCheck::of(vehicle(1).record, &busy, r).text, QStringLiteral("Busy with update job 9 (Downloading)"));
    const store::UpdateJobRecord finished = job(9, 1, store::JobState::Failed);
    QVERIFY(UpdateCheck::of(vehicle(1).record, &finished, r).applies); // a finished job does not hold it
}

void TestUpdateModels::assignmentChecksOnlyApplicable()
{
    ui::AssignmentModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy checked(&model, &ui::AssignmentModel::checkedChanged);
    const ReleaseRecord r = release(1, QStringLiteral("1.3.0"));
    QList<ui::AssignmentModel::Row> rows;
    for (const auto &[n, state] :
         {std::pair{1, store::VehicleState::Accepted}, std::pair{2, store::VehicleState::Pending},
          std::pair{3, store::VehicleState::Accepted}}) {
        const store::VehicleRecord v = vehicle(n, state).record;
        const ui::UpdateCheck check = ui::UpdateCheck::of(v, nullptr, r);
        rows.append({v.vin, v.model, check, check.applies, std::nullopt, {}});
    }
    model.setRows(rows);
    QCOMPARE(model.applicableCount(), 2);
    QCOMPARE(model.checkedCount(), 2);
    const QModelIndex pending = model.index(1, ui::AssignmentModel::VinColumn);
    QVERIFY(!(model.flags(pending) & Qt::ItemIsUserCheckable));
    QVERIFY(!pending.data(Qt::CheckStateRole).isValid());
    QVERIFY(!model.setData(pending, Qt::Checked, Qt::CheckStateRole));

    checked.clear();
    QVERIFY(model.setData(model.index(0, 0), Qt::Unchecked, Qt::CheckStateRole));
    QCOMPARE(checked.size(), 1);
    QCOMPARE(model.checkedVins(), QStringList{vehicle(3).record.vin});
    model.setAllChecked(true);
    QCOMPARE(model.checkedCount(), 2); // never the pending one
    model.setAllChecked(false);
    QCOMPARE(model.checkedCount(), 0);

    QVERIFY(!model.hasResults());
    model.setResult(vehicle(3).record.vin, false, QStringLiteral("Refused: busy"));
    QVERIFY(model.hasResults());
    QCOMPARE(model.index(2, ui::AssignmentModel::ResultColumn).data().toString(), QStringLiteral("Refused: busy"));
    QVERIFY(model.index(2, ui::AssignmentModel::ResultColumn).data(Qt::ForegroundRole).isValid());
}

QTEST_MAIN(TestUpdateModels)
#include "tst_gui_update_models.moc"
