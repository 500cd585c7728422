#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QUuid>

namespace idc {

/// A device a customer signs in from, with how many of its sessions are active.
struct Device
{
    /// A forget note longer than this is refused (InvalidInput) by every backend.
    static constexpr int maxNoteLength = 500;

    QUuid id;
    QUuid customerId;
    QString fingerprint;
    QString name;
    QString deviceType; ///< mobile, desktop or tablet
    QString os;         ///< empty when unknown
    QString browser;    ///< empty when unknown
    QString lastIp;     ///< empty when unknown
    QDateTime firstSeenAt;
    QDateTime lastSeenAt;
    QDateTime trustedAt; ///< invalid while not trusted
    bool trusted = false;
    int activeSessions = 0; ///< sessions on this device neither revoked nor expired

    bool operator==(const Device&) const = default;
};

/// The device's own columns as a JSON object (snake_case, timestamps in RFC 3339 with
/// milliseconds, unknown values null): the `before_state` of a `device.forget` audit event.
QJsonObject deviceStateJson(const Device& device);

} // namespace idc

Q_DECLARE_METATYPE(idc::Device)
