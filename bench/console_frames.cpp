// flotilla-console-frames: how responsive the console stays while the server it embeds works
// (issue 4, docs/benchmarks.md "Campaign"). It runs what `flotilla` runs — the main window over an
// embedded ServerRuntime — on the Campaigns page, and measures per phase:
//
//   lag             how late a 10 ms precise timer fires: the time the event loop was busy elsewhere
//                   (model updates, layout, painting), which a user feels as a window that sticks;
//   frames          how long each repaint of a window takes (the UpdateRequest that paints the
//                   dirty widgets and flushes the backing store);
//   progress paint  per frame that painted it, the time spent painting the campaign progress view
//                   (counts, charts, the per-vehicle table).
//
// Server options as flotilla-server (--data-dir, --listen, --api-listen, ...). Commands on stdin,
// one a line: "select <campaign id>" (opens its progress view), "repaint <ms>" (repaints the
// progress view at that interval, 0 = stop: a baseline's frames when nothing changes on its own),
// "phase <name>" (ends the phase running, printing it, and starts the next), "quit" (ends the last
// phase and exits; so does the end of stdin). Each phase ends as one JSON line on stdout.
// bench/campaign.sh (CONSOLE=1) drives it.
#include "server/CommandLine.h"
#include "server/FleetService.h"
#include "server/ServerRuntime.h"
#include "ui/CampaignProgressPanel.h"
#include "ui/CampaignsPage.h"
#include "ui/MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QSocketNotifier>
#include <QTimer>
#include <QWidget>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <unistd.h>
#include <vector>

using namespace Qt::StringLiterals;
using namespace flotilla;

namespace {

constexpr int LagIntervalMs = 10;

// Durations in nanoseconds; reported in milliseconds.
class Series final
{
public:
    void add(qint64 ns) { m_values.push_back(ns); }
    QJsonObject toJson() const
    {
        std::vector<qint64> sorted = m_values;
        std::sort(sorted.begin(), sorted.end());
        const auto quantile = [&](double q) {
            if (sorted.empty())
                return 0.0;
            const size_t rank = size_t(std::ceil(q * double(sorted.size())));
            return double(sorted[std::min(sorted.size() - 1, rank > 0 ? rank - 1 : 0)]) / 1e6;
        };
        const auto rounded = [](double ms) { return std::round(ms * 100) / 100; };
        return QJsonObject{{u"count"_s, qint64(sorted.size())},
                           {u"p50Ms"_s, rounded(quantile(0.5))},
                           {u"p99Ms"_s, rounded(quantile(0.99))},
                           {u"maxMs"_s, rounded(sorted.empty() ? 0.0 : double(sorted.back()) / 1e6)}};
    }

private:
    std::vector<qint64> m_values;
};

double loadAverage()
{
    QFile file(u"/proc/loadavg"_s);
    return file.open(QIODevice::ReadOnly) ? file.readAll().split(' ').value(0).toDouble() : -1;
}

// Times window repaints and the progress view's paint events as they are delivered, and the lag of
// a precise timer, into the running phase.
class ProbeApplication final : public QApplication
{
public:
    ProbeApplication(int &argc, char **argv)
        : QApplication(argc, argv)
    {
        m_clock.start();
    }

    void watch(QWidget *progressView) { m_watched = progressView; }

    bool notify(QObject *receiver, QEvent *event) override
    {
        const QEvent::Type type = event->type();
        if ((type != QEvent::UpdateRequest && type != QEvent::Paint) || !receiver->isWidgetType())
            return QApplication::notify(receiver, event);
        auto *widget = static_cast<QWidget *>(receiver);
        const bool frame = type == QEvent::UpdateRequest && widget->isWindow();
        const bool progress =
            type == QEvent::Paint && m_watched && (widget == m_watched || m_watched->isAncestorOf(widget));
        if (!frame && !progress)
            return QApplication::notify(receiver, event);
        if (frame)
            m_progressInFrame = 0;
        QElapsedTimer timer;
        timer.start();
        const bool handled = QApplication::notify(receiver, event);
        const qint64 ns = timer.nsecsElapsed();
        if (progress) {
            m_progressInFrame += ns;
        } else {
            m_frames.add(ns);
            if (m_progressInFrame > 0)
                m_progressPaints.add(m_progressInFrame);
        }
        return handled;
    }

