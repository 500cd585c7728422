#pragma once

#include <QHash>
#include <QMutex>
#include <QString>

#include <chrono>
#include <deque>
#include <functional>
#include <list>
#include <optional>

namespace idc::server {

/// How many failed logins LoginThrottle lets through before it makes a client wait.
struct ThrottlePolicy
{
    int maxFailuresPerUser = 5;         ///< per user name, from any address
    int maxFailuresPerAddress = 20;     ///< per client address, over any user names
    std::chrono::seconds window{900};   ///< a failure counts for this long
    qsizetype maxTrackedKeys = 100'000; ///< per kind (user names, addresses); the oldest go first
};

/// Slows down password guessing: a user name or a client address is throttled once it has
/// collected the policy's number of failures inside the sliding window, and released when the
/// oldest of those failures leaves the window. Thread-safe.
///
/// Memory is bounded: expired keys are pruned and at most `maxTrackedKeys` user names and as many
/// addresses are tracked, so a flood of made-up user names evicts the oldest entries instead of
/// growing without bound.
class LoginThrottle
{
public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;

    /// `clock` defaults to std::chrono::steady_clock::now; it is only called with the lock held,
    /// so a test's fake clock need not be thread-safe.
    explicit LoginThrottle(ThrottlePolicy policy = {}, Clock clock = {});

    /// nullopt when a login for `username` from `address` may be attempted; otherwise how long to
    /// wait, in whole seconds rounded up, at least one.
    std::optional<std::chrono::seconds> retryAfter(const QString& username, const QString& address) const;

    /// Counts a failed login against both the user name and the address.
    void recordFailure(const QString& username, const QString& address);

    /// Forgets the user name's failures. The address keeps its own: one correct password must not
    /// reset the counter of an address that is guessing other users' passwords.
    void recordSuccess(const QString& username, const QString& address);

    /// For a login about to be checked: when allowed, counts it as a failure at once, in the same
    /// step as the check, so that concurrent guesses cannot all pass the check while their slow
    /// password checks run; returns how long to wait otherwise (and counts nothing). A login that
    /// then succeeds calls attemptSucceeded(); one that fails needs no further call.
    std::optional<std::chrono::seconds> beginAttempt(const QString& username, const QString& address);

    /// The attempt begun with beginAttempt() succeeded: forgets the user name's failures and takes
    /// back the address's provisional one (its other failures stay, as with recordSuccess()).
    void attemptSucceeded(const QString& username, const QString& address);

    /// How many user names and addresses are currently tracked, together.
    qsizetype trackedKeyCount() const;

private:
    using TimePoint = std::chrono::steady_clock::time_point;

    // The failures of one key, newest last, at most the limit: older ones can no longer decide
    // whether the key is throttled.
    struct Entry
    {
        std::deque<TimePoint> failures;
        std::list<QString>::iterator order;
    };

    // One kind of key. `order` lists keys by their latest failure, oldest first, so pruning and
    // eviction both work from its front.
    struct Table
    {
        QHash<QString, Entry> entries;
        std::list<QString> order;
        int limit = 0;
    };

    void prune(Table& table, TimePoint now) const;
    void record(Table& table, const QString& key, TimePoint now);
    std::optional<std::chrono::nanoseconds> remaining(const Table& table, const QString& key, TimePoint now) const;
    std::optional<std::chrono::seconds> retryAfterLocked(const QString& userKey, const QString& address,
                                                         TimePoint now) const;
    void forgetUser(const QString& userKey, TimePoint now);
    static QString userKey(const QString& username);

    const ThrottlePolicy m_policy;
    const Clock m_clock;
    mutable QMutex m_mutex;
    Table m_users;
    Table m_addresses;
};

} // namespace idc::server
