#include "ui/CampaignWizard.h"

#include "server/FleetService.h"
#include "server/releases/ReleaseService.h"
#include "ui/Async.h"
#include "ui/CampaignModels.h"
#include "ui/RefreshThrottle.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTableView>
#include <QTimeEdit>
#include <QVBoxLayout>

#include <optional>
#include <utility>

using namespace std::chrono_literals;

namespace flotilla::ui {

using server::campaigns::CampaignAction;
using server::campaigns::CampaignRecord;
using server::campaigns::CampaignSpec;
using server::campaigns::DryRun;

namespace {

// "a, b c" → {"a", "b", "c"}: lists are typed comma- or space-separated.
QStringList splitList(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[,;\\s]+"));
    return text.split(separators, Qt::SkipEmptyParts);
}

std::optional<bool> triState(const QComboBox *combo)
{
    switch (combo->currentIndex()) {
    case 1:
        return true;
    case 2:
        return false;
    default:
        return std::nullopt; // as the release says
    }
}

QComboBox *triStateCombo(QWidget *parent, const QString &objectName)
{
    auto *combo = new QComboBox(parent);
    combo->setObjectName(objectName);
    combo->addItems({CampaignWizard::tr("As the release says"), CampaignWizard::tr("Required"),
                     CampaignWizard::tr("Not required")});
    return combo;
}

struct SyncResult
{
    qint64 id = 0;
    QString error;
    std::optional<DryRun> dryRun;
};

// Saves the spec as the draft (creating it on the first call) and, unless submit, runs the dry run;
// with submit, submits the draft for approval instead. Runs on the pool.
SyncResult saveDraft(server::FleetService &fleet, qint64 id, const CampaignSpec &spec,
                     const server::campaigns::Actor &actor, bool submit)
{
    SyncResult result;
    server::campaigns::CampaignService &campaigns = fleet.campaigns();
    Result<CampaignRecord> saved = id == 0 ? campaigns.create(spec, actor) : campaigns.edit(id, spec, actor);
    if (!saved) {
        result.id = id;
        result.error = saved.errorString();
        return result;
    }
    result.id = saved->id;
    if (submit) {
        Result<CampaignRecord> submitted = campaigns.act(result.id, CampaignAction::Submit, actor);
        if (!submitted)
            result.error = submitted.errorString();
        return result;
    }
    Result<DryRun> dryRun = campaigns.dryRun(result.id);
    if (!dryRun)
        result.error = dryRun.errorString();
    else
        result.dryRun = *dryRun;
    return result;
}

// Edit mode: the dry run of the settings as they stand, without saving them. Runs on the pool.
SyncResult preview(server::FleetService &fleet, qint64 id, const CampaignSpec &spec)
{
    SyncResult result;
    Result<DryRun> dryRun = fleet.campaigns().dryRun(spec, id);
    if (!dryRun)
        result.error = dryRun.errorString();
    else
        result.dryRun = *dryRun;
    return result;
}

// Edit mode's Finish: saves the changes, and submits a draft. Runs on the pool.
SyncResult saveEdit(server::FleetService &fleet, qint64 id, const CampaignSpec &spec,
                    const server::campaigns::Actor &actor)
{
    SyncResult result;
    result.id = id;
    server::campaigns::CampaignService &campaigns = fleet.campaigns();
    Result<CampaignRecord> saved = campaigns.edit(id, spec, actor);
    if (saved && saved->state == server::campaigns::CampaignState::Draft)
        saved = campaigns.act(id, CampaignAction::Submit, actor);
    if (!saved)
        result.error = saved.errorString();
    return result;
}

} // namespace

CheckedWizardPage::CheckedWizardPage(std::function<bool()> validate, QWidget *parent)
    : QWizardPage(parent)
    , m_validate(std::move(validate))
{}

CheckedWizardPage::~CheckedWizardPage() = default;

bool CheckedWizardPage::validatePage()
{
    return !m_validate || m_validate();
}

CampaignWizard::CampaignWizard(server::FleetService &fleet, QThreadPool &pool, server::campaigns::Actor actor,
                               QWidget *parent)
    : QWizard(parent)
    , m_fleet(fleet)
    , m_pool(pool)
    , m_actor(std::move(actor))
    , m_syncThrottle(new RefreshThrottle(300ms, this)) // typing settles before the server is asked
    , m_dryRun(new DryRunModel(this))
{
    setObjectName(QStringLiteral("campaignWizard"));
    setWindowTitle(tr("New campaign"));
    setWizardStyle(QWizard::ClassicStyle); // the same look on every platform and in screenshots
    setOption(QWizard::NoBackButtonOnStartPage);
    setButtonText(QWizard::FinishButton, tr("Create and submit"));
    setPage(ReleasePage, createReleasePage());
    setPage(TargetsPage, createTargetsPage());
    setPage(WavesPage, createWavesPage());
    setPage(SchedulePage, createSchedulePage());
    setPage(ReviewPage, createReviewPage());
    resize(820, 620);

    connect(m_syncThrottle, &RefreshThrottle::due, this, &CampaignWizard::sync);
    loadReleases();
}

CampaignWizard::~CampaignWizard() = default;

QWizardPage *CampaignWizard::createReleasePage()
{
    auto *page = new CheckedWizardPage({}, this);
    page->setObjectName(QStringLiteral("campaignReleasePage"));
    page->setTitle(tr("Release"));
    page->setSubTitle(tr("Name the campaign and choose the release it rolls out."));
    m_name = new QLineEdit(page);
    m_name->setObjectName(QStringLiteral("campaignName"));
    m_name->setPlaceholderText(tr("e.g. Head unit 1.3.0, Europe"));
    m_release = new QComboBox(page);
    m_release->setObjectName(QStringLiteral("campaignRelease"));
    m_release->setPlaceholderText(tr("Loading releases…"));
    auto *layout = new QFormLayout(page);
    layout->addRow(tr("&Name:"), m_name);
    layout->addRow(tr("&Release:"), m_release);
    page->registerField(QStringLiteral("name*"), m_name);
    page->registerField(QStringLiteral("release*"), m_release);
    return page;
}

QWizardPage *CampaignWizard::createTargetsPage()
{
    auto *page = new QWizardPage(this);
    page->setObjectName(QStringLiteral("campaignTargetsPage"));
    page->setTitle(tr("Targets"));
    page->setSubTitle(tr("Each filter matches any of its values (comma-separated); filters combine. No filter at "
                         "all targets the whole accepted fleet; VINs are added to what the filters match."));
    const auto lineEdit = [page](const QString &name, const QString &placeholder) {
        auto *edit = new QLineEdit(page);
        edit->setObjectName(name);
        edit->setPlaceholderText(placeholder);
        return edit;
    };
    m_oems = lineEdit(QStringLiteral("campaignOems"), tr("any OEM"));
    m_models = lineEdit(QStringLiteral("campaignModels"), tr("any model"));
    m_hwIds = lineEdit(QStringLiteral("campaignHwIds"), tr("any hardware id"));
    m_versions = lineEdit(QStringLiteral("campaignVersions"), tr("any version of the targeted ECU"));
    m_tags = lineEdit(QStringLiteral("campaignTags"), tr("any tag"));
    m_vins = new QPlainTextEdit(page);
    m_vins->setObjectName(QStringLiteral("campaignVins"));
    m_vins->setPlaceholderText(tr("VINs, one per line or comma-separated"));
    m_vins->setMaximumHeight(110);
    m_lateJoiners = new QCheckBox(tr("Add vehicles that match later to the last wave"), page);
    m_lateJoiners->setObjectName(QStringLiteral("campaignLateJoiners"));
    m_count = new QLabel(page);
    m_count->setObjectName(QStringLiteral("campaignMatchCount"));
    m_count->setWordWrap(true);
    QFont bold = m_count->font();
    bold.setBold(true);
    m_count->setFont(bold);

    auto *layout = new QFormLayout(page);
    layout->addRow(tr("&OEM:"), m_oems);
    layout->addRow(tr("&Model:"), m_models);
    layout->addRow(tr("&Hardware id:"), m_hwIds);
    layout->addRow(tr("&Version:"), m_versions);
    layout->addRow(tr("&Tags:"), m_tags);
    layout->addRow(tr("V&INs:"), m_vins);
    layout->addRow(QString(), m_lateJoiners);
    layout->addRow(tr("Matching:"), m_count);

    for (QLineEdit *edit : {m_oems, m_models, m_hwIds, m_versions, m_tags})
        connect(edit, &QLineEdit::textChanged, m_syncThrottle, &RefreshThrottle::request);
    connect(m_vins, &QPlainTextEdit::textChanged, m_syncThrottle, &RefreshThrottle::request);
    connect(this, &QWizard::currentIdChanged, this, [this](int id) {
        if (id == TargetsPage || id == ReviewPage)
            m_syncThrottle->request();
    });
    return page;
}

QWizardPage *CampaignWizard::createWavesPage()
{
    auto *page = new CheckedWizardPage(
        [this] {
            QString error;
            parseWaves(&error);
            m_wavesError->setText(error);
            return error.isEmpty();
        },
        this);
    page->setObjectName(QStringLiteral("campaignWavesPage"));
    page->setTitle(tr("Waves and thresholds"));
    page->setSubTitle(tr("Waves grow the rollout step by step; a wave that fails too often halts the campaign "
                         "before the next one starts."));
    m_waves = new QLineEdit(QStringLiteral("1, 10, 50, 100"), page);
    m_waves->setObjectName(QStringLiteral("campaignWaves"));
    m_waves->setToolTip(tr("Cumulative shares of the targets in %, ascending, ending at 100"));
    m_successPercent = new QSpinBox(page);
    m_successPercent->setObjectName(QStringLiteral("campaignSuccessPercent"));
    m_successPercent->setRange(1, 100);
    m_successPercent->setValue(90);
    m_successPercent->setSuffix(QStringLiteral(" %"));
    m_maxFailures = new QSpinBox(page);
    m_maxFailures->setObjectName(QStringLiteral("campaignMaxFailures"));
    m_maxFailures->setRange(0, 100000);
    m_maxFailures->setSpecialValueText(tr("no limit"));
    m_maxFailurePercent = new QSpinBox(page);
    m_maxFailurePercent->setObjectName(QStringLiteral("campaignMaxFailurePercent"));
    m_maxFailurePercent->setRange(0, 100);
    m_maxFailurePercent->setValue(10);
    m_maxFailurePercent->setSuffix(QStringLiteral(" %"));
    m_maxFailurePercent->setSpecialValueText(tr("no limit"));
    m_retries = new QSpinBox(page);
    m_retries->setObjectName(QStringLiteral("campaignRetries"));
    m_retries->setRange(0, 10);
    m_retries->setValue(1);
    m_downloadOnly = new QCheckBox(tr("Download only (install with a later campaign)"), page);
    m_downloadOnly->setObjectName(QStringLiteral("campaignDownloadOnly"));
    m_wavesError = new QLabel(page);
    m_wavesError->setStyleSheet(QStringLiteral("color: #c62828;"));

    auto *layout = new QFormLayout(page);
    layout->addRow(tr("&Waves (cumulative %):"), m_waves);
    layout->addRow(tr("&Success needed per wave:"), m_successPercent);
    layout->addRow(tr("Halt after &failures (count):"), m_maxFailures);
    layout->addRow(tr("Halt after failures (&share):"), m_maxFailurePercent);
    layout->addRow(tr("&Retries per vehicle:"), m_retries);
    layout->addRow(QString(), m_downloadOnly);
    layout->addRow(QString(), m_wavesError);
    return page;
}

QWizardPage *CampaignWizard::createSchedulePage()
{
    auto *page = new QWizardPage(this);
    page->setObjectName(QStringLiteral("campaignSchedulePage"));
    page->setTitle(tr("Schedule, consent and preconditions"));

    m_startByHand = new QCheckBox(tr("Start by hand after approval"), page);
    m_startByHand->setObjectName(QStringLiteral("campaignStartByHand"));
    m_startByHand->setChecked(true);
    m_startAt = new QDateTimeEdit(QDateTime::currentDateTime().addSecs(3600), page);
    m_startAt->setObjectName(QStringLiteral("campaignStartAt"));
    m_startAt->setCalendarPopup(true);
    m_startAt->setEnabled(false);
    connect(m_startByHand, &QCheckBox::toggled, m_startAt, &QWidget::setDisabled);

    m_window = new QGroupBox(tr("Maintenance window: notify vehicles only inside it"), page);
    m_window->setObjectName(QStringLiteral("campaignWindow"));
    m_window->setCheckable(true);
    m_window->setChecked(false);
    m_windowStart = new QTimeEdit(QTime(1, 0), m_window);
    m_windowEnd = new QTimeEdit(QTime(5, 0), m_window);
    m_timeZone = new QLineEdit(QStringLiteral("UTC"), m_window);
    m_timeZone->setObjectName(QStringLiteral("campaignTimeZone"));
    auto *days = new QHBoxLayout;
    for (int day = 1; day <= 7; ++day) {
        auto *box = new QCheckBox(QLocale().dayName(day, QLocale::ShortFormat), m_window);
        days->addWidget(box);
        m_days.append(box);
    }
    days->addStretch();
    auto *windowLayout = new QFormLayout(m_window);
    auto *times = new QHBoxLayout;
    times->addWidget(m_windowStart);
    times->addWidget(new QLabel(tr("to"), m_window));
    times->addWidget(m_windowEnd);
    times->addStretch();
    windowLayout->addRow(tr("Time:"), times);
    windowLayout->addRow(tr("Days (none: every day):"), days);
    windowLayout->addRow(tr("Time zone:"), m_timeZone);

    m_consent = new QComboBox(page);
    m_consent->setObjectName(QStringLiteral("campaignConsent"));
    m_consent->addItem(tr("As the release says"), QStringLiteral("release"));
    m_consent->addItem(tr("Owner's consent required"), QStringLiteral("required"));
    m_consent->addItem(tr("No consent needed"), QStringLiteral("not-required"));
    m_deadlineHours = new QSpinBox(page);
    m_deadlineHours->setRange(0, 24 * 365);
    m_deadlineHours->setSuffix(tr(" h"));
    m_deadlineHours->setSpecialValueText(tr("none"));
    m_reminderHours = new QSpinBox(page);
    m_reminderHours->setRange(0, 24 * 30);
    m_reminderHours->setSuffix(tr(" h"));
    m_reminderHours->setSpecialValueText(tr("none"));
    m_minBattery = new QSpinBox(page);
    m_minBattery->setObjectName(QStringLiteral("campaignMinBattery"));
    m_minBattery->setRange(-1, 100);
    m_minBattery->setValue(-1);
    m_minBattery->setSuffix(QStringLiteral(" %"));
    m_minBattery->setSpecialValueText(tr("As the release says"));
    m_parked = triStateCombo(page, QStringLiteral("campaignParked"));
    m_ignitionOff = triStateCombo(page, QStringLiteral("campaignIgnitionOff"));

    auto *layout = new QFormLayout(page);
    auto *start = new QHBoxLayout;
    start->addWidget(m_startByHand);
    start->addWidget(m_startAt);
    start->addStretch();
    layout->addRow(tr("Start:"), start);
    layout->addRow(m_window);
    layout->addRow(tr("&Consent:"), m_consent);
    layout->addRow(tr("Consent &deadline:"), m_deadlineHours);
    layout->addRow(tr("&Reminders every:"), m_reminderHours);
    layout->addRow(tr("Minimum &battery:"), m_minBattery);
    layout->addRow(tr("&Parked:"), m_parked);
    layout->addRow(tr("&Ignition off:"), m_ignitionOff);
    return page;
}

QWizardPage *CampaignWizard::createReviewPage()
{
    auto *page = new QWizardPage(this);
    page->setObjectName(QStringLiteral("campaignReviewPage"));
    page->setTitle(tr("Dry run"));
    page->setSubTitle(tr("What the campaign would do if it ran now. Create and submit sends it to an approver."));
    page->setFinalPage(true);
    m_reviewTotals = new QLabel(page);
    m_reviewTotals->setObjectName(QStringLiteral("campaignDryRunTotals"));
    m_reviewTotals->setWordWrap(true);
    m_reviewStatus = new QLabel(page);
    m_reviewStatus->setObjectName(QStringLiteral("campaignWizardStatus"));
    m_reviewStatus->setWordWrap(true);
    m_editNotice = new QLabel(page);
    m_editNotice->setObjectName(QStringLiteral("campaignEditNotice"));
    m_editNotice->setWordWrap(true);
    m_editNotice->setStyleSheet(QStringLiteral("font-weight: bold;"));
    m_editNotice->hide();
    auto *table = new QTableView(page);
    table->setObjectName(QStringLiteral("campaignDryRunTable"));
    table->setModel(m_dryRun);
    table->verticalHeader()->hide();
    table->setWordWrap(false);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setStretchLastSection(true);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(m_editNotice);
    layout->addWidget(m_reviewTotals);
    layout->addWidget(table, 1);
    layout->addWidget(m_reviewStatus);
    return page;
}

void CampaignWizard::loadReleases()
{
    server::FleetService *fleet = &m_fleet;
    runInBackground(
        &m_pool, this, [fleet] { return fleet->releases().list(); },
        [this](const Result<QList<server::releases::ReleaseRecord>> &releases) {
            if (!releases) {
                m_release->setPlaceholderText(tr("Could not load the releases: %1").arg(releases.errorString()));
                return;
            }
            m_release->setPlaceholderText(tr("No release imported yet"));
            for (const auto &release : std::as_const(*releases))
                m_release->addItem(release.name + u' ' + release.version, release.id);
            if (m_pendingRelease != 0) { // an edited campaign's release: count with it now
                selectRelease(std::exchange(m_pendingRelease, 0));
                m_syncThrottle->request();
            }
        });
}

bool CampaignWizard::releasesLoaded() const
{
    return m_release->count() > 0;
}

void CampaignWizard::selectRelease(qint64 releaseId)
{
    const int index = m_release->findData(releaseId);
    if (index >= 0)
        m_release->setCurrentIndex(index);
}

QList<server::campaigns::Wave> CampaignWizard::parseWaves(QString *error) const
{
    // Comma-separated; a space also separates plain numbers ("1 10 50 100"), not "5 vehicles".
    static const QRegularExpression separators(QStringLiteral("[,;]+|\\s+(?=\\d)"));
    static const QRegularExpression item(QStringLiteral("^(\\d+)\\s*(%|vehicles?|v)?$"),
                                         QRegularExpression::CaseInsensitiveOption);
    const QString usage = tr("Waves are cumulative percentages from 1 to 100 or vehicle counts, e.g. “1, 10, 50, "
                             "100” or “5 vehicles, 20 vehicles, rest”.");
    const QStringList parts = m_waves->text().split(separators, Qt::SkipEmptyParts);
    QList<server::campaigns::Wave> waves;
    int previous = 0;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QString part = parts.at(i).trimmed();
        server::campaigns::Wave wave;
        wave.successPercent = m_successPercent->value();
        const QRegularExpressionMatch match = item.match(part);
        if (part.compare(QStringLiteral("rest"), Qt::CaseInsensitive) == 0 && i > 0 && i + 1 == parts.size()) {
            wave.percent = 100; // the last wave takes every vehicle left
        } else if (!match.hasMatch() || match.captured(1).toInt() <= 0) {
            *error = usage;
            return {};
        } else if (match.captured(2).startsWith(u'v', Qt::CaseInsensitive)) {
            wave.count = match.captured(1).toInt();
        } else {
            wave.percent = match.captured(1).toInt();
            if (wave.percent <= previous || wave.percent > 100) {
                *error = usage;
                return {};
            }
            previous = wave.percent;
        }
        waves.append(wave);
    }
    if (waves.isEmpty() || waves.last().percent != 100) {
        *error = tr("The last wave must reach 100 % (or be “rest”) so that every target is covered.");
        return {};
    }
    error->clear();
    return waves;
}

