#pragma once

#include <QDialog>
#include <QJsonObject>
#include <QStringList>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTableWidget;
class QThreadPool;

namespace flotilla::server {
class FleetService;
}

namespace flotilla::ui {

// Import… of the Releases view. Two ways in:
//  - "From a folder": a folder holding release.json (docs/releases.md), its image files and
//    optionally release.sig. The dialog reads and checks it first and shows what it found:
//    targets, files with their sizes, and any problem in plain words.
//  - "Build here": the release's fields and one image file per ECU; the dialog writes a temporary
//    folder with release.json and the images and imports that, so both ways take the same path.
// Reading, copying and importing (which hashes every image) run off the GUI thread behind a busy
// indicator; the window stays responsive, and closing the dialog lets a running import finish.
class ReleaseImportDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReleaseImportDialog)
public:
    ReleaseImportDialog(server::FleetService &fleet, QThreadPool &pool, QString operatorName,
                        QWidget *parent = nullptr);
    ~ReleaseImportDialog() override;

    bool isBusy() const { return m_busy; }

    // One row of the images of the "Build here" tab.
    struct Image
    {
        QString ecu;
        QString hwId;
        QString version;
        QString path;
    };
    // The release.json the "Build here" tab writes, from its fields; images name their files by
    // fileNames (same order).
    struct Draft
    {
        QString name;
        QString version;
        qint64 releaseCounter = 0;
        QString kind;
        QStringList hwIds; // the targets' when empty
        QStringList rxswin;
        int minBatteryPct = 0;
        bool parked = false;
        bool ignitionOff = false;
        QString consent;
        QList<std::pair<QString, QString>> userTexts; // language, text
        QStringList dtcsToClear;
        QList<Image> images;
    };
    static QJsonObject manifestJson(const Draft &draft, const QStringList &fileNames);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

Q_SIGNALS:
    void imported(qint64 releaseId, const QString &label);

private:
    QWidget *createFolderTab();
    QWidget *createBuildTab();
    void browseFolder();
    void inspectFolder();
    void addImages();
    void removeImage();
    void addUserText();
    void refreshImageSizes();
    void startImport();
    void importFolder(const QString &folder);
    void importDraft();
    void finishImport(bool ok, const QString &text, qint64 releaseId, const QString &label);
    void setBusy(bool busy, const QString &status = {});
    void showProblems(const QStringList &problems);
    void updateImportButton();
    Draft draft() const;
    QStringList draftProblems(const Draft &draft) const;

    server::FleetService &m_fleet;
    QThreadPool &m_pool;
    QString m_operator;
    bool m_busy = false;
    bool m_folderReady = false; // the folder tab shows a folder without problems
    QString m_inspected;        // the folder the tab shows
    QString m_inspectedLabel;   // its release's "name version"
    bool m_importWhenReady = false;
    int m_inspection = 0; // latest request; older answers are dropped

    QTabWidget *m_tabs;
    QLabel *m_problems;
    QLabel *m_status;
    QProgressBar *m_busyBar;
    QDialogButtonBox *m_buttons;
    QPushButton *m_import;

    // From a folder
    QLineEdit *m_folder = nullptr;
    QLabel *m_summary = nullptr;
    QTableWidget *m_folderTargets = nullptr;

    // Build here
    QLineEdit *m_name = nullptr;
    QLineEdit *m_version = nullptr;
    QSpinBox *m_counter = nullptr;
    QComboBox *m_kind = nullptr;
    QLineEdit *m_hwIds = nullptr;
    QLineEdit *m_rxswin = nullptr;
    QSpinBox *m_minBattery = nullptr;
    QCheckBox *m_parked = nullptr;
    QCheckBox *m_ignitionOff = nullptr;
    QComboBox *m_consent = nullptr;
    QTableWidget *m_userTexts = nullptr;
    QLineEdit *m_dtcs = nullptr;
    QTableWidget *m_images = nullptr;
};

} // namespace flotilla::ui
