#include "LoginThrottle.h"

#include <QList>
#include <QTest>
#include <QtConcurrent>

#include <atomic>
#include <memory>
#include <numeric>

using namespace idc::server;
using namespace std::chrono_literals;

namespace {

// A clock the test moves by hand. The throttle calls it with its lock held, so the concurrent
// test may advance it too, through the atomic.
struct FakeClock
{
    std::atomic<std::chrono::steady_clock::rep> ticks{std::chrono::steady_clock::duration(1h).count()};

    std::chrono::steady_clock::time_point now() const
    {
        return std::chrono::steady_clock::time_point(std::chrono::steady_clock::duration(ticks.load()));
    }
    void advance(std::chrono::steady_clock::duration by) { ticks += by.count(); }
};

ThrottlePolicy policy(int perUser, int perAddress, std::chrono::seconds window = 900s)
{
    ThrottlePolicy result;
    result.maxFailuresPerUser = perUser;
    result.maxFailuresPerAddress = perAddress;
    result.window = window;
    return result;
}

} // namespace

class TestLoginThrottle : public QObject
{
    Q_OBJECT

private slots:
    void init();

    void allowsUntilUserLimit_data();
    void allowsUntilUserLimit();
    void limitsAddressAcrossUserNames();
    void retryAfterCountsDownAndRoundsUp();
    void releasesWhenOldestFailureLeavesWindow();
    void successClearsUserButNotAddress();
    void userNamesAreCaseInsensitive_data();
    void userNamesAreCaseInsensitive();
    void prunesExpiredKeys();
    void boundsTrackedKeys();
    void concurrentUse_data();
    void concurrentUse();
    void attemptsCountBeforeTheyAreChecked();
    void concurrentAttemptsStopAtTheLimit();

private:
    std::unique_ptr<FakeClock> m_clock;
    LoginThrottle::Clock clock() const
    {
        return [clock = m_clock.get()] { return clock->now(); };
    }
};

void TestLoginThrottle::init()
{
    m_clock = std::make_unique<FakeClock>();
}

void TestLoginThrottle::allowsUntilUserLimit_data()
{
    QTest::addColumn<int>("limit");
    QTest::newRow("default 5") << ThrottlePolicy{}.maxFailuresPerUser;
    QTest::newRow("1") << 1;
    QTest::newRow("3") << 3;
}

void TestLoginThrottle::allowsUntilUserLimit()
{
    QFETCH(int, limit);
    LoginThrottle throttle(policy(limit, 1000), clock());
    const QString user = QStringLiteral("alice");

    for (int i = 0; i < limit; ++i) {
        // Each failure from another address, so that only the per-user limit can trigger.
        const QString address = QStringLiteral("10.0.0.%1").arg(i);
        QVERIFY2(!throttle.retryAfter(user, address).has_value(), qPrintable(QString::number(i)));
        throttle.recordFailure(user, address);
        m_clock->advance(1s);
    }
    QVERIFY(throttle.retryAfter(user, QStringLiteral("192.0.2.1")).has_value());
    // Another user from the same addresses is unaffected.
    QVERIFY(!throttle.retryAfter(QStringLiteral("bob"), QStringLiteral("10.0.0.0")).has_value());
}

void TestLoginThrottle::limitsAddressAcrossUserNames()
{
    LoginThrottle throttle(policy(5, 20), clock());
    const QString attacker = QStringLiteral("203.0.113.7");

    for (int i = 0; i < 20; ++i) {
        const QString user = QStringLiteral("user%1").arg(i);
        QVERIFY(!throttle.retryAfter(user, attacker).has_value());
        throttle.recordFailure(user, attacker);
    }
    // Every user name, even a fresh one, is refused from that address; the users are not throttled elsewhere.
    QVERIFY(throttle.retryAfter(QStringLiteral("never-seen"), attacker).has_value());
    QVERIFY(throttle.retryAfter(QStringLiteral("user0"), attacker).has_value());
    QVERIFY(!throttle.retryAfter(QStringLiteral("user0"), QStringLiteral("198.51.100.1")).has_value());
}

void TestLoginThrottle::retryAfterCountsDownAndRoundsUp()
{
    LoginThrottle throttle(policy(2, 100, 60s), clock());
    const QString user = QStringLiteral("carol");
    const QString address = QStringLiteral("192.0.2.10");

    throttle.recordFailure(user, address);
    m_clock->advance(10s);
    throttle.recordFailure(user, address);

    // The first failure leaves the window 60 s after it was made, 50 s from now.
    QCOMPARE(throttle.retryAfter(user, address), std::optional(50s));
    m_clock->advance(1ms);
    QCOMPARE(throttle.retryAfter(user, address), std::optional(50s)); // 49.999 s rounds up
    m_clock->advance(20s);
    QCOMPARE(throttle.retryAfter(user, address), std::optional(30s));
    m_clock->advance(29s + 998ms);
    QCOMPARE(throttle.retryAfter(user, address), std::optional(1s)); // 1 ms left is still one second
    m_clock->advance(1ms);
    QVERIFY(!throttle.retryAfter(user, address).has_value());
}