    void lagTick()
    {
        const qint64 now = m_clock.nsecsElapsed();
        if (m_lastTick > 0)
            m_lag.add(std::max<qint64>(0, now - m_lastTick - qint64(LagIntervalMs) * 1'000'000));
        m_lastTick = now;
    }

    // Prints the running phase (if any) and starts the next.
    void startPhase(const QString &name)
    {
        const qint64 now = m_clock.nsecsElapsed();
        if (!m_phase.isEmpty()) {
            const QJsonObject line{{u"phase"_s, m_phase},
                                   {u"seconds"_s, std::round(double(now - m_phaseStart) / 1e7) / 100},
                                   {u"load1Start"_s, m_loadStart},
                                   {u"load1End"_s, loadAverage()},
                                   {u"lag"_s, m_lag.toJson()},
                                   {u"frames"_s, m_frames.toJson()},
                                   {u"progressPaint"_s, m_progressPaints.toJson()}};
            std::printf("%s\n", QJsonDocument(line).toJson(QJsonDocument::Compact).constData());
            std::fflush(stdout);
        }
        m_phase = name;
        m_phaseStart = now;
        m_loadStart = loadAverage();
        m_lag = {};
        m_frames = {};
        m_progressPaints = {};
        m_lastTick = 0;
    }

private:
    QElapsedTimer m_clock;
    QPointer<QWidget> m_watched;
    qint64 m_progressInFrame = 0;
    qint64 m_lastTick = 0;
    QString m_phase;
    qint64 m_phaseStart = 0;
    double m_loadStart = 0;
    Series m_lag;
    Series m_frames;
    Series m_progressPaints;
};

} // namespace

int main(int argc, char *argv[])
{
    ProbeApplication app(argc, argv);
    QApplication::setApplicationName(u"flotilla-console-frames"_s);
    QApplication::setApplicationVersion(QStringLiteral(FLOTILLA_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"The console window over its embedded server, measuring event-loop lag and paint times per phase."_s);
    parser.addHelpOption();
    server::addServerOptions(parser);
    parser.process(app);
    auto config = server::serverConfigFrom(parser);
    if (!config) {
        std::fprintf(stderr, "flotilla-console-frames: %s\n", qPrintable(config.errorString()));
        return 2;
    }
    auto started = server::ServerRuntime::start(*config);
    if (!started) {
        std::fprintf(stderr, "flotilla-console-frames: %s\n", qPrintable(started.errorString()));
        return 1;
    }
    std::unique_ptr<server::ServerRuntime> runtime = std::move(*started);

    int status = 0;
    {
        ui::MainWindow window(runtime->fleet());
        window.setOperator(u"bench"_s, server::campaigns::Role::Viewer); // watches, changes nothing
        window.resize(1400, 900);
        window.showPage(ui::MainWindow::CampaignsView);
        window.show();
        app.watch(window.campaignsPage()->progress());

        QTimer lag;
        lag.setTimerType(Qt::PreciseTimer);
        QObject::connect(&lag, &QTimer::timeout, &app, [&app] { app.lagTick(); });
        lag.start(LagIntervalMs);
        app.startPhase(u"start"_s);

        QTimer repaint;
        QObject::connect(&repaint, &QTimer::timeout, &window,
                         [&window] { window.campaignsPage()->progress()->update(); });

        QByteArray pending;
        QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
        QObject::connect(&input, &QSocketNotifier::activated, &app, [&] {
            char buffer[256];
            const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
            if (n <= 0) { // the driving script is gone
                input.setEnabled(false);
                QApplication::quit();
                return;
            }
            pending.append(buffer, qsizetype(n));
            for (qsizetype end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
                const QString line = QString::fromUtf8(pending.left(end)).trimmed();
                pending.remove(0, end + 1);
                if (line.startsWith(u"phase "_s))
                    app.startPhase(line.mid(6).trimmed());
                else if (line.startsWith(u"select "_s))
                    window.campaignsPage()->selectCampaign(line.mid(7).toLongLong());
                else if (line.startsWith(u"repaint "_s) && line.mid(8).toInt() > 0)
                    repaint.start(line.mid(8).toInt());
                else if (line.startsWith(u"repaint "_s))
                    repaint.stop();
                else if (line == u"quit")
                    QApplication::quit();
                else
                    std::fprintf(stderr, "flotilla-console-frames: unknown command '%s'\n", qPrintable(line));
            }
        });
        status = app.exec();
        app.startPhase(QString()); // prints the last phase
    }
    runtime->stop();
    return status;
}
