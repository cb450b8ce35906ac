// The console's translations: every message of the German and Simplified Chinese .ts files is
// translated with the same placeholders as its source, and the compiled catalogues embedded in
// flotilla_ui (:/i18n) load and reach the window's tr() contexts, numerus forms included.
#include "tests/support/TestSupport.h"
#include "ui/Text.h"

#include <QApplication>
#include <QFile>
#include <QRegularExpression>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

using namespace flotilla;

namespace {

struct Message
{
    QString context;
    QString source;
    QStringList translations; // one, or the numerus forms
    bool unfinished = false;
};

QList<Message> readTs(const QString &path, QString *error)
{
    QList<Message> messages;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return messages;
    }
    QXmlStreamReader xml(&file);
    QString context;
    Message current;
    bool numerus = false;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isEndElement() && xml.name() == u"message") {
            messages.append(current);
        }
        if (!xml.isStartElement()) {
            continue;
        }
        const QStringView name = xml.name();
        if (name == u"name") {
            context = xml.readElementText();
        } else if (name == u"message") {
            current = Message{context, {}, {}, false};
            numerus = xml.attributes().value(QLatin1StringView("numerus")) == u"yes";
        } else if (name == u"source") {
            current.source = xml.readElementText();
        } else if (name == u"translation") {
            current.unfinished =
                !xml.attributes().value(QLatin1StringView("type")).isEmpty(); // unfinished, vanished...
            if (!numerus) {
                current.translations.append(xml.readElementText());
            }
        } else if (name == u"numerusform") {
            current.translations.append(xml.readElementText());
        }
    }
    if (xml.hasError()) {
        *error = xml.errorString();
    }
    return messages;
}

QStringList placeholders(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("%(\\d+|n)"));
    QStringList found;
    for (const QRegularExpressionMatch &match : pattern.globalMatch(text)) {
        found.append(match.captured());
    }
    found.sort();
    found.removeDuplicates();
    return found;
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tsFilesAreComplete_data();
    void tsFilesAreComplete();
    void catalogueLoads_data();
    void catalogueLoads();
    void cleanup();

private:
    std::unique_ptr<QTranslator> m_translator;
};

void TestTranslations::tsFilesAreComplete_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("German") << QStringLiteral("de");
    QTest::newRow("Simplified Chinese") << QStringLiteral("zh_CN");
}

void TestTranslations::tsFilesAreComplete()
{
    QFETCH(QString, language);
    QString error;
    const QList<Message> messages =
        readTs(test::sourceDir() + QStringLiteral("/translations/flotilla_%1.ts").arg(language), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(messages.size() > 100);
    for (const Message &message : messages) {
        const QByteArray where = (message.context + u": " + message.source).toUtf8();
        QVERIFY2(!message.unfinished, where.constData());
        QVERIFY2(!message.translations.isEmpty(), where.constData());
        for (const QString &translation : message.translations) {
            QVERIFY2(!translation.trimmed().isEmpty(), where.constData());
            QCOMPARE(placeholders(translation), placeholders(message.source));
        }
    }
}

void TestTranslations::catalogueLoads_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("vehicles");
    QTest::addColumn<QString>("pending");
    QTest::addColumn<QString>("threeDaysAgo");
    QTest::newRow("German") << QStringLiteral("de") << QStringLiteral("Fahrzeuge") << QStringLiteral("Ausstehend")
                            << QStringLiteral("vor 3 Tagen");
    QTest::newRow("Simplified Chinese") << QStringLiteral("zh_CN") << QStringLiteral("车辆") << QStringLiteral("待处理")
                                        << QStringLiteral("3 天前");
}

void TestTranslations::catalogueLoads()
{
    QFETCH(QString, language);
    QFETCH(QString, vehicles);
    QFETCH(QString, pending);
    QFETCH(QString, threeDaysAgo);
    m_translator = std::make_unique<QTranslator>();
    // The same lookup the app does at start: the user's locale in the embedded :/i18n folder.
    QVERIFY(m_translator->load(QLocale(language), QStringLiteral("flotilla"), QStringLiteral("_"),
                               QStringLiteral(":/i18n")));
    QVERIFY(QCoreApplication::installTranslator(m_translator.get()));
    QCOMPARE(QCoreApplication::translate("flotilla::ui::MainWindow", "Vehicles"), vehicles);
    // Text uses Q_DECLARE_TR_FUNCTIONS: its runtime context must match what lupdate extracted.
    QCOMPARE(ui::Text::vehicleState(store::VehicleState::Pending), pending);
    const qint64 now = 1'790'000'000'000;
    QCOMPARE(ui::Text::relativeTime(now - 3 * 86'400'000, now), threeDaysAgo);
}

void TestTranslations::cleanup()
{
    if (m_translator) {
        QCoreApplication::removeTranslator(m_translator.get());
        m_translator.reset();
    }
}

QTEST_MAIN(TestTranslations)
#include "tst_gui_translations.moc"