QString CampaignWizard::wavesText(const QList<server::campaigns::Wave> &waves)
{
    QStringList parts;
    for (const server::campaigns::Wave &wave : waves) {
        if (wave.count > 0)
            parts.append(tr("%n vehicle(s)", nullptr, wave.count));
        else
            parts.append(QString::number(wave.percent));
    }
    return parts.join(QStringLiteral(", "));
}

CampaignSpec CampaignWizard::spec() const
{
    CampaignSpec spec = m_base; // what the pages have no field for stays as it was
    spec.name = m_name->text().trimmed();
    spec.releaseId = m_release->currentData().toLongLong();
    spec.targets.oems = splitList(m_oems->text());
    spec.targets.models = splitList(m_models->text());
    spec.targets.hwIds = splitList(m_hwIds->text());
    spec.targets.versions = splitList(m_versions->text());
    spec.targets.tags = splitList(m_tags->text());
    spec.targets.vins = splitList(m_vins->toPlainText().toUpper());
    spec.addLateJoiners = m_lateJoiners->isChecked();
    QString error;
    spec.waves = parseWaves(&error);
    spec.startAtMs = m_startByHand->isChecked() ? 0 : m_startAt->dateTime().toMSecsSinceEpoch();
    spec.window.enabled = m_window->isChecked();
    spec.window.startMinute = m_windowStart->time().msecsSinceStartOfDay() / 60000;
    spec.window.endMinute = m_windowEnd->time().msecsSinceStartOfDay() / 60000;
    for (int day = 0; day < m_days.size(); ++day) {
        if (m_days.at(day)->isChecked())
            spec.window.days.append(day + 1);
    }
    spec.window.timeZone = m_timeZone->text().trimmed();
    spec.consent = m_consent->currentData().toString();
    spec.consentDeadlineHours = m_deadlineHours->value();
    spec.reminderHours = m_reminderHours->value();
    spec.minBatteryPct = m_minBattery->value();
    spec.parked = triState(m_parked);
    spec.ignitionOff = triState(m_ignitionOff);
    spec.maxFailures = m_maxFailures->value();
    spec.maxFailurePercent = m_maxFailurePercent->value();
    spec.downloadOnly = m_downloadOnly->isChecked();
    spec.retries = m_retries->value();
    return spec;
}

