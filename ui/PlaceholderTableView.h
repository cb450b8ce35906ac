#pragma once

#include <QTableView>

namespace flotilla::ui {

// A table that explains itself when empty ("No vehicles yet — ...") instead of showing a blank
// grid: users of the peers' consoles cannot tell "nothing there" from "still loading".
class PlaceholderTableView final : public QTableView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PlaceholderTableView)
public:
    explicit PlaceholderTableView(QWidget *parent = nullptr);
    ~PlaceholderTableView() override;

    void setPlaceholderText(const QString &text);
    QString placeholderText() const { return m_placeholder; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString m_placeholder;
};

} // namespace flotilla::ui
