#include "AccessLog.h"

#include <QFile>
#include <QMutexLocker>

#include <algorithm>
#include <cstdio>

namespace idc::server {
namespace {

// Percent-escapes every byte outside printable ASCII, the space and '%' itself, so that a client
// cannot break a line, forge a field or smuggle terminal escape sequences into the log.
QByteArray escapeField(QByteArrayView utf8)
{
    if (utf8.isEmpty())
        return QByteArrayLiteral("-");
    constexpr char hex[] = "0123456789ABCDEF";
    QByteArray escaped;
    escaped.reserve(utf8.size());
    for (const char c : utf8) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || byte >= 0x7f || byte == '%')
            escaped.append('%').append(hex[byte >> 4]).append(hex[byte & 0x0f]);
        else
            escaped.append(c);
    }
    return escaped;
}

QByteArray escapeField(const QString& text)
{
    return escapeField(QByteArrayView(text.toUtf8()));
}

QString pathWithoutQuery(const QString& path)
{
    // The query string holds search text, which is personal data; the fragment never reaches a
    // server, but a hand-made request could still carry one.
    const auto end = std::find_if(path.cbegin(), path.cend(), [](QChar c) { return c == u'?' || c == u'#'; });
    return path.first(end - path.cbegin());
}

} // namespace

AccessLog::AccessLog(QIODevice* device)
    : m_device(device)
{
    if (!m_device) {
        m_stderr = std::make_unique<QFile>();
        // Unbuffered, on the descriptor: each line reaches stderr at once and in one write.
        if (m_stderr->open(fileno(stderr), QIODevice::WriteOnly | QIODevice::Unbuffered, QFileDevice::DontCloseHandle))
            m_device = m_stderr.get();
    }
}

AccessLog::~AccessLog() = default;

void AccessLog::write(const AccessLogEntry& entry)
{
    const QByteArray line = formatLine(entry).toUtf8() + '\n';
    const QMutexLocker locker(&m_mutex);
    if (!m_device)
        return;
    m_device->write(line);
    if (auto* file = qobject_cast<QFileDevice*>(m_device))
        file->flush();
}

QString AccessLog::formatLine(const AccessLogEntry& entry)
{
    const QByteArray time =
        entry.time.isValid() ? entry.time.toUTC().toString(Qt::ISODateWithMs).toLatin1() : QByteArrayLiteral("-");
    const double milliseconds =
        std::chrono::duration<double, std::milli>(std::max(entry.duration, std::chrono::nanoseconds::zero())).count();

    QByteArray line;
    line.append(time)
        .append(' ')
        .append(escapeField(entry.method))
        .append(' ')
        .append(escapeField(pathWithoutQuery(entry.path)))
        .append(' ')
        .append(QByteArray::number(entry.status))
        .append(' ')
        .append(QByteArray::number(milliseconds, 'f', 2))
        .append("ms operator=")
        .append(escapeField(entry.operatorName))
        .append(" trace=")
        .append(escapeField(QByteArrayView(entry.traceId)));
    return QString::fromLatin1(line);
}

} // namespace idc::server
