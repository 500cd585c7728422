#include "LoginThrottle.h"

#include <QMutexLocker>

#include <algorithm>

namespace idc::server {

LoginThrottle::LoginThrottle(ThrottlePolicy policy, Clock clock)
    : m_policy(policy)
    , m_clock(clock ? std::move(clock) : Clock([] { return std::chrono::steady_clock::now(); }))
{
    m_users.limit = std::max(1, m_policy.maxFailuresPerUser);
    m_addresses.limit = std::max(1, m_policy.maxFailuresPerAddress);
}

std::optional<std::chrono::seconds> LoginThrottle::retryAfter(const QString& username, const QString& address) const
{
    const QMutexLocker locker(&m_mutex);
    return retryAfterLocked(userKey(username), address, m_clock());
}

std::optional<std::chrono::seconds> LoginThrottle::beginAttempt(const QString& username, const QString& address)
{
    const QMutexLocker locker(&m_mutex);
    const TimePoint now = m_clock();
    const QString key = userKey(username);
    if (auto wait = retryAfterLocked(key, address, now))
        return wait;
    record(m_users, key, now);
    record(m_addresses, address, now);
    return std::nullopt;
}

void LoginThrottle::attemptSucceeded(const QString& username, const QString& address)
{
    const QMutexLocker locker(&m_mutex);
    const TimePoint now = m_clock();
    forgetUser(userKey(username), now);
    // The newest failure of the address is as good as this attempt's: they count the same.
    const auto it = m_addresses.entries.find(address);
    if (it != m_addresses.entries.end() && !it->failures.empty()) {
        it->failures.pop_back();
        if (it->failures.empty()) {
            m_addresses.order.erase(it->order);
            m_addresses.entries.erase(it);
        }
    }
}

std::optional<std::chrono::seconds> LoginThrottle::retryAfterLocked(const QString& key, const QString& address,
                                                                    TimePoint now) const
{
    const std::optional<std::chrono::nanoseconds> user = remaining(m_users, key, now);
    const std::optional<std::chrono::nanoseconds> client = remaining(m_addresses, address, now);
    if (!user && !client)
        return std::nullopt;
    const std::chrono::nanoseconds wait =
        std::max(user.value_or(std::chrono::nanoseconds::zero()), client.value_or(std::chrono::nanoseconds::zero()));
    return std::max(std::chrono::ceil<std::chrono::seconds>(wait), std::chrono::seconds(1));
}

void LoginThrottle::recordFailure(const QString& username, const QString& address)
{
    const QMutexLocker locker(&m_mutex);
    const TimePoint now = m_clock();
    record(m_users, userKey(username), now);
    record(m_addresses, address, now);
}

void LoginThrottle::recordSuccess(const QString& username, const QString& address)
{
    Q_UNUSED(address)
    const QMutexLocker locker(&m_mutex);
    forgetUser(userKey(username), m_clock());
}

void LoginThrottle::forgetUser(const QString& key, TimePoint now)
{
    const auto it = m_users.entries.find(key);
    if (it != m_users.entries.end()) {
        m_users.order.erase(it->order);
        m_users.entries.erase(it);
    }
    prune(m_users, now);
}

qsizetype LoginThrottle::trackedKeyCount() const
{
    const QMutexLocker locker(&m_mutex);
    return m_users.entries.size() + m_addresses.entries.size();
}

void LoginThrottle::prune(Table& table, TimePoint now) const
{
    // A key whose latest failure has left the window has no failure left that counts.
    while (!table.order.empty()) {
        const auto it = table.entries.find(table.order.front());
        if (it->failures.back() + m_policy.window > now)
            break;
        table.entries.erase(it);
        table.order.pop_front();
    }
}

void LoginThrottle::record(Table& table, const QString& key, TimePoint now)
{
    prune(table, now);
    auto it = table.entries.find(key);
    if (it == table.entries.end()) {
        if (table.entries.size() >= m_policy.maxTrackedKeys && !table.order.empty()) {
            table.entries.remove(table.order.front());
            table.order.pop_front();
        }
        table.order.push_back(key);
        it = table.entries.insert(key, Entry{{}, std::prev(table.order.end())});
    } else {
        table.order.splice(table.order.end(), table.order, it->order);
    }
    it->failures.push_back(now);
    while (it->failures.size() > std::size_t(table.limit))
        it->failures.pop_front();
}

std::optional<std::chrono::nanoseconds> LoginThrottle::remaining(const Table& table, const QString& key,
                                                                 TimePoint now) const
{
    const auto it = table.entries.constFind(key);
    if (it == table.entries.cend() || it->failures.size() < std::size_t(table.limit))
        return std::nullopt;
    // Exactly `limit` failures are kept: the key is released when the oldest leaves the window.
    const TimePoint release = it->failures.front() + m_policy.window;
    if (release <= now)
        return std::nullopt;
    return std::chrono::duration_cast<std::chrono::nanoseconds>(release - now);
}

QString LoginThrottle::userKey(const QString& username)
{
    return username.toCaseFolded();
}

} // namespace idc::server
