// RefreshThrottle: a burst of change notifications becomes one refresh; notifications that
// arrive while a refresh runs become exactly one more; refreshes never overlap.
#include "ui/RefreshThrottle.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace std::chrono_literals;
using flotilla::ui::RefreshThrottle;

class TestRefreshThrottle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void burstBecomesOneRefresh();
    void requestsDuringARefreshFollowItOnce();
    void refreshesNeverOverlap();
    void doneWithoutNewRequestsStaysQuiet();

private:
    std::unique_ptr<RefreshThrottle> m_throttle;
};

void TestRefreshThrottle::init()
{
    m_throttle = std::make_unique<RefreshThrottle>(20ms);
}

void TestRefreshThrottle::cleanup()
{
    m_throttle.reset();
}

void TestRefreshThrottle::burstBecomesOneRefresh()
{
    QSignalSpy due(m_throttle.get(), &RefreshThrottle::due);
    for (int i = 0; i < 1000; ++i) {
        m_throttle->request();
    }
    QCOMPARE(due.size(), 0); // never synchronously: the interval collects the burst
    QTRY_COMPARE(due.size(), 1);
    QVERIFY(m_throttle->isRunning());
    QVERIFY(!m_throttle->isPending());
}

void TestRefreshThrottle::requestsDuringARefreshFollowItOnce()
{
    QSignalSpy due(m_throttle.get(), &RefreshThrottle::due);
    m_throttle->request();
    QTRY_COMPARE(due.size(), 1);
    for (int i = 0; i < 50; ++i) {
        m_throttle->request(); // changes while the refresh is running
    }
    QTest::qWait(100);
    QCOMPARE(due.size(), 1); // still running: nothing new starts
    m_throttle->done();
    QTRY_COMPARE(due.size(), 2);
    m_throttle->done();
    QTest::qWait(100);
    QCOMPARE(due.size(), 2);
}

void TestRefreshThrottle::refreshesNeverOverlap()
{
    int running = 0;
    int maxRunning = 0;
    int refreshes = 0;
    connect(m_throttle.get(), &RefreshThrottle::due, this, [&] {
        ++running;
        ++refreshes;
        maxRunning = std::max(maxRunning, running);
        // The refresh finishes later, like a QFutureWatcher's result.
        QTimer::singleShot(30ms, this, [&] {
            --running;
            m_throttle->done();
        });
    });
    QTimer feeder;
    int fed = 0;
    connect(&feeder, &QTimer::timeout, this, [&] {
        m_throttle->request();
        ++fed;
    });
    feeder.start(1ms);
    QTRY_VERIFY(fed >= 200);
    feeder.stop();
    QTRY_VERIFY(!m_throttle->isRunning() && !m_throttle->isPending());
    QCOMPARE(maxRunning, 1);
    QVERIFY(refreshes >= 1);
}

void TestRefreshThrottle::doneWithoutNewRequestsStaysQuiet()
{
    QSignalSpy due(m_throttle.get(), &RefreshThrottle::due);
    m_throttle->done(); // a stray done() must not start anything
    m_throttle->request();
    QTRY_COMPARE(due.size(), 1);
    m_throttle->done();
    QTest::qWait(100);
    QCOMPARE(due.size(), 1);
}

QTEST_MAIN(TestRefreshThrottle)
#include "tst_gui_refresh_throttle.moc"