void CampaignWizard::editCampaign(const CampaignRecord &campaign)
{
    m_editId = campaign.id;
    m_editState = campaign.state;
    m_base = campaign.spec;
    m_draftId = 0;
    setWindowTitle(tr("Edit campaign “%1”").arg(campaign.spec.name));
    switch (campaign.state) {
    case server::campaigns::CampaignState::Draft:
        setButtonText(QWizard::FinishButton, tr("Save and submit"));
        m_editNotice->setText(tr("Saving submits the draft for approval."));
        break;
    case server::campaigns::CampaignState::PendingApproval:
        setButtonText(QWizard::FinishButton, tr("Save changes"));
        m_editNotice->setText(
            tr("The campaign waits for approval; the approver will see this revision and what changed."));
        break;
    default:
        setButtonText(QWizard::FinishButton, tr("Save and send to approval"));
        // Approved, paused or halted (CampaignAction::Edit): every change is approved again.
        m_editNotice->setText(tr("This campaign is %1. Saving sends it back to approval: it does not run again "
                                 "until an approver other than its author approves the changes.")
                                  .arg(CampaignText::state(campaign.state).toLower()));
        break;
    }
    m_editNotice->setVisible(!m_editNotice->text().isEmpty());
    page(ReviewPage)
        ->setSubTitle(tr("What the campaign would do with these settings if it ran now. Nothing is "
                         "saved until you finish."));
    fill(campaign.spec);
}