void TestLoginThrottle::releasesWhenOldestFailureLeavesWindow()
{
    LoginThrottle throttle(policy(3, 100, 900s), clock());
    const QString user = QStringLiteral("dave");
    const QString address = QStringLiteral("192.0.2.20");

    throttle.recordFailure(user, address); // t = 0
    m_clock->advance(100s);
    throttle.recordFailure(user, address); // t = 100
    m_clock->advance(100s);
    throttle.recordFailure(user, address); // t = 200
    QCOMPARE(throttle.retryAfter(user, address), std::optional(700s));

    m_clock->advance(700s); // t = 900: the first failure has left the window
    QVERIFY(!throttle.retryAfter(user, address).has_value());

    // One more failure makes three inside the window again, until the one at t = 100 leaves.
    throttle.recordFailure(user, address);
    QCOMPARE(throttle.retryAfter(user, address), std::optional(100s));
    m_clock->advance(100s);
    QVERIFY(!throttle.retryAfter(user, address).has_value());

    // Long after, everything has expired: the full budget is back.
    m_clock->advance(1h);
    throttle.recordFailure(user, address);
    throttle.recordFailure(user, address);
    QVERIFY(!throttle.retryAfter(user, address).has_value());
}

void TestLoginThrottle::successClearsUserButNotAddress()
{
    LoginThrottle throttle(policy(3, 4), clock());
    const QString address = QStringLiteral("192.0.2.30");

    for (int i = 0; i < 3; ++i)
        throttle.recordFailure(QStringLiteral("erin"), address);
    QVERIFY(throttle.retryAfter(QStringLiteral("erin"), QStringLiteral("198.51.100.2")).has_value());

    throttle.recordSuccess(QStringLiteral("erin"), address);
    QVERIFY(!throttle.retryAfter(QStringLiteral("erin"), QStringLiteral("198.51.100.2")).has_value());
    QVERIFY(!throttle.retryAfter(QStringLiteral("erin"), address).has_value());

    // The address still has its three failures: one more reaches its limit of four.
    throttle.recordFailure(QStringLiteral("frank"), address);
    QVERIFY(throttle.retryAfter(QStringLiteral("erin"), address).has_value());
    QVERIFY(throttle.retryAfter(QStringLiteral("anyone"), address).has_value());
}

void TestLoginThrottle::userNamesAreCaseInsensitive_data()
{
    QTest::addColumn<QString>("recorded");
    QTest::addColumn<QString>("asked");

    QTest::newRow("ascii") << QStringLiteral("Alice") << QStringLiteral("aLICE");
    QTest::newRow("accented") << QStringLiteral(u"\u00c9LODIE") << QStringLiteral(u"\u00e9lodie");
    QTest::newRow("kelvin sign") << QStringLiteral(u"\u212aim") << QStringLiteral(u"kIM");
    QTest::newRow("greek sigma") << QStringLiteral(u"\u039f\u0394\u03a5\u03a3\u03a3\u0395\u03a5\u03a3")
                                 << QStringLiteral(u"\u03bf\u03b4\u03c5\u03c3\u03c3\u03b5\u03c5\u03c2");
}

void TestLoginThrottle::userNamesAreCaseInsensitive()
{
    QFETCH(QString, recorded);
    QFETCH(QString, asked);
    LoginThrottle throttle(policy(2, 100), clock());

    throttle.recordFailure(recorded, QStringLiteral("192.0.2.1"));
    throttle.recordFailure(asked, QStringLiteral("192.0.2.2"));
    QVERIFY(throttle.retryAfter(recorded, QStringLiteral("192.0.2.3")).has_value());
    QVERIFY(throttle.retryAfter(asked, QStringLiteral("192.0.2.3")).has_value());

    throttle.recordSuccess(asked, QStringLiteral("192.0.2.3"));
    QVERIFY(!throttle.retryAfter(recorded, QStringLiteral("192.0.2.3")).has_value());
}

void TestLoginThrottle::prunesExpiredKeys()
{
    LoginThrottle throttle(policy(5, 20, 60s), clock());
    for (int i = 0; i < 50; ++i)
        throttle.recordFailure(QStringLiteral("user%1").arg(i), QStringLiteral("10.0.%1.1").arg(i));
    QCOMPARE(throttle.trackedKeyCount(), 100);

    m_clock->advance(61s);
    throttle.recordFailure(QStringLiteral("late"), QStringLiteral("10.1.0.1"));
    QCOMPARE(throttle.trackedKeyCount(), 2);
}

