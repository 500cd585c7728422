#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QMutex>
#include <QString>

#include <chrono>
#include <memory>

class QFile;
class QIODevice;

namespace idc::server {

/// What the access log records about one request. Deliberately no headers, no body and no query
/// string: those carry credentials and search text about customers.
struct AccessLogEntry
{
    QDateTime time;
    QString method;
    QString path; ///< the decoded request path; anything from '?' on is dropped when logged
    int status = 0;
    std::chrono::nanoseconds duration{0};
    QString operatorName; ///< empty: not authenticated
    QByteArray traceId;   ///< empty: none
};

/// Writes one line per request to a device, or to stderr. Thread-safe: each line is written
/// whole, with one call, under a lock.
class AccessLog
{
public:
    /// Logs to `device`, which must be open for writing and outlive the log; nullptr logs to stderr.
    explicit AccessLog(QIODevice* device = nullptr);
    ~AccessLog();
    Q_DISABLE_COPY_MOVE(AccessLog)

    /// Appends formatLine(entry) and a new line.
    void write(const AccessLogEntry& entry);

    /// The line for `entry`, without its new line, e.g.
    /// `2026-11-24T01:02:03.456Z GET /api/v1/customers 200 3.21ms operator=alice trace=4bf9…`.
    /// Fields are separated by single spaces; in each, bytes that are not printable ASCII, spaces
    /// and '%' are percent-escaped (UTF-8), so a line is always one line and splits into fields.
    /// Missing values are written as "-".
    static QString formatLine(const AccessLogEntry& entry);

private:
    QMutex m_mutex;
    std::unique_ptr<QFile> m_stderr;
    QIODevice* m_device = nullptr;
};

} // namespace idc::server