void CampaignWizard::fill(const CampaignSpec &spec)
{
    const QString separator = QStringLiteral(", ");
    m_name->setText(spec.name);
    if (releasesLoaded())
        selectRelease(spec.releaseId);
    else
        m_pendingRelease = spec.releaseId;
    m_oems->setText(spec.targets.oems.join(separator));
    m_models->setText(spec.targets.models.join(separator));
    m_hwIds->setText(spec.targets.hwIds.join(separator));
    m_versions->setText(spec.targets.versions.join(separator));
    m_tags->setText(spec.targets.tags.join(separator));
    m_vins->setPlainText(spec.targets.vins.join(u'\n'));
    m_lateJoiners->setChecked(spec.addLateJoiners);
    m_waves->setText(wavesText(spec.waves));
    if (!spec.waves.isEmpty())
        m_successPercent->setValue(spec.waves.first().successPercent); // the pages set one for every wave
    m_maxFailures->setValue(spec.maxFailures);
    m_maxFailurePercent->setValue(spec.maxFailurePercent);
    m_retries->setValue(spec.retries);
    m_downloadOnly->setChecked(spec.downloadOnly);
    m_startByHand->setChecked(spec.startAtMs == 0);
    if (spec.startAtMs > 0)
        m_startAt->setDateTime(QDateTime::fromMSecsSinceEpoch(spec.startAtMs));
    m_window->setChecked(spec.window.enabled);
    m_windowStart->setTime(QTime::fromMSecsSinceStartOfDay(spec.window.startMinute * 60000));
    m_windowEnd->setTime(QTime::fromMSecsSinceStartOfDay(spec.window.endMinute * 60000));
    for (int day = 0; day < m_days.size(); ++day)
        m_days.at(day)->setChecked(spec.window.days.contains(day + 1));
    m_timeZone->setText(spec.window.timeZone);
    const int consent = m_consent->findData(spec.consent);
    m_consent->setCurrentIndex(consent >= 0 ? consent : 0);
    m_deadlineHours->setValue(int(spec.consentDeadlineHours));
    m_reminderHours->setValue(spec.reminderHours);
    m_minBattery->setValue(spec.minBatteryPct);
    const auto setTriState = [](QComboBox *combo, std::optional<bool> value) {
        combo->setCurrentIndex(!value ? 0 : (*value ? 1 : 2));
    };
    setTriState(m_parked, spec.parked);
    setTriState(m_ignitionOff, spec.ignitionOff);
}

