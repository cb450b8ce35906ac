#pragma once

#include "server/store/UpdateRecords.h"

#include <QAbstractTableModel>
#include <QList>

#include <optional>

namespace flotilla::ui {

// One payload of a release: the full image or a delta from one source version, as built.
struct DeltaRow
{
    QString ecu;
    QString fromVersion; // empty for a full payload
    QString toVersion;
    store::DeltaRecord record;
    qint64 fullLength = 0; // the same target's full payload, to compare against (0: none yet)
};

// The payloads built for a release (delta builder): target, from → to, codec, size, saving versus
// the full payload, build time, apply memory, verified, state. Refreshed as a whole list and
// applied as a diff keyed by (codec, from, to), so rows keep their place while builds progress.
class DeltaTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeltaTableModel)
public:
    enum Column
    {
        TargetColumn,
        FromToColumn,
        CodecColumn,
        SizeColumn,
        SavingColumn,
        BuildTimeColumn,
        ApplyMemoryColumn,
        VerifiedColumn,
        StateColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role
    {
        SortRole = Qt::UserRole + 1,
        DeltaStateRole, // int(store::DeltaState)
    };

    explicit DeltaTableModel(QObject *parent = nullptr);
    ~DeltaTableModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setRows(const QList<DeltaRow> &rows);
    const DeltaRow &rowAt(int row) const;
    // Percent saved against the full payload; nullopt for full payloads or without one to compare.
    static std::optional<double> saving(const DeltaRow &row);

private:
    static QString keyOf(const DeltaRow &row);
    static bool sameForDisplay(const DeltaRow &a, const DeltaRow &b);

    QList<DeltaRow> m_rows;
};

} // namespace flotilla::ui
