#include "Device.h"

#include <QJsonValue>

namespace idc {
namespace {

QJsonValue textOrNull(const QString& text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QJsonValue timeOrNull(const QDateTime& time)
{
    return time.isValid() ? QJsonValue(time.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue(QJsonValue::Null);
}

} // namespace

QJsonObject deviceStateJson(const Device& device)
{
    return QJsonObject{
        {QStringLiteral("id"), device.id.toString(QUuid::WithoutBraces)},
        {QStringLiteral("customer_id"), device.customerId.toString(QUuid::WithoutBraces)},
        {QStringLiteral("fingerprint"), device.fingerprint},
        {QStringLiteral("name"), device.name},
        {QStringLiteral("device_type"), device.deviceType},
        {QStringLiteral("os"), textOrNull(device.os)},
        {QStringLiteral("browser"), textOrNull(device.browser)},
        {QStringLiteral("last_ip"), textOrNull(device.lastIp)},
        {QStringLiteral("first_seen_at"), timeOrNull(device.firstSeenAt)},
        {QStringLiteral("last_seen_at"), timeOrNull(device.lastSeenAt)},
        {QStringLiteral("trusted"), device.trusted},
        {QStringLiteral("trusted_at"), timeOrNull(device.trustedAt)},
    };
}

} // namespace idc
