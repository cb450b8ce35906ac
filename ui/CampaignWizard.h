#pragma once

#include "server/campaigns/CampaignService.h"

#include <QThreadPool>
#include <QWizard>

#include <functional>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;
class QTimeEdit;

namespace flotilla::server {
class FleetService;
}

namespace flotilla::ui {

class DryRunModel;
class RefreshThrottle;

// A wizard page whose Next/Finish asks validate() first (a message on the page when it says no);
// without one, a plain page whose fields the wizard can register.
class CheckedWizardPage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CheckedWizardPage)
public:
    explicit CheckedWizardPage(std::function<bool()> validate = {}, QWidget *parent = nullptr);
    ~CheckedWizardPage() override;
    using QWizardPage::registerField; // so that the wizard can build its pages from outside
    bool validatePage() override;

private:
    std::function<bool()> m_validate;
};

// New campaign (issue 4): release → targets (inventory filters and a VIN list, with a live count of
// the vehicles they match) → waves and error thresholds → schedule, maintenance window, consent and
// preconditions → the dry run (totals and per vehicle: compatible, payload, bytes, blockers) →
// create and submit for approval.
//
// The live count and the review are the server's own dry run, so they can never disagree with
// what the campaign will do: the wizard saves the campaign as a draft once it has a name and a
// release, and edits that draft as the settings change (debounced through a RefreshThrottle, one
// call at a time, on the window's pool). Finish edits it a last time and submits it; a wizard
// closed before that leaves the draft in the list to finish or cancel later.
//
// Edit mode (editCampaign()): the same pages filled from an existing campaign's spec. Nothing is
// saved until Finish: the count and the review are the dry run of the settings as they stand
// (CampaignService::dryRun(spec, id)). Finish saves through CampaignService::edit; a draft is
// submitted too, and an approved, paused or halted campaign goes back to approval, which the last
// page says before the operator saves. Settings the wizard has no field for (regions) are kept.
class CampaignWizard final : public QWizard
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CampaignWizard)
public:
    enum PageId
    {
        ReleasePage,
        TargetsPage,
        WavesPage,
        SchedulePage,
        ReviewPage,
    };
    Q_ENUM(PageId)

    CampaignWizard(server::FleetService &fleet, QThreadPool &pool, server::campaigns::Actor actor,
                   QWidget *parent = nullptr);
    ~CampaignWizard() override;

    // Turns this wizard into the editor of an existing campaign, its pages filled from its spec.
    void editCampaign(const server::campaigns::CampaignRecord &campaign);
    qint64 editedId() const { return m_editId; } // 0: a new campaign

    // The settings as entered so far (waves parsed; invalid waves give an empty list).
    server::campaigns::CampaignSpec spec() const;
    // "1, 10, 50 %, 5 vehicles, rest" the way the waves field shows and reads them.
    static QString wavesText(const QList<server::campaigns::Wave> &waves);
    qint64 draftId() const { return m_draftId; }
    int matchingVehicles() const { return m_matching; } // -1 until the first dry run answered
    DryRunModel *dryRunModel() const { return m_dryRun; }
    bool releasesLoaded() const;
    void selectRelease(qint64 releaseId);

    void accept() override;

Q_SIGNALS:
    void submitted(qint64 campaignId, const QString &name);
    // Edit mode: the changes were saved; backToApproval when an approver must approve them again.
    void edited(qint64 campaignId, const QString &name, bool backToApproval);
    void dryRunUpdated(); // the count and the review show a new dry run

private:
    QWizardPage *createReleasePage();
    QWizardPage *createTargetsPage();
    QWizardPage *createWavesPage();
    QWizardPage *createSchedulePage();
    QWizardPage *createReviewPage();
    void loadReleases();
    void fill(const server::campaigns::CampaignSpec &spec);
    void sync(); // save the draft and run the dry run (the throttle's due())
    QList<server::campaigns::Wave> parseWaves(QString *error) const;

    server::FleetService &m_fleet;
    QThreadPool &m_pool;
    server::campaigns::Actor m_actor;
    RefreshThrottle *m_syncThrottle;
    DryRunModel *m_dryRun;
    qint64 m_draftId = 0;
    int m_matching = -1;
    bool m_submitting = false;
    bool m_submitted = false;
    bool m_acceptAfterSync = false; // Finish was clicked while a draft save ran
    // Edit mode: the campaign, its state when the wizard opened, and the spec the pages started
    // from (what the wizard has no field for is kept from it).
    qint64 m_editId = 0;
    server::campaigns::CampaignState m_editState = server::campaigns::CampaignState::Draft;
    server::campaigns::CampaignSpec m_base;
    qint64 m_pendingRelease = 0; // selected once the releases are loaded

    QLineEdit *m_name = nullptr;
    QComboBox *m_release = nullptr;
    QLineEdit *m_oems = nullptr;
    QLineEdit *m_models = nullptr;
    QLineEdit *m_hwIds = nullptr;
    QLineEdit *m_versions = nullptr;
    QLineEdit *m_tags = nullptr;
    QPlainTextEdit *m_vins = nullptr;
    QCheckBox *m_lateJoiners = nullptr;
    QLabel *m_count = nullptr;
    QLineEdit *m_waves = nullptr;
    QSpinBox *m_successPercent = nullptr;
    QSpinBox *m_maxFailures = nullptr;
    QSpinBox *m_maxFailurePercent = nullptr;
    QSpinBox *m_retries = nullptr;
    QCheckBox *m_downloadOnly = nullptr;
    QLabel *m_wavesError = nullptr;
    QCheckBox *m_startByHand = nullptr;
    QDateTimeEdit *m_startAt = nullptr;
    QGroupBox *m_window = nullptr;
    QTimeEdit *m_windowStart = nullptr;
    QTimeEdit *m_windowEnd = nullptr;
    QList<QCheckBox *> m_days;
    QLineEdit *m_timeZone = nullptr;
    QComboBox *m_consent = nullptr;
    QSpinBox *m_deadlineHours = nullptr;
    QSpinBox *m_reminderHours = nullptr;
    QSpinBox *m_minBattery = nullptr;
    QComboBox *m_parked = nullptr;
    QComboBox *m_ignitionOff = nullptr;
    QLabel *m_reviewTotals = nullptr;
    QLabel *m_reviewStatus = nullptr;
    QLabel *m_editNotice = nullptr;
};

} // namespace flotilla::ui
