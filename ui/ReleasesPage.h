#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QSettings;
class QSortFilterProxyModel;
class QSplitter;
class QThreadPool;

namespace flotilla::server {
class FleetService;
}

namespace flotilla::ui {

class DeltaBuilderDialog;
class PlaceholderTableView;
class RefreshThrottle;
class ReleaseDetailsPanel;
class ReleaseImportDialog;
class ReleaseTableModel;

// The imported releases: Import…, the list, and the selected release's details beside it with
// Assign to vehicles… and Build deltas…. Follows EventBus::releasesChanged and jobsChanged live.
class ReleasesPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReleasesPage)
public:
    ReleasesPage(server::FleetService &fleet, QThreadPool &pool, QString operatorName, QWidget *parent = nullptr);
    ~ReleasesPage() override;
    void setOperatorName(const QString &name) { m_operator = name; } // the logged-in operator (issue 4)

    void start();
    ReleaseTableModel *model() const { return m_model; }
    ReleaseDetailsPanel *details() const { return m_details; }
    qint64 currentReleaseId() const;
    void selectRelease(qint64 id); // once the list has it
    void saveState(QSettings &settings) const;
    void restoreState(const QSettings &settings);

public Q_SLOTS:
    void showImportDialog();
    void showDeltaBuilder(qint64 releaseId);

Q_SIGNALS:
    void assignRequested(qint64 releaseId);
    void message(const QString &text);
    void errorOccurred(const QString &message);

private:
    void fetch();
    void onCurrentChanged();
    void updateCountLabel();

    server::FleetService &m_fleet;
    QThreadPool &m_pool;
    QString m_operator;
    RefreshThrottle *m_throttle;
    ReleaseTableModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_filter;
    QLabel *m_countLabel;
    QPushButton *m_import;
    PlaceholderTableView *m_table;
    ReleaseDetailsPanel *m_details;
    QSplitter *m_splitter;
    QPointer<ReleaseImportDialog> m_importDialog;
    QPointer<DeltaBuilderDialog> m_deltaDialog;
    qint64 m_pendingSelection = 0;
    bool m_loaded = false;
};

} // namespace flotilla::ui