void CampaignWizard::sync()
{
    CampaignSpec current = spec();
    if (current.name.isEmpty() || current.releaseId == 0 || m_submitting || m_submitted) {
        m_syncThrottle->done();
        return;
    }
    if (current.waves.isEmpty()) {
        // Waves are entered on a later page: count with a single wave until they are valid.
        server::campaigns::Wave all;
        all.percent = 100;
        current.waves = {all};
    }
    m_count->setText(tr("Counting…"));
    server::FleetService *fleet = &m_fleet;
    const qint64 id = m_draftId;
    const qint64 editId = m_editId;
    const server::campaigns::Actor actor = m_actor;
    runInBackground(
        &m_pool, this,
        [fleet, id, editId, current, actor] {
            return editId != 0 ? preview(*fleet, editId, current) : saveDraft(*fleet, id, current, actor, false);
        },
        [this](const SyncResult &result) {
            m_draftId = result.id;
            m_syncThrottle->done();
            if (!result.dryRun) {
                m_count->setText(tr("Cannot count: %1").arg(result.error));
                m_reviewTotals->setText(m_count->text());
            } else {
                const DryRun &dryRun = *result.dryRun;
                m_matching = static_cast<int>(dryRun.vehicles.size());
                m_count->setText(tr("%n vehicle(s) match", nullptr, m_matching) + QStringLiteral(" · ") +
                                 tr("%n compatible", nullptr, dryRun.compatible) + QStringLiteral(" · ") +
                                 tr("%n blocked", nullptr, dryRun.blocked));
                m_reviewTotals->setText(DryRunModel::totals(dryRun));
                m_dryRun->setDryRun(dryRun);
                Q_EMIT dryRunUpdated();
            }
            if (m_draftId != 0 && m_editId == 0)
                m_reviewStatus->setText(tr("Saved as draft #%1.").arg(m_draftId));
            if (std::exchange(m_acceptAfterSync, false))
                accept();
        });
}