void TestLoginThrottle::boundsTrackedKeys()
{
    ThrottlePolicy limited = policy(3, 1'000'000);
    limited.maxTrackedKeys = 100;
    LoginThrottle throttle(limited, clock());
    const QString attacker = QStringLiteral("203.0.113.9");

    // The victim is throttled first, then a flood of made-up user names follows.
    for (int i = 0; i < 3; ++i)
        throttle.recordFailure(QStringLiteral("victim"), attacker);
    QVERIFY(throttle.retryAfter(QStringLiteral("victim"), QStringLiteral("198.51.100.3")).has_value());

    for (int i = 0; i < 10'000; ++i) {
        throttle.recordFailure(QStringLiteral("random-%1").arg(i), attacker);
        QVERIFY(throttle.trackedKeyCount() <= 100 + 1);
    }
    // 100 user names plus the one address; the oldest user name, the victim, was evicted first.
    QCOMPARE(throttle.trackedKeyCount(), 101);
    QVERIFY(!throttle.retryAfter(QStringLiteral("victim"), QStringLiteral("198.51.100.3")).has_value());
    // The most recent ones are still tracked.
    throttle.recordFailure(QStringLiteral("random-9999"), attacker);
    throttle.recordFailure(QStringLiteral("random-9999"), attacker);
    QVERIFY(throttle.retryAfter(QStringLiteral("random-9999"), QStringLiteral("198.51.100.3")).has_value());
}

void TestLoginThrottle::concurrentUse_data()
{
    QTest::addColumn<int>("extra");
    QTest::addColumn<bool>("throttled");

    // With limits equal to the expected totals every key is throttled, one higher none is:
    // together they show that no failure was lost and none counted twice.
    QTest::newRow("limits at the totals") << 0 << true;
    QTest::newRow("limits one above") << 1 << false;
}

void TestLoginThrottle::concurrentUse()
{
    QFETCH(int, extra);
    QFETCH(bool, throttled);

    constexpr int threads = 8;
    constexpr int perThread = 480;
    constexpr int users = 16;
    constexpr int perUser = threads * perThread / users;
    LoginThrottle throttle(policy(perUser + extra, perThread + extra), clock());

    QList<int> workers(threads);
    std::iota(workers.begin(), workers.end(), 0);
    QThreadPool pool;
    pool.setMaxThreadCount(threads);
    QtConcurrent::blockingMap(&pool, workers, [&](int worker) {
        const QString address = QStringLiteral("10.0.0.%1").arg(worker);
        for (int i = 0; i < perThread; ++i) {
            const QString user = QStringLiteral("user%1").arg(i % users);
            throttle.recordFailure(i % 2 ? user : user.toUpper(), address);
            (void)throttle.retryAfter(user, address);
            if (i % 50 == 0)
                m_clock->advance(1ms);
        }
    });

    QCOMPARE(throttle.trackedKeyCount(), users + threads);
    for (int worker = 0; worker < threads; ++worker) {
        const QString address = QStringLiteral("10.0.0.%1").arg(worker);
        QCOMPARE(throttle.retryAfter(QStringLiteral("nobody"), address).has_value(), throttled);
    }
    for (int u = 0; u < users; ++u) {
        const QString user = QStringLiteral("user%1").arg(u);
        QCOMPARE(throttle.retryAfter(user, QStringLiteral("192.0.2.99")).has_value(), throttled);
    }
}

void TestLoginThrottle::attemptsCountBeforeTheyAreChecked()
{
    LoginThrottle throttle(policy(3, 10), clock());
    const QString office = QStringLiteral("203.0.113.7");
    // Three attempts in flight at once: the fourth is refused before any of them has an answer.
    for (int i = 0; i < 3; ++i)
        QVERIFY(!throttle.beginAttempt(QStringLiteral("ana"), office));
    QVERIFY(throttle.beginAttempt(QStringLiteral("ana"), office).has_value());
    QVERIFY(throttle.beginAttempt(QStringLiteral("ANA"), QStringLiteral("198.51.100.1")).has_value());

    // A success takes back its own provisional failure of the address and clears the user name.
    LoginThrottle fresh(policy(3, 2), clock());
    for (int i = 0; i < 5; ++i) {
        QVERIFY(!fresh.beginAttempt(QStringLiteral("bo"), office));
        fresh.attemptSucceeded(QStringLiteral("bo"), office);
    }
    QVERIFY(!fresh.retryAfter(QStringLiteral("bo"), office));
    QCOMPARE(fresh.trackedKeyCount(), 0);
    // Failures of the address stay: after two failed attempts it is throttled for everyone.
    QVERIFY(!fresh.beginAttempt(QStringLiteral("x1"), office));
    QVERIFY(!fresh.beginAttempt(QStringLiteral("x2"), office));
    QVERIFY(fresh.beginAttempt(QStringLiteral("bo"), office).has_value());
}

void TestLoginThrottle::concurrentAttemptsStopAtTheLimit()
{
    constexpr int limit = 5;
    LoginThrottle throttle(policy(limit, 1000), clock());
    QList<int> attempts(200);
    std::iota(attempts.begin(), attempts.end(), 0);
    std::atomic<int> allowed{0};
    QThreadPool pool;
    pool.setMaxThreadCount(8);
    QtConcurrent::blockingMap(&pool, attempts, [&](int i) {
        if (!throttle.beginAttempt(QStringLiteral("victim"), QStringLiteral("10.1.0.%1").arg(i % 50)))
            ++allowed;
    });
    QCOMPARE(allowed.load(), limit);
}

QTEST_GUILESS_MAIN(TestLoginThrottle)
#include "tst_login_throttle.moc"
