#pragma once

#include <QStyledItemDelegate>

namespace flotilla::ui {

// Paints a vehicle state as a coloured pill (text from DisplayRole, colour from the state in
// VehicleTableModel::StateRole), so that pending vehicles stand out in a long list.
class StateBadgeDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StateBadgeDelegate)
public:
    explicit StateBadgeDelegate(int stateRole, QObject *parent = nullptr);
    ~StateBadgeDelegate() override;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    int m_stateRole;
};

} // namespace flotilla::ui
