#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QMutex>
#include <QString>

#include <array>
#include <chrono>
#include <map>
#include <tuple>

namespace idc::server {

/// The server's counters, exposed in the Prometheus text format 0.0.4 for `GET /metrics`.
/// Thread-safe: request handlers on any thread record, the metrics handler reads.
///
/// Label values are the route template ("/api/v1/customers/{id}"), never a concrete path, and
/// a fixed set of failure reasons, so that the number of series stays small and no personal data
/// ends up in the metrics.
class ServerMetrics
{
public:
    /// Upper bounds of the request duration histogram, in seconds; +Inf is implied.
    static constexpr std::array<std::chrono::nanoseconds, 11> bucketBounds{
        std::chrono::milliseconds(5),   std::chrono::milliseconds(10),  std::chrono::milliseconds(25),
        std::chrono::milliseconds(50),  std::chrono::milliseconds(100), std::chrono::milliseconds(250),
        std::chrono::milliseconds(500), std::chrono::seconds(1),        std::chrono::milliseconds(2500),
        std::chrono::seconds(5),        std::chrono::seconds(10)};

    /// `startTime` is what `idc_process_start_time_seconds` reports.
    explicit ServerMetrics(QDateTime startTime = QDateTime::currentDateTimeUtc());

    /// Counts one answered request under its method, route template and status, and adds its
    /// duration to the histogram.
    void recordRequest(const QString& method, const QString& route, int status, std::chrono::nanoseconds duration);

    /// Counts a failed login: "bad_password", "unknown_user", "mfa_failed", "disabled"…
    void recordLoginFailure(const QString& reason);

    /// Counts a request refused by the login throttle.
    void recordThrottled();

    /// Every metric in the text exposition format, series sorted by their labels.
    QByteArray exposition() const;

    /// The Content-Type of exposition().
    static QByteArray contentType();

private:
    using RequestKey = std::tuple<QString, QString, int>; // method, route, status

    struct RequestSeries
    {
        quint64 count = 0;
        std::array<quint64, bucketBounds.size()> buckets{}; // per bucket, not cumulative
        std::chrono::nanoseconds sum{0};
    };

    const QDateTime m_startTime;
    mutable QMutex m_mutex;
    std::map<RequestKey, RequestSeries> m_requests;
    std::map<QString, quint64> m_loginFailures;
    quint64 m_throttled = 0;
};

} // namespace idc::server
