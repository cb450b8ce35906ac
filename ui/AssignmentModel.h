#pragma once

#include "server/releases/ReleaseTypes.h"
#include "server/store/Records.h"
#include "server/store/UpdateRecords.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

#include <optional>

namespace flotilla::ui {

// Whether a release applies to a vehicle, as far as the console knows it (the engine decides
// again when the job is created): the vehicle must be accepted, have no update running, carry an
// ECU with one of the release's hardware ids, and run another version there.
struct UpdateCheck
{
    bool applies = false;
    QString text; // "headunit 3.1.2 → 3.3.1" or why not
    static UpdateCheck of(const store::VehicleRecord &vehicle, const store::UpdateJobRecord *job,
                          const server::releases::ReleaseRecord &release);
};

// The vehicles of an assignment: one checkable row per vehicle with what the release would change
// on it, then the engine's answer per vehicle (the job it queued, or why it refused).
class AssignmentModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AssignmentModel)
public:
    enum Column
    {
        VinColumn,
        ModelColumn,
        CheckColumn,
        ResultColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role
    {
        VinRole = Qt::UserRole + 1,
        AppliesRole,
    };

    struct Row
    {
        QString vin;
        QString model;
        UpdateCheck check;
        bool checked = false;
        std::optional<bool> accepted; // the engine's answer, once assigned
        QString result;
    };

    explicit AssignmentModel(QObject *parent = nullptr);
    ~AssignmentModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setRows(QList<Row> rows); // a new candidate list (another release): reset
    const Row &rowAt(int row) const { return m_rows.at(row); }
    QStringList checkedVins() const;
    int checkedCount() const;
    int applicableCount() const;
    void setAllChecked(bool checked); // only rows the release applies to
    // The engine's answer for a vehicle; ok with the job's text, or the refusal.
    void setResult(const QString &vin, bool ok, const QString &text);
    bool hasResults() const;

Q_SIGNALS:
    void checkedChanged();

private:
    QList<Row> m_rows;
    QHash<QString, int> m_rowByVin;
};

} // namespace flotilla::ui
