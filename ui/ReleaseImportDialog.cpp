#include "ui/ReleaseImportDialog.h"

#include "server/FleetService.h"
#include "server/releases/ReleaseService.h"
#include "ui/Async.h"
#include "ui/DetailsTable.h"
#include "ui/ReleaseTableModel.h"
#include "ui/Text.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QVBoxLayout>

#include <limits>
#include <utility>

namespace flotilla::ui {

using server::releases::ReleaseService;

namespace {

const QString ManifestFile = QStringLiteral("release.json");
const QString SignatureFile = QStringLiteral("release.sig");

enum ImageColumn
{
    EcuColumn,
    HwIdColumn,
    VersionColumn,
    FileColumn,
    SizeColumn,
};

QStringList splitList(const QString &text)
{
    QStringList items;
    for (const QString &part : text.split(u',', Qt::SkipEmptyParts)) {
        const QString item = part.trimmed();
        if (!item.isEmpty() && !items.contains(item)) {
            items.append(item);
        }
    }
    return items;
}

// What the folder tab found in a folder.
struct Inspection
{
    struct File
    {
        QString ecu, hwId, version, name;
        qint64 size = -1; // -1: missing
    };
    QString summary;
    QList<File> files;
    QStringList problems;
    QString label; // "name version" once the manifest parsed
};

Inspection inspect(const QString &folder)
{
    Inspection result;
    const QDir dir(folder);
    if (folder.isEmpty() || !dir.exists()) {
        result.problems.append(
            ReleaseImportDialog::tr("The folder %1 does not exist.").arg(QDir::toNativeSeparators(folder)));
        return result;
    }
    QFile file(dir.filePath(ManifestFile));
    if (!file.exists()) {
        result.problems.append(
            ReleaseImportDialog::tr("There is no release.json in this folder. Choose the folder that holds "
                                    "release.json and the image files, or put the release together on the "
                                    "“Build here” tab."));
        return result;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        result.problems.append(ReleaseImportDialog::tr("release.json cannot be read: %1").arg(file.errorString()));
        return result;
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        result.problems.append(error.error != QJsonParseError::NoError
                                   ? ReleaseImportDialog::tr("release.json is not valid JSON: %1 (at character %2).")
                                         .arg(error.errorString())
                                         .arg(error.offset)
                                   : ReleaseImportDialog::tr("release.json must hold one JSON object."));
        return result;
    }
    auto manifest = ReleaseService::parseManifest(document.object());
    if (!manifest) {
        result.problems.append(
            ReleaseImportDialog::tr("release.json is incomplete or wrong: %1").arg(manifest.errorString()));
        return result;
    }
    const auto &release = manifest->release;
    result.label = ReleaseTableModel::label(release);
    result.summary = ReleaseImportDialog::tr("%1 · release counter %2 · %3 · for %4")
                         .arg(result.label)
                         .arg(release.releaseCounter)
                         .arg(Text::releaseKind(release.kind), release.hwIds.join(u", "));
    if (QFileInfo::exists(dir.filePath(SignatureFile))) {
        result.summary +=
            u'\n' + ReleaseImportDialog::tr("Signed: release.sig is checked against the OEM keys at import.");
    } else {
        result.summary += u'\n' + ReleaseImportDialog::tr("Not signed by the OEM (no release.sig).");
    }
    for (const server::releases::ReleaseTarget &target : release.targets) {
        Inspection::File entry{target.ecu, target.hwId, target.version, manifest->files.value(target.ecu), -1};
        const QFileInfo info(dir.filePath(entry.name));
        if (entry.name.isEmpty() || !info.isFile()) {
            result.problems.append(
                ReleaseImportDialog::tr("The image %1 for %2 is not in the folder.").arg(entry.name, target.ecu));
        } else {
            entry.size = info.size();
            if (entry.size == 0) {
                result.problems.append(
                    ReleaseImportDialog::tr("The image %1 for %2 is empty.").arg(entry.name, target.ecu));
            }
        }
        result.files.append(entry);
    }
    return result;
}

QString importErrorText(const Error &error, const QString &label)
{
    switch (error.code) {
    case 409:
        return ReleaseImportDialog::tr(
                   "A release %1 was imported before. A release never changes once imported: give this one a "
                   "new version.")
            .arg(label);
    case 400:
        return ReleaseImportDialog::tr("The release was refused: %1").arg(error.message);
    default:
        return ReleaseImportDialog::tr("The import failed: %1").arg(error.message);
    }
}

struct Outcome
{
    bool ok = false;
    QString text;
    qint64 releaseId = 0;
    QString label;
};

Outcome outcomeOf(const Result<server::releases::ReleaseRecord> &result, const QString &label)
{
    if (!result) {
        return {false, importErrorText(result.error(), label), 0, label};
    }
    return {true, {}, result->id, ReleaseTableModel::label(*result)};
}

} // namespace

ReleaseImportDialog::ReleaseImportDialog(server::FleetService &fleet, QThreadPool &pool, QString operatorName,
                                         QWidget *parent)
    : QDialog(parent)
    , m_fleet(fleet)
    , m_pool(pool)
    , m_operator(std::move(operatorName))
    , m_tabs(new QTabWidget(this))
    , m_problems(new QLabel(this))
    , m_status(new QLabel(this))
    , m_busyBar(new QProgressBar(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Close, this))
    , m_import(m_buttons->addButton(tr("&Import"), QDialogButtonBox::AcceptRole))
{
    setObjectName(QStringLiteral("releaseImportDialog"));
    setWindowTitle(tr("Import release"));
    m_tabs->setObjectName(QStringLiteral("importTabs"));
    m_tabs->addTab(createFolderTab(), tr("From a folder"));
    m_tabs->addTab(createBuildTab(), tr("Build here"));
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        showProblems({});
        updateImportButton();
    });

    m_problems->setObjectName(QStringLiteral("importProblems"));
    m_problems->setWordWrap(true);
    m_problems->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problems->setStyleSheet(QStringLiteral("QLabel { color: #c62828; }"));
    m_problems->hide();
    m_status->setObjectName(QStringLiteral("importStatus"));
    m_status->setWordWrap(true);
    m_busyBar->setObjectName(QStringLiteral("importBusy"));
    m_busyBar->setRange(0, 0); // busy: the import reports no progress of its own
    m_busyBar->setTextVisible(false);
    m_busyBar->hide();

    m_import->setObjectName(QStringLiteral("importButton"));
    m_import->setIcon(QIcon(QStringLiteral(":/icons/import.png")));
    // Accept would close the dialog at once; the import decides when it is done.
    disconnect(m_buttons, &QDialogButtonBox::accepted, nullptr, nullptr);
    connect(m_import, &QPushButton::clicked, this, &ReleaseImportDialog::startImport);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_problems);
    layout->addWidget(m_status);
    layout->addWidget(m_busyBar);
    layout->addWidget(m_buttons);
    resize(760, 620);
    updateImportButton();
}

