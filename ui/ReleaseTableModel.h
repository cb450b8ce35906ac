#pragma once

#include "server/releases/ReleaseTypes.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace flotilla::ui {

// The imported releases. A release never changes once imported, so a refresh of the whole list
// only drops rows that are gone and appends new ones; rows keep their place and the selection
// survives. Sorting belongs to a QSortFilterProxyModel on SortRole.
class ReleaseTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReleaseTableModel)
public:
    enum Column
    {
        NameColumn,
        VersionColumn,
        CounterColumn,
        KindColumn,
        HwIdsColumn,
        TargetsColumn,
        SignatureColumn,
        CreatedColumn,
        CreatedByColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role
    {
        SortRole = Qt::UserRole + 1,
        IdRole,
    };

    explicit ReleaseTableModel(QObject *parent = nullptr);
    ~ReleaseTableModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setReleases(const QList<server::releases::ReleaseRecord> &releases);
    const server::releases::ReleaseRecord &releaseAt(int row) const;
    int rowOfId(qint64 id) const; // -1 when unknown
    const QList<server::releases::ReleaseRecord> &releases() const { return m_rows; }

    // "hu-firmware 3.3.1"
    static QString label(const server::releases::ReleaseRecord &release);

private:
    void rebuildIndex();

    QList<server::releases::ReleaseRecord> m_rows;
    QHash<qint64, int> m_rowById;
};

} // namespace flotilla::ui
