#pragma once

#include <QStyledItemDelegate>

namespace flotilla::ui {

// Draws the navigation list's items with a count badge on the right (BadgeRole, hidden at 0),
// e.g. the number of registrations waiting for a decision.
class NavigationDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NavigationDelegate)
public:
    static constexpr int BadgeRole = Qt::UserRole + 1;

    explicit NavigationDelegate(QObject *parent = nullptr);
    ~NavigationDelegate() override;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace flotilla::ui
