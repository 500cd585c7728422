#include "ServerMetrics.h"

#include <QLocale>
#include <QMutexLocker>

#include <algorithm>

namespace idc::server {
namespace {

const std::array<QByteArrayView, ServerMetrics::bucketBounds.size()> bucketLabels{
    "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10"};

// The escapes the text format defines for label values.
QByteArray escapeLabelValue(const QString& value)
{
    const QByteArray utf8 = value.toUtf8();
    QByteArray escaped;
    escaped.reserve(utf8.size());
    for (const char c : utf8) {
        switch (c) {
        case '\\':
            escaped.append("\\\\");
            break;
        case '"':
            escaped.append("\\\"");
            break;
        case '\n':
            escaped.append("\\n");
            break;
        default:
            escaped.append(c);
        }
    }
    return escaped;
}

QByteArray seconds(double value)
{
    return QByteArray::number(value, 'f', QLocale::FloatingPointShortest);
}

QByteArray seconds(std::chrono::nanoseconds duration)
{
    return seconds(std::chrono::duration<double>(duration).count());
}

QByteArray requestLabels(const std::tuple<QString, QString, int>& key)
{
    const auto& [method, route, status] = key;
    return "method=\"" + escapeLabelValue(method) + "\",route=\"" + escapeLabelValue(route) + "\",status=\"" +
           QByteArray::number(status) + '"';
}

void appendHeader(QByteArray& out, QByteArrayView name, QByteArrayView type, QByteArrayView help)
{
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
}

void appendSample(QByteArray& out, QByteArrayView name, const QByteArray& labels, QByteArrayView value)
{
    out.append(name);
    if (!labels.isEmpty())
        out.append('{').append(labels).append('}');
    out.append(' ').append(value).append('\n');
}

} // namespace

ServerMetrics::ServerMetrics(QDateTime startTime)
    : m_startTime(std::move(startTime))
{
}

void ServerMetrics::recordRequest(const QString& method, const QString& route, int status,
                                  std::chrono::nanoseconds duration)
{
    duration = std::max(duration, std::chrono::nanoseconds::zero());
    // The first bound that is not below the duration; none: only the +Inf bucket.
    const auto bucket = std::lower_bound(bucketBounds.begin(), bucketBounds.end(), duration);

    const QMutexLocker locker(&m_mutex);
    RequestSeries& series = m_requests[RequestKey(method, route, status)];
    ++series.count;
    series.sum += duration;
    if (bucket != bucketBounds.end())
        ++series.buckets[std::size_t(bucket - bucketBounds.begin())];
}

void ServerMetrics::recordLoginFailure(const QString& reason)
{
    const QMutexLocker locker(&m_mutex);
    ++m_loginFailures[reason];
}

void ServerMetrics::recordThrottled()
{
    const QMutexLocker locker(&m_mutex);
    ++m_throttled;
}

QByteArray ServerMetrics::exposition() const
{
    const QMutexLocker locker(&m_mutex);
    QByteArray out;

    constexpr QByteArrayView duration = "idc_http_request_duration_seconds";
    appendHeader(out, duration, "histogram", "Time to answer HTTP requests, by method, route template and status.");
    for (const auto& [key, series] : m_requests) {
        const QByteArray labels = requestLabels(key);
        quint64 cumulative = 0;
        for (std::size_t i = 0; i < bucketBounds.size(); ++i) {
            cumulative += series.buckets[i];
            appendSample(out, "idc_http_request_duration_seconds_bucket", labels + ",le=\"" + bucketLabels[i] + '"',
                         QByteArray::number(cumulative));
        }
        appendSample(out, "idc_http_request_duration_seconds_bucket", labels + ",le=\"+Inf\"",
                     QByteArray::number(series.count));
        appendSample(out, "idc_http_request_duration_seconds_sum", labels, seconds(series.sum));
        appendSample(out, "idc_http_request_duration_seconds_count", labels, QByteArray::number(series.count));
    }

    constexpr QByteArrayView requests = "idc_http_requests_total";
    appendHeader(out, requests, "counter", "HTTP requests answered, by method, route template and status.");
    for (const auto& [key, series] : m_requests) {
        const QByteArray labels = requestLabels(key);
        appendSample(out, requests, labels, QByteArray::number(series.count));
    }

    constexpr QByteArrayView loginFailures = "idc_login_failures_total";
    appendHeader(out, loginFailures, "counter", "Failed logins, by reason.");
    for (const auto& [reason, count] : m_loginFailures)
        appendSample(out, loginFailures, "reason=\"" + escapeLabelValue(reason) + '"', QByteArray::number(count));

    constexpr QByteArrayView startTime = "idc_process_start_time_seconds";
    appendHeader(out, startTime, "gauge", "Start time of the process since the Unix epoch, in seconds.");
    appendSample(out, startTime, {}, seconds(double(m_startTime.toMSecsSinceEpoch()) / 1000.0));

    constexpr QByteArrayView throttled = "idc_throttled_requests_total";
    appendHeader(out, throttled, "counter", "Login requests refused by the login throttle.");
    appendSample(out, throttled, {}, QByteArray::number(m_throttled));

    return out;
}

QByteArray ServerMetrics::contentType()
{
    return QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8");
}

} // namespace idc::server
