#pragma once

#include <QStyledItemDelegate>

namespace flotilla::ui {

// Paints a state as a coloured pill (text from DisplayRole, colour from the int state in
// stateRole through colorOf), so that pending vehicles or failed updates stand out in a long list.
// With a progressRole, a value of 0-100 fills that part of the pill in a darker shade (an update
// downloading or installing); an invalid value draws the plain pill.
class StateBadgeDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StateBadgeDelegate)
public:
    using ColorOf = QColor (*)(int state);
    static QColor vehicleStateColor(int state); // the default: store::VehicleState
    static QColor jobStateColor(int state);     // store::JobState

    explicit StateBadgeDelegate(int stateRole, QObject *parent = nullptr);
    StateBadgeDelegate(int stateRole, ColorOf colorOf, int progressRole, QObject *parent = nullptr);
    ~StateBadgeDelegate() override;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    int m_stateRole;
    ColorOf m_colorOf;
    int m_progressRole = -1;
};

} // namespace flotilla::ui
