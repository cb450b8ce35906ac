#pragma once

#include "server/store/Records.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace flotilla::ui {

// Registration requests waiting for an operator. Refreshed as a whole list from the engine and
// applied as a diff keyed by request id (removed, changed, added rows), so that the selection in
// the view survives a refresh.
class RegistrationTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RegistrationTableModel)
public:
    enum Column
    {
        VinColumn,
        DevIdColumn,
        ModelColumn,
        ProofColumn,
        RequestedColumn,
        AddressColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role
    {
        SortRole = Qt::UserRole + 1,
        VinRole,
    };

    explicit RegistrationTableModel(QObject *parent = nullptr);
    ~RegistrationTableModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setRegistrations(const QList<store::RegistrationRecord> &records);
    const store::RegistrationRecord &registrationAt(int row) const;
    int rowOfId(qint64 id) const;

private:
    void rebuildIndex();

    QList<store::RegistrationRecord> m_rows;
    QHash<qint64, int> m_rowById;
};

} // namespace flotilla::ui