ReleaseImportDialog::~ReleaseImportDialog() = default;

bool ReleaseImportDialog::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_folder && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Return || key == Qt::Key_Enter) {
            inspectFolder();
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

QWidget *ReleaseImportDialog::createFolderTab()
{
    auto *tab = new QWidget(this);
    auto *intro = new QLabel(tr("Choose a folder that holds release.json, the image file of every target and, if the "
                                "OEM signed the release, release.sig. The format is described in docs/releases.md."),
                             tab);
    intro->setWordWrap(true);
    m_folder = new QLineEdit(tab);
    m_folder->setObjectName(QStringLiteral("importFolder"));
    m_folder->setPlaceholderText(tr("Folder with release.json"));
    m_folder->setClearButtonEnabled(true);
    auto *browse = new QPushButton(tr("&Browse…"), tab);
    browse->setObjectName(QStringLiteral("importBrowseButton"));
    connect(browse, &QPushButton::clicked, this, &ReleaseImportDialog::browseFolder);
    connect(m_folder, &QLineEdit::editingFinished, this, &ReleaseImportDialog::inspectFolder);
    // Return in the path reads the folder; it must not also press the default Import button:
    // an import cannot be undone, so the user sees what the folder holds before importing it.
    m_folder->installEventFilter(this);
    connect(m_folder, &QLineEdit::textChanged, this, [this] {
        m_folderReady = false;
        updateImportButton();
    });
    auto *row = new QHBoxLayout;
    row->addWidget(m_folder, 1);
    row->addWidget(browse);

    m_summary = new QLabel(tab);
    m_summary->setObjectName(QStringLiteral("importSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_folderTargets = DetailsTable::make({tr("ECU"), tr("Hardware ID"), tr("Version"), tr("File"), tr("Size")},
                                         QStringLiteral("importTargets"), tab);

    auto *layout = new QVBoxLayout(tab);
    layout->addWidget(intro);
    layout->addLayout(row);
    layout->addWidget(m_summary);
    layout->addWidget(m_folderTargets);
    layout->addStretch(1);
    return tab;
}

QWidget *ReleaseImportDialog::createBuildTab()
{
    auto *tab = new QWidget(this);
    const auto lineEdit = [tab](const QString &name, const QString &placeholder) {
        auto *edit = new QLineEdit(tab);
        edit->setObjectName(name);
        edit->setPlaceholderText(placeholder);
        return edit;
    };
    m_name = lineEdit(QStringLiteral("buildName"), tr("e.g. tbox-firmware"));
    m_version = lineEdit(QStringLiteral("buildVersion"), tr("e.g. 5.2.0"));
    m_counter = new QSpinBox(tab);
    m_counter->setObjectName(QStringLiteral("buildCounter"));
    m_counter->setRange(0, std::numeric_limits<int>::max());
    m_counter->setValue(1);
    m_counter->setToolTip(tr("Vehicles refuse a release whose counter is lower than the one they run (no rollback)"));
    m_kind = new QComboBox(tab);
    m_kind->setObjectName(QStringLiteral("buildKind"));
    m_kind->addItem(tr("Firmware (FUMO, ECU images)"), QStringLiteral("firmware"));
    m_kind->addItem(tr("Application (SCOMO components)"), QStringLiteral("application"));
    m_hwIds = lineEdit(QStringLiteral("buildHwIds"), tr("comma-separated; the images' hardware IDs when empty"));
    m_rxswin = lineEdit(QStringLiteral("buildRxswin"), tr("comma-separated, e.g. R156-TB-52"));
    m_dtcs = lineEdit(QStringLiteral("buildDtcs"), tr("comma-separated, e.g. U0100, P0A80"));

    auto *form = new QFormLayout;
    form->addRow(tr("Name:"), m_name);
    form->addRow(tr("Version:"), m_version);
    form->addRow(tr("Release counter:"), m_counter);
    form->addRow(tr("Kind:"), m_kind);
    form->addRow(tr("Hardware IDs:"), m_hwIds);
    form->addRow(tr("RXSWIN:"), m_rxswin);
    form->addRow(tr("DTCs to clear:"), m_dtcs);

    m_minBattery = new QSpinBox(tab);
    m_minBattery->setObjectName(QStringLiteral("buildMinBattery"));
    m_minBattery->setRange(0, 100);
    m_minBattery->setValue(50);
    m_minBattery->setSuffix(tr(" %"));
    m_parked = new QCheckBox(tr("Parked"), tab);
    m_parked->setObjectName(QStringLiteral("buildParked"));
    m_parked->setChecked(true);
    m_ignitionOff = new QCheckBox(tr("Ignition off"), tab);
    m_ignitionOff->setObjectName(QStringLiteral("buildIgnitionOff"));
    m_ignitionOff->setChecked(true);
    m_consent = new QComboBox(tab);
    m_consent->setObjectName(QStringLiteral("buildConsent"));
    m_consent->addItem(tr("The owner must agree"), QStringLiteral("required"));
    m_consent->addItem(tr("No consent needed"), QStringLiteral("not-required"));
    auto *preconditions = new QGroupBox(tr("Before installing, the vehicle checks"), tab);
    auto *conditions = new QFormLayout(preconditions);
    conditions->addRow(tr("Battery at least:"), m_minBattery);
    auto *checks = new QHBoxLayout;
    checks->addWidget(m_parked);
    checks->addWidget(m_ignitionOff);
    checks->addStretch(1);
    conditions->addRow(checks);
    conditions->addRow(tr("Owner consent:"), m_consent);

    m_userTexts = new QTableWidget(1, 2, tab);
    m_userTexts->setObjectName(QStringLiteral("buildUserTexts"));
    m_userTexts->setHorizontalHeaderLabels({tr("Language"), tr("Text shown to the owner")});
    m_userTexts->verticalHeader()->hide();
    m_userTexts->horizontalHeader()->setStretchLastSection(true);
    m_userTexts->setItem(0, 0, new QTableWidgetItem(QStringLiteral("en")));
    m_userTexts->setItem(0, 1, new QTableWidgetItem);
    m_userTexts->setMaximumHeight(110);
    auto *addText = new QPushButton(tr("Add language"), tab);
    addText->setObjectName(QStringLiteral("buildAddUserText"));
    connect(addText, &QPushButton::clicked, this, &ReleaseImportDialog::addUserText);

    m_images = new QTableWidget(0, 5, tab);
    m_images->setObjectName(QStringLiteral("buildImages"));
    m_images->setHorizontalHeaderLabels({tr("ECU"), tr("Hardware ID"), tr("Version"), tr("File"), tr("Size")});
    m_images->verticalHeader()->hide();
    m_images->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_images->horizontalHeader()->setSectionResizeMode(FileColumn, QHeaderView::Stretch);
    m_images->setToolTip(tr("One image per ECU (firmware) or component (application); type its ECU, hardware ID "
                            "and the version it installs"));
    auto *addImage = new QPushButton(tr("Add &image…"), tab);
    addImage->setObjectName(QStringLiteral("buildAddImage"));
    auto *removeImage = new QPushButton(tr("&Remove"), tab);
    removeImage->setObjectName(QStringLiteral("buildRemoveImage"));
    connect(addImage, &QPushButton::clicked, this, &ReleaseImportDialog::addImages);
    connect(removeImage, &QPushButton::clicked, this, &ReleaseImportDialog::removeImage);
    connect(m_images, &QTableWidget::cellChanged, this, [this](int, int column) {
        if (column == FileColumn) {
            refreshImageSizes();
        }
    });
    auto *imageButtons = new QVBoxLayout;
    imageButtons->addWidget(addImage);
    imageButtons->addWidget(removeImage);
    imageButtons->addStretch(1);
    auto *imagesRow = new QHBoxLayout;
    imagesRow->addWidget(m_images, 1);
    imagesRow->addLayout(imageButtons);
    auto *textsRow = new QHBoxLayout;
    textsRow->addWidget(m_userTexts, 1);
    textsRow->addWidget(addText, 0, Qt::AlignTop);

    auto *layout = new QVBoxLayout(tab);
    layout->addLayout(form);
    layout->addWidget(preconditions);
    layout->addWidget(new QLabel(tr("What the vehicle tells its owner, per language:"), tab));
    layout->addLayout(textsRow);
    layout->addWidget(new QLabel(tr("Images:"), tab));
    layout->addLayout(imagesRow, 1);
    return tab;
}

void ReleaseImportDialog::browseFolder()
{
    // open(), not exec(): no nested event loop (CODING_GUIDELINES.md).
    auto *dialog = new QFileDialog(this, tr("Choose the release folder"), m_folder->text());
    dialog->setObjectName(QStringLiteral("importFolderDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::Directory);
    dialog->setOption(QFileDialog::ShowDirsOnly);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &folder) {
        m_folder->setText(folder);
        inspectFolder();
    });
    dialog->open();
}

void ReleaseImportDialog::inspectFolder()
{
    const QString folder = m_folder->text().trimmed();
    if (folder == m_inspected && m_folderReady) {
        return;
    }
    m_inspected = folder;
    m_folderReady = false;
    updateImportButton();
    DetailsTable::setRows(m_folderTargets, {});
    if (folder.isEmpty()) {
        m_summary->clear();
        showProblems({});
        return;
    }
    m_summary->setText(tr("Reading %1…").arg(QDir::toNativeSeparators(folder)));
    const int request = ++m_inspection;
    runInBackground(
        &m_pool, this, [folder] { return inspect(folder); },
        [this, folder, request](const Inspection &found) {
            if (request != m_inspection) {
                return; // the user picked another folder meanwhile
            }
            m_summary->setText(found.summary);
            QList<QStringList> rows;
            for (const Inspection::File &file : found.files) {
                rows.append({file.ecu, file.hwId, file.version, file.name,
                             file.size < 0 ? tr("missing") : Text::byteSize(file.size)});
            }
            DetailsTable::setRows(m_folderTargets, rows);
            showProblems(found.problems);
            m_folderReady = found.problems.isEmpty() && !found.files.isEmpty();
            m_inspectedLabel = found.label;
            updateImportButton();
            if (std::exchange(m_importWhenReady, false) && m_folderReady) {
                importFolder(folder);
            }
        });
}

void ReleaseImportDialog::addImages()
{
    auto *dialog = new QFileDialog(this, tr("Choose image files"));
    dialog->setObjectName(QStringLiteral("importImageDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFiles);
    connect(dialog, &QFileDialog::filesSelected, this, [this](const QStringList &files) {
        const QSignalBlocker blocker(m_images); // one size refresh for all of them
        for (const QString &file : files) {
            const int row = m_images->rowCount();
            m_images->insertRow(row);
            for (const int column : {EcuColumn, HwIdColumn, VersionColumn}) {
                m_images->setItem(row, column, new QTableWidgetItem);
            }
            m_images->setItem(row, FileColumn, new QTableWidgetItem(QDir::toNativeSeparators(file)));
            auto *size = new QTableWidgetItem;
            size->setFlags(size->flags() & ~Qt::ItemIsEditable);
            m_images->setItem(row, SizeColumn, size);
        }
        refreshImageSizes();
        updateImportButton();
        if (!files.isEmpty()) {
            // The ECU is what the user has to type next.
            m_images->setCurrentCell(m_images->rowCount() - static_cast<int>(files.size()), EcuColumn);
            m_images->setFocus();
        }
    });
    dialog->open();
}

void ReleaseImportDialog::removeImage()
{
    const int row = m_images->currentRow();
    if (row >= 0) {
        m_images->removeRow(row);
        updateImportButton();
    }
}

void ReleaseImportDialog::addUserText()
{
    const int row = m_userTexts->rowCount();
    m_userTexts->insertRow(row);
    m_userTexts->setItem(row, 0, new QTableWidgetItem);
    m_userTexts->setItem(row, 1, new QTableWidgetItem);
    m_userTexts->setCurrentCell(row, 0);
    m_userTexts->editItem(m_userTexts->item(row, 0));
}

void ReleaseImportDialog::refreshImageSizes()
{
    QStringList paths;
    for (int row = 0; row < m_images->rowCount(); ++row) {
        const QTableWidgetItem *item = m_images->item(row, FileColumn);
        paths.append(item ? QDir::fromNativeSeparators(item->text().trimmed()) : QString());
    }
    runInBackground(
        &m_pool, this,
        [paths] {
            QList<qint64> sizes;
            for (const QString &path : paths) {
                const QFileInfo info(path);
                sizes.append(!path.isEmpty() && info.isFile() ? info.size() : -1);
            }
            return sizes;
        },
        [this, paths](const QList<qint64> &sizes) {
            const QSignalBlocker blocker(m_images);
            for (int row = 0; row < m_images->rowCount() && row < paths.size(); ++row) {
                const QTableWidgetItem *file = m_images->item(row, FileColumn);
                QTableWidgetItem *size = m_images->item(row, SizeColumn);
                if (!file || !size || QDir::fromNativeSeparators(file->text().trimmed()) != paths.at(row)) {
                    continue; // edited again meanwhile; that edit asked for its own refresh
                }
                size->setText(sizes.at(row) < 0 ? tr("missing") : Text::byteSize(sizes.at(row)));
            }
        });
}

ReleaseImportDialog::Draft ReleaseImportDialog::draft() const
{
    Draft d;
    d.name = m_name->text().trimmed();
    d.version = m_version->text().trimmed();
    d.releaseCounter = m_counter->value();
    d.kind = m_kind->currentData().toString();
    d.rxswin = splitList(m_rxswin->text());
    d.dtcsToClear = splitList(m_dtcs->text());
    d.minBatteryPct = m_minBattery->value();
    d.parked = m_parked->isChecked();
    d.ignitionOff = m_ignitionOff->isChecked();
    d.consent = m_consent->currentData().toString();
    const auto text = [](const QTableWidget *table, int row, int column) {
        const QTableWidgetItem *item = table->item(row, column);
        return item ? item->text().trimmed() : QString();
    };
    for (int row = 0; row < m_userTexts->rowCount(); ++row) {
        const QString language = text(m_userTexts, row, 0);
        const QString userText = text(m_userTexts, row, 1);
        if (!language.isEmpty() && !userText.isEmpty()) {
            d.userTexts.append({language, userText});
        }
    }
    for (int row = 0; row < m_images->rowCount(); ++row) {
        d.images.append({text(m_images, row, EcuColumn), text(m_images, row, HwIdColumn),
                         text(m_images, row, VersionColumn),
                         QDir::fromNativeSeparators(text(m_images, row, FileColumn))});
    }
    d.hwIds = splitList(m_hwIds->text());
    if (d.hwIds.isEmpty()) {
        for (const Image &image : std::as_const(d.images)) {
            if (!image.hwId.isEmpty() && !d.hwIds.contains(image.hwId)) {
                d.hwIds.append(image.hwId);
            }
        }
    }
    return d;
}

QStringList ReleaseImportDialog::draftProblems(const Draft &d) const
{
    QStringList problems;
    if (d.name.isEmpty()) {
        problems.append(tr("Give the release a name."));
    }
    if (d.version.isEmpty()) {
        problems.append(tr("Give the release a version."));
    }
    if (d.images.isEmpty()) {
        problems.append(tr("Add at least one image with Add image…."));
    }
    QStringList ecus;
    for (int i = 0; i < d.images.size(); ++i) {
        const Image &image = d.images.at(i);
        if (image.ecu.isEmpty() || image.hwId.isEmpty() || image.version.isEmpty()) {
            problems.append(tr("Image %1 needs its ECU, hardware ID and version.").arg(i + 1));
        } else if (ecus.contains(image.ecu)) {
            problems.append(tr("Two images are for %1; a release has one image per ECU.").arg(image.ecu));
        }
        ecus.append(image.ecu);
        if (image.path.isEmpty()) {
            problems.append(tr("Image %1 has no file.").arg(i + 1));
        }
    }
    return problems;
}

QJsonObject ReleaseImportDialog::manifestJson(const Draft &d, const QStringList &fileNames)
{
    // The release.json of docs/releases.md.
    update::Preconditions preconditions;
    preconditions.minBatteryPct = d.minBatteryPct;
    preconditions.parked = d.parked;
    preconditions.ignitionOff = d.ignitionOff;
    preconditions.consent = d.consent;
    QJsonObject userText;
    for (const auto &[language, text] : d.userTexts) {
        userText.insert(language, text);
    }
    QJsonArray targets;
    for (int i = 0; i < d.images.size(); ++i) {
        const Image &image = d.images.at(i);
        targets.append(QJsonObject{{QStringLiteral("Ecu"), image.ecu},
                                   {QStringLiteral("HwId"), image.hwId},
                                   {QStringLiteral("Version"), image.version},
                                   {QStringLiteral("File"), fileNames.value(i)}});
    }
    QJsonObject json{{QStringLiteral("Name"), d.name},
                     {QStringLiteral("Version"), d.version},
                     {QStringLiteral("ReleaseCounter"), d.releaseCounter},
                     {QStringLiteral("Kind"), d.kind},
                     {QStringLiteral("HwIds"), QJsonArray::fromStringList(d.hwIds)},
                     {QStringLiteral("Preconditions"), preconditions.toJson()},
                     {QStringLiteral("Targets"), targets}};
    if (!d.rxswin.isEmpty()) {
        json.insert(QStringLiteral("Rxswin"), QJsonArray::fromStringList(d.rxswin));
    }
    if (!userText.isEmpty()) {
        json.insert(QStringLiteral("UserText"), userText);
    }
    if (!d.dtcsToClear.isEmpty()) {
        json.insert(QStringLiteral("DtcsToClear"), QJsonArray::fromStringList(d.dtcsToClear));
    }
    return json;
}

void ReleaseImportDialog::startImport()
{
    if (m_busy) {
        return;
    }
    if (m_tabs->currentIndex() == 0) {
        if (!m_folderReady) {
            m_importWhenReady = true; // the user typed a path and clicked Import at once
            inspectFolder();
            return;
        }
        importFolder(m_inspected);
    } else {
        importDraft();
    }
}

void ReleaseImportDialog::importFolder(const QString &folder)
{
    setBusy(true, tr("Importing %1… Every image is copied into the console's store and hashed; large images "
                     "take a while.")
                      .arg(QDir::toNativeSeparators(folder)));
    const QString label = m_inspectedLabel;
    server::FleetService *fleet = &m_fleet;
    runInBackground(
        &m_pool, this,
        [fleet, folder, label, actor = m_operator] {
            return outcomeOf(fleet->releases().importFolder(folder, actor), label);
        },
        [this](const Outcome &outcome) { finishImport(outcome.ok, outcome.text, outcome.releaseId, outcome.label); });
}

void ReleaseImportDialog::importDraft()
{
    const Draft d = draft();
    const QStringList problems = draftProblems(d);
    if (!problems.isEmpty()) {
        showProblems(problems);
        return;
    }
    setBusy(true, tr("Copying the images and importing %1 %2… Every image is hashed; large images take a while.")
                      .arg(d.name, d.version));
    server::FleetService *fleet = &m_fleet;
    runInBackground(
        &m_pool, this,
        [fleet, d, actor = m_operator]() -> Outcome {
            const QString label = d.name + u' ' + d.version;
            QStringList problems;
            QStringList fileNames;
            for (const Image &image : d.images) {
                const QFileInfo info(image.path);
                if (!info.isFile()) {
                    problems.append(tr("The image file %1 for %2 does not exist.")
                                        .arg(QDir::toNativeSeparators(image.path), image.ecu));
                } else if (info.size() == 0) {
                    problems.append(
                        tr("The image file %1 for %2 is empty.").arg(QDir::toNativeSeparators(image.path), image.ecu));
                }
                QString name = info.fileName();
                if (fileNames.contains(name)) {
                    name = image.ecu + u'-' + name; // two images of the same name from different folders
                }
                fileNames.append(name);
            }
            const QJsonObject json = manifestJson(d, fileNames);
            if (auto parsed = ReleaseService::parseManifest(json); !parsed) {
                problems.append(tr("The release is incomplete or wrong: %1").arg(parsed.errorString()));
            }
            if (!problems.isEmpty()) {
                return {false, problems.join(u'\n'), 0, label};
            }
            QTemporaryDir folder; // removed with everything in it once imported
            if (!folder.isValid()) {
                return {false, tr("Could not create a temporary folder: %1").arg(folder.errorString()), 0, label};
            }
            QSaveFile manifest(folder.filePath(ManifestFile));
            if (!manifest.open(QIODevice::WriteOnly) ||
                manifest.write(QJsonDocument(json).toJson(QJsonDocument::Indented)) < 0 || !manifest.commit()) {
                return {false, tr("Could not write release.json: %1").arg(manifest.errorString()), 0, label};
            }
            for (int i = 0; i < d.images.size(); ++i) {
                if (!QFile::copy(d.images.at(i).path, folder.filePath(fileNames.at(i)))) {
                    return {false,
                            tr("Could not copy %1 into the temporary folder.")
                                .arg(QDir::toNativeSeparators(d.images.at(i).path)),
                            0, label};
                }
            }
            return outcomeOf(fleet->releases().importFolder(folder.path(), actor), label);
        },
        [this](const Outcome &outcome) { finishImport(outcome.ok, outcome.text, outcome.releaseId, outcome.label); });
}

void ReleaseImportDialog::finishImport(bool ok, const QString &text, qint64 releaseId, const QString &label)
{
    setBusy(false);
    if (!ok) {
        showProblems(text.split(u'\n'));
        m_status->setText(tr("Nothing was imported."));
        return;
    }
    showProblems({});
    m_status->setText(tr("Imported %1.").arg(label));
    Q_EMIT imported(releaseId, label);
    // Ready for the next one; the folder tab forgets the folder it just imported.
    m_folder->clear();
    m_inspected.clear();
    m_summary->clear();
    DetailsTable::setRows(m_folderTargets, {});
    accept();
}

void ReleaseImportDialog::setBusy(bool busy, const QString &status)
{
    m_busy = busy;
    m_tabs->setEnabled(!busy);
    m_busyBar->setVisible(busy);
    if (busy) {
        showProblems({});
        m_status->setText(status);
    }
    updateImportButton();
}

void ReleaseImportDialog::showProblems(const QStringList &problems)
{
    m_problems->setText(problems.join(u'\n'));
    m_problems->setVisible(!problems.isEmpty());
}

void ReleaseImportDialog::updateImportButton()
{
    const bool folderTab = m_tabs->currentIndex() == 0;
    m_import->setEnabled(!m_busy && (folderTab ? !m_folder->text().trimmed().isEmpty() : m_images->rowCount() > 0));
    m_import->setToolTip(folderTab ? tr("Import the release in this folder")
                                   : tr("Write release.json with these images to a temporary folder and import it"));
}

} // namespace flotilla::ui
