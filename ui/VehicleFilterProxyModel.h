#pragma once

#include "server/store/Records.h"

#include <QSortFilterProxyModel>

#include <optional>

namespace flotilla::ui {

class VehicleTableModel;

// Sorting and filtering of the inventory. Reads the source's records directly instead of going
// through QVariant data(): a million-row filter pass must stay well under 200 ms (DESIGN.md).
class VehicleFilterProxyModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VehicleFilterProxyModel)
public:
    explicit VehicleFilterProxyModel(QObject *parent = nullptr);
    ~VehicleFilterProxyModel() override;

    void setSourceModel(QAbstractItemModel *sourceModel) override;

    // Case-insensitive substring of VIN, DevID, model or OEM; empty matches everything.
    void setFilterText(const QString &text);
    QString filterText() const { return m_text; }
    void setStateFilter(std::optional<store::VehicleState> state);
    std::optional<store::VehicleState> stateFilter() const { return m_state; }
    // true: only vehicles with their notification channel open; false: only those without.
    void setChannelFilter(std::optional<bool> open);
    std::optional<bool> channelFilter() const { return m_channel; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    VehicleTableModel *m_vehicles = nullptr;
    QString m_text;
    QString m_foldedText;
    std::optional<store::VehicleState> m_state;
    std::optional<bool> m_channel;
};

} // namespace flotilla::ui