void CampaignWizard::accept()
{
    if (m_submitting || m_submitted)
        return;
    const CampaignSpec final = spec();
    QString error;
    parseWaves(&error);
    if (!error.isEmpty()) {
        m_reviewStatus->setText(error);
        return;
    }
    if (m_syncThrottle->isRunning()) {
        // A draft save is on its way (it may be the one that creates the draft): finish after it.
        m_acceptAfterSync = true;
        return;
    }
    m_submitting = true;
    button(QWizard::FinishButton)->setEnabled(false);
    server::FleetService *fleet = &m_fleet;
    const server::campaigns::Actor actor = m_actor;
    if (m_editId != 0) {
        m_reviewStatus->setText(tr("Saving…"));
        const qint64 editId = m_editId;
        runInBackground(
            &m_pool, this, [fleet, editId, final, actor] { return saveEdit(*fleet, editId, final, actor); },
            [this, name = final.name](const SyncResult &result) {
                m_submitting = false;
                button(QWizard::FinishButton)->setEnabled(true);
                if (!result.error.isEmpty()) {
                    m_reviewStatus->setText(tr("Could not save: %1").arg(result.error));
                    return;
                }
                m_submitted = true;
                const bool backToApproval = m_editState != server::campaigns::CampaignState::Draft &&
                                            m_editState != server::campaigns::CampaignState::PendingApproval;
                Q_EMIT edited(result.id, name, backToApproval);
                QWizard::accept();
            });
        return;
    }
    m_reviewStatus->setText(tr("Submitting…"));
    const qint64 id = m_draftId;
    runInBackground(
        &m_pool, this, [fleet, id, final, actor] { return saveDraft(*fleet, id, final, actor, true); },
        [this, name = final.name](const SyncResult &result) {
            m_submitting = false;
            m_draftId = result.id;
            button(QWizard::FinishButton)->setEnabled(true);
            if (!result.error.isEmpty()) {
                m_reviewStatus->setText(tr("Could not submit: %1").arg(result.error));
                return;
            }
            m_submitted = true; // a draft save still scheduled must not edit the submitted campaign
            Q_EMIT submitted(result.id, name);
            QWizard::accept();
        });
}

} // namespace flotilla::ui
