#pragma once

#include "server/releases/ReleaseTypes.h"
#include "server/store/UpdateRecords.h"

#include <QMap>
#include <QWidget>

#include <optional>

class QFormLayout;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTableWidget;
class QThreadPool;
class QVBoxLayout;

namespace flotilla::server {
class FleetService;
}

namespace flotilla::ui {

class RefreshThrottle;

// One release as an engineer checks it before rolling it out: what it installs (targets with
// SHA-256, SHA-1, MD5 and length, selectable and copyable), whether the OEM signed it, the
// conditions and texts the vehicle shows its owner, the DTCs it clears, and how the jobs
// assigned from it stand (counts per state, live).
class ReleaseDetailsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReleaseDetailsPanel)
public:
    ReleaseDetailsPanel(server::FleetService &fleet, QThreadPool &pool, QWidget *parent = nullptr);
    ~ReleaseDetailsPanel() override;

    void showRelease(const std::optional<server::releases::ReleaseRecord> &release);
    qint64 releaseId() const { return m_release ? m_release->id : 0; }
    void refreshJobs(); // coalesced; the engine reported job changes
    const QMap<store::JobState, int> &jobCounts() const { return m_jobCounts; }

    // "Battery at least 50 % · parked · ignition off · owner consent required"
    static QString preconditionsText(const server::releases::ReleaseRecord &release);

Q_SIGNALS:
    void assignRequested(qint64 releaseId);
    void deltasRequested(qint64 releaseId);

private:
    void fetchJobs();
    void showJobCounts(const QMap<store::JobState, int> &counts);
    QLabel *addField(QFormLayout *form, const QString &label, const QString &objectName);
    void addSection(const QString &title, QWidget *content);
    void addSection(const QString &title, QFormLayout *form);

    server::FleetService &m_fleet;
    QThreadPool &m_pool;
    RefreshThrottle *m_throttle;
    std::optional<server::releases::ReleaseRecord> m_release;
    QMap<store::JobState, int> m_jobCounts;

    QStackedWidget *m_stack;
    QLabel *m_message;
    QWidget *m_content;
    QVBoxLayout *m_sections;
    QLabel *m_title;
    QPushButton *m_assign;
    QPushButton *m_deltas;
    struct Fields
    {
        QLabel *name, *version, *counter, *kind, *hwIds, *rxswin, *created, *signature, *keyId;
        QLabel *preconditions, *dtcs, *jobs;
    } m_fields{};
    QTableWidget *m_targets;
    QTableWidget *m_hashes;
    QTableWidget *m_userTexts;
    QTableWidget *m_jobTable;
};

} // namespace flotilla::ui
