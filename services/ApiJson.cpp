#include "ApiJson.h"

#include "Totp.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

namespace idc::api {
namespace {

/// Reads the fields of one JSON object and remembers the first problem, so a parser reads
/// every field in a row and checks once at the end.
class FieldReader
{
public:
    FieldReader(const QJsonValue& value, QString what)
        : m_what(std::move(what))
    {
        if (!value.isObject())
            fail(QString(), QStringLiteral("an object"));
        else
            m_object = value.toObject();
    }

    QString string(const QString& key)
    {
        const QJsonValue v = field(key);
        if (!v.isString())
            return fail(key, QStringLiteral("a string")), QString();
        return v.toString();
    }
    QString nullableString(const QString& key)
    {
        const QJsonValue v = field(key);
        if (v.isNull())
            return {};
        if (!v.isString())
            return fail(key, QStringLiteral("a string or null")), QString();
        return v.toString();
    }
    bool boolean(const QString& key)
    {
        const QJsonValue v = field(key);
        if (!v.isBool())
            return fail(key, QStringLiteral("true or false")), false;
        return v.toBool();
    }
    qint64 integer(const QString& key, qint64 min = std::numeric_limits<qint64>::min(),
                   qint64 max = std::numeric_limits<qint64>::max())
    {
        const QJsonValue v = field(key);
        // JSON numbers are doubles here: integers beyond 2^53 are not representable exactly.
        const double d = v.toDouble();
        if (!v.isDouble() || std::floor(d) != d || std::abs(d) > 9007199254740992.0 || d < double(min) ||
            d > double(max))
            return fail(key, QStringLiteral("an integer")), 0;
        return static_cast<qint64>(d);
    }
    std::optional<double> nullableNumber(const QString& key, double min, double max)
    {
        const QJsonValue v = field(key);
        if (v.isNull())
            return std::nullopt;
        if (!v.isDouble() || v.toDouble() < min || v.toDouble() > max)
            return fail(key, QStringLiteral("a number in range or null")), std::nullopt;
        return v.toDouble();
    }
    QUuid uuid(const QString& key)
    {
        const QJsonValue v = field(key);
        const QUuid id = QUuid::fromString(v.toString());
        if (!v.isString() || id.isNull())
            return fail(key, QStringLiteral("a UUID")), QUuid();
        return id;
    }
    QDateTime timestamp(const QString& key)
    {
        const QDateTime t = parseTimestamp(field(key).toString());
        if (!t.isValid())
            return fail(key, QStringLiteral("an RFC 3339 timestamp")), QDateTime();
        return t;
    }
    QDateTime nullableTimestamp(const QString& key)
    {
        if (field(key).isNull())
            return {};
        return timestamp(key);
    }
    QJsonArray array(const QString& key)
    {
        const QJsonValue v = field(key);
        if (!v.isArray())
            return fail(key, QStringLiteral("an array")), QJsonArray();
        return v.toArray();
    }
    template <typename Enum>
    Enum enumeration(const QString& key, std::optional<Enum> (*fromString)(const QString&))
    {
        const QString text = string(key);
        const std::optional<Enum> value = fromString(text);
        if (!value) {
            fail(key, QStringLiteral("a known value"));
            return Enum{};
        }
        return *value;
    }

    void fail(const QString& key, const QString& expected)
    {
        if (!m_error.isEmpty())
            return;
        m_error = key.isEmpty() ? QStringLiteral("%1: expected %2").arg(m_what, expected)
                                : QStringLiteral("%1.%2: expected %3").arg(m_what, key, expected);
    }
    bool ok() const { return m_error.isEmpty(); }
    Error error() const { return makeError(ErrorKind::Protocol, m_error); }

private:
    QJsonValue field(const QString& key)
    {
        const auto it = m_object.constFind(key);
        if (it == m_object.constEnd()) {
            if (m_error.isEmpty())
                m_error = QStringLiteral("%1.%2: missing").arg(m_what, key);
            return QJsonValue(QJsonValue::Undefined);
        }
        return *it;
    }

    QString m_what;
    QJsonObject m_object;
    QString m_error;
};

QJsonValue nullable(const QString& text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}
QJsonValue nullable(const QDateTime& time)
{
    return time.isValid() ? QJsonValue(formatTimestamp(time)) : QJsonValue(QJsonValue::Null);
}
QJsonValue nullable(const std::optional<double>& number)
{
    return number ? QJsonValue(*number) : QJsonValue(QJsonValue::Null);
}

template <typename T>
Result<QList<T>> listFromJson(const QJsonValue& value, const QString& what, Result<T> (*item)(const QJsonValue&))
{
    FieldReader reader(value, what);
    const QJsonArray items = reader.array(QStringLiteral("items"));
    if (!reader.ok())
        return reader.error();
    QList<T> list;
    list.reserve(items.size());
    for (const QJsonValue& v : items) {
        Result<T> parsed = item(v);
        if (!parsed)
            return parsed.error();
        list.append(std::move(parsed).value());
    }
    return list;
}

/// A page `{items, next_cursor}` of the items `item` reads.
template <typename T>
Result<Page<T>> pageFromJson(const QJsonValue& value, Result<T> (*item)(const QJsonValue&))
{
    Result<QList<T>> items = listFromJson<T>(value, QStringLiteral("page"), item);
    if (!items)
        return items.error();
    FieldReader r(value, QStringLiteral("page"));
    Page<T> page;
    page.items = std::move(items).value();
    page.next.token = r.nullableString(QStringLiteral("next_cursor"));
    if (!r.ok())
        return r.error();
    return page;
}

Result<QString> stringFromJson(const QJsonValue& value)
{
    if (!value.isString())
        return makeError(ErrorKind::Protocol, QStringLiteral("items: expected strings"));
    return value.toString();
}

Error invalidParameter(const QString& name, const QString& why)
{
    return makeError(ErrorKind::InvalidInput, QStringLiteral("parameter '%1': %2").arg(name, why));
}

} // namespace

QString formatTimestamp(const QDateTime& time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QDateTime parseTimestamp(const QString& text)
{
    // RFC 3339 requires a date, a time and an offset; Qt also accepts a bare date, which we refuse.
    if (text.size() < 20 || text.at(10) != u'T')
        return {};
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid() || time.timeSpec() == Qt::LocalTime)
        return {};
    return time.toUTC();
}

QJsonObject toJson(const Customer& c)
{
    return QJsonObject{
        {QStringLiteral("id"), c.id.toString(QUuid::WithoutBraces)},
        {QStringLiteral("email"), c.email},
        {QStringLiteral("full_name"), c.fullName},
        {QStringLiteral("phone"), nullable(c.phone)},
        {QStringLiteral("status"), toString(c.status)},
        {QStringLiteral("customer_type"), toString(c.customerType)},
        {QStringLiteral("customer_group"), c.customerGroup},
        {QStringLiteral("loyalty_tier"), toString(c.loyaltyTier)},
        {QStringLiteral("loyalty_points"), c.loyaltyPoints},
        {QStringLiteral("total_spend_cents"), c.totalSpendCents},
        {QStringLiteral("country"), c.country},
        {QStringLiteral("email_verified"), c.emailVerified},
        {QStringLiteral("phone_verified"), c.phoneVerified},
        {QStringLiteral("mfa_enabled"), c.mfaEnabled},
        {QStringLiteral("failed_login_attempts"), c.failedLoginAttempts},
        {QStringLiteral("locked_until"), nullable(c.lockedUntil)},
        {QStringLiteral("marketing_consent"), c.marketingConsent},
        {QStringLiteral("data_processing_consent"), c.dataProcessingConsent},
        {QStringLiteral("created_at"), formatTimestamp(c.createdAt)},
        {QStringLiteral("updated_at"), formatTimestamp(c.updatedAt)},
        {QStringLiteral("last_login_at"), nullable(c.lastLoginAt)},
        {QStringLiteral("deleted_at"), nullable(c.deletedAt)},
        {QStringLiteral("version"), c.version},
    };
}

QJsonObject toJson(const Address& a)
{
    QJsonArray lines;
    if (!a.lines.isEmpty()) {
        for (const QString& line : a.lines.split(u'\n'))
            lines.append(line);
    }
    return QJsonObject{
        {QStringLiteral("id"), a.id.toString(QUuid::WithoutBraces)},
        {QStringLiteral("customer_id"), a.customerId.toString(QUuid::WithoutBraces)},
        {QStringLiteral("tag"), toString(a.tag)},
        {QStringLiteral("recipient"), a.recipient},
        {QStringLiteral("lines"), lines},
        {QStringLiteral("city"), a.city},
        {QStringLiteral("region"), a.region},
        {QStringLiteral("postal_code"), a.postalCode},
        {QStringLiteral("country"), a.country},
        {QStringLiteral("latitude"), nullable(a.latitude)},
        {QStringLiteral("longitude"), nullable(a.longitude)},
        {QStringLiteral("delivery_instructions"), a.deliveryInstructions},
        {QStringLiteral("default_shipping"), a.defaultShipping},
        {QStringLiteral("default_billing"), a.defaultBilling},
    };
}

QJsonObject toJson(const OperatorInfo& info)
{
    return QJsonObject{
        {QStringLiteral("id"), info.id.toString(QUuid::WithoutBraces)},
        {QStringLiteral("username"), info.username},
        {QStringLiteral("display_name"), info.displayName},
        {QStringLiteral("role"), info.role},
        {QStringLiteral("mfa_enabled"), info.mfaEnabled},
    };
}

QJsonObject toJson(const BackendInfo& info, const QString& service, const QString& version)
{
    return QJsonObject{
        {QStringLiteral("service"), service},
        {QStringLiteral("version"), version},
        {QStringLiteral("api_version"), QStringLiteral("1")},
        {QStringLiteral("schema_version"), info.schemaVersion},
        {QStringLiteral("database"), toString(info.kind)},
        {QStringLiteral("database_version"), info.serverVersion},
    };
}

QJsonObject toJson(const Session& s)
{
    return QJsonObject{
        {QStringLiteral("id"), s.id.toString(QUuid::WithoutBraces)},
        {QStringLiteral("customer_id"), s.customerId.toString(QUuid::WithoutBraces)},
        {QStringLiteral("customer_email"), s.customerEmail},
        {QStringLiteral("device_id"),
         s.deviceId.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(s.deviceId.toString(QUuid::WithoutBraces))},
        {QStringLiteral("device_name"), nullable(s.deviceName)},
        {QStringLiteral("device_type"), nullable(s.deviceType)},
        {QStringLiteral("ip"), s.ip},
        {QStringLiteral("user_agent"), nullable(s.userAgent)},
        {QStringLiteral("country"), nullable(s.country)},
        {QStringLiteral("created_at"), formatTimestamp(s.createdAt)},
        {QStringLiteral("last_seen_at"), formatTimestamp(s.lastSeenAt)},
        {QStringLiteral("expires_at"), formatTimestamp(s.expiresAt)},
        {QStringLiteral("revoked_at"), nullable(s.revokedAt)},
        {QStringLiteral("revoked_by"), nullable(s.revokedBy)},
        {QStringLiteral("revoke_reason"),
         s.revokeReason ? QJsonValue(toString(*s.revokeReason)) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("revoke_note"), nullable(s.revokeNote)},
    };
}

QJsonObject toJson(const SessionRevocation& revocation)
{
    return QJsonObject{
        {QStringLiteral("outcome"), toString(revocation.outcome)},
        {QStringLiteral("session"), toJson(revocation.session)},
    };
}

QJsonObject toJson(const RevokeRequest& request)
{
    QJsonObject body{{QStringLiteral("reason"), toString(request.reason)}};
    if (!request.note.isEmpty())
        body.insert(QStringLiteral("note"), request.note);
    return body;
}

QJsonObject toJson(const Device& d)
{
    return QJsonObject{
        {QStringLiteral("id"), d.id.toString(QUuid::WithoutBraces)},
        {QStringLiteral("customer_id"), d.customerId.toString(QUuid::WithoutBraces)},
        {QStringLiteral("fingerprint"), d.fingerprint},
        {QStringLiteral("name"), d.name},
        {QStringLiteral("device_type"), d.deviceType},
        {QStringLiteral("os"), nullable(d.os)},
        {QStringLiteral("browser"), nullable(d.browser)},
        {QStringLiteral("last_ip"), nullable(d.lastIp)},
        {QStringLiteral("first_seen_at"), formatTimestamp(d.firstSeenAt)},
        {QStringLiteral("last_seen_at"), formatTimestamp(d.lastSeenAt)},
        {QStringLiteral("trusted"), d.trusted},
        {QStringLiteral("trusted_at"), nullable(d.trustedAt)},
        {QStringLiteral("active_sessions"), d.activeSessions},
    };
}

QJsonObject toJson(const ForgetDeviceRequest& request)
{
    QJsonObject body;
    if (!request.note.isEmpty())
        body.insert(QStringLiteral("note"), request.note);
    return body;
}

QJsonObject toJson(const LoginEvent& e)
{
    return QJsonObject{
        {QStringLiteral("id"), e.id.toString(QUuid::WithoutBraces)},
        {QStringLiteral("customer_id"), e.customerId.isNull()
                                            ? QJsonValue(QJsonValue::Null)
                                            : QJsonValue(e.customerId.toString(QUuid::WithoutBraces))},
        {QStringLiteral("email"), e.email},
        {QStringLiteral("occurred_at"), formatTimestamp(e.occurredAt)},
        {QStringLiteral("ip"), e.ip},
        {QStringLiteral("user_agent"), nullable(e.userAgent)},
        {QStringLiteral("device_id"),
         e.deviceId.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(e.deviceId.toString(QUuid::WithoutBraces))},
        {QStringLiteral("device_name"), nullable(e.deviceName)},
        {QStringLiteral("country"), nullable(e.country)},
        {QStringLiteral("city"), nullable(e.city)},
        {QStringLiteral("latitude"), nullable(e.latitude)},
        {QStringLiteral("longitude"), nullable(e.longitude)},
        {QStringLiteral("success"), e.success},
        {QStringLiteral("failure_reason"),
         e.failureReason ? QJsonValue(toString(*e.failureReason)) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("mfa_method"), nullable(e.mfaMethod)},
        {QStringLiteral("flags"), QJsonArray::fromStringList(riskFlagNames(e.flags))},
    };
}

QJsonObject toJson(const LoginHistogramBin& bin)
{
    return QJsonObject{
        {QStringLiteral("start"), formatTimestamp(bin.start)},
        {QStringLiteral("successes"), bin.successes},
        {QStringLiteral("failures"), bin.failures},
    };
}

QJsonObject toJson(const AccountActionRequest& request)
{
    QJsonObject body;
    if (!request.reason.isEmpty())
        body.insert(QStringLiteral("reason"), request.reason);
    return body;
}

QJsonObject toJson(const AuditEvent& e)
{
    const auto id = [](const QUuid& uuid) {
        return uuid.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(uuid.toString(QUuid::WithoutBraces));
    };
    // Undefined would drop the member; a state is always present, null when there is none.
    const auto state = [](const QJsonValue& v) { return v.isUndefined() ? QJsonValue(QJsonValue::Null) : v; };
    return QJsonObject{
        {QStringLiteral("seq"), e.seq},
        {QStringLiteral("id"), e.id.toString(QUuid::WithoutBraces)},
        {QStringLiteral("occurred_at"), formatTimestamp(e.occurredAt)},
        {QStringLiteral("actor"), e.actor},
        {QStringLiteral("actor_role"), e.actorRole},
        {QStringLiteral("action"), e.action},
        {QStringLiteral("resource_type"), e.resourceType},
        {QStringLiteral("resource_id"), nullable(e.resourceId)},
        {QStringLiteral("customer_id"), id(e.customerId)},
        {QStringLiteral("reason"), nullable(e.reason)},
        {QStringLiteral("before_state"), state(e.beforeState)},
        {QStringLiteral("after_state"), state(e.afterState)},
        {QStringLiteral("prev_hash"), e.prevHash},
        {QStringLiteral("hash"), e.hash},
    };
}

QJsonObject toJson(const AuditChainReport& report)
{
    return QJsonObject{
        {QStringLiteral("events"), report.events},
        {QStringLiteral("intact"), report.intact},
        {QStringLiteral("first_broken_seq"),
         report.intact ? QJsonValue(QJsonValue::Null) : QJsonValue(report.firstBrokenSeq)},
        {QStringLiteral("break_kind"), auditChainBreakName(report.breakKind)},
        {QStringLiteral("problem"), nullable(report.problem)},
        {QStringLiteral("last_seq"), report.lastSeq},
        {QStringLiteral("head_hash"), report.headHash},
    };
}

QJsonObject toJson(const MfaStatus& status)
{
    return QJsonObject{
        {QStringLiteral("state"), toString(status.state)},
        {QStringLiteral("since"), nullable(status.since)},
        {QStringLiteral("attempts_left"), status.attemptsLeft},
        {QStringLiteral("recovery_codes_left"), status.recoveryCodesLeft},
        {QStringLiteral("recovery_codes_created_at"), nullable(status.recoveryCodesCreatedAt)},
    };
}

QJsonObject toJson(const MfaEnrollment& e)
{
    return QJsonObject{
        {QStringLiteral("id"), e.id.toString(QUuid::WithoutBraces)},
        {QStringLiteral("secret"), base32Encode(e.secret)},
        {QStringLiteral("account_label"), e.accountLabel},
        {QStringLiteral("digits"), e.digits},
        {QStringLiteral("period"), e.period},
        {QStringLiteral("attempts_left"), e.attemptsLeft},
        {QStringLiteral("started_at"), formatTimestamp(e.startedAt)},
    };
}

QJsonObject toJson(const MfaConfirmation& confirmation)
{
    return QJsonObject{
        {QStringLiteral("outcome"), toString(confirmation.outcome)},
        {QStringLiteral("attempts_left"), confirmation.attemptsLeft},
        {QStringLiteral("recovery_codes"), QJsonArray::fromStringList(confirmation.recoveryCodes)},
    };
}

QJsonObject toJson(const RecoveryCodeSet& codes)
{
    return QJsonObject{
        {QStringLiteral("codes"), QJsonArray::fromStringList(codes.codes)},
        {QStringLiteral("created_at"), formatTimestamp(codes.createdAt)},
    };
}

QJsonObject toJson(const MfaConfirmRequest& request)
{
    return QJsonObject{
        {QStringLiteral("enrollment_id"), request.enrollmentId.toString(QUuid::WithoutBraces)},
        {QStringLiteral("code"), request.code},
    };
}

QJsonObject toJson(const MfaResetRequest& request)
{
    return QJsonObject{{QStringLiteral("reason"), request.reason}};
}

Result<Customer> customerFromJson(const QJsonValue& value)
{
    FieldReader r(value, QStringLiteral("customer"));
    Customer c;
    c.id = r.uuid(QStringLiteral("id"));
    c.email = r.string(QStringLiteral("email"));
    c.fullName = r.string(QStringLiteral("full_name"));
    c.phone = r.nullableString(QStringLiteral("phone"));
    c.status = r.enumeration<CustomerStatus>(QStringLiteral("status"), customerStatusFromString);
    c.customerType = r.enumeration<CustomerType>(QStringLiteral("customer_type"), customerTypeFromString);
    c.customerGroup = r.string(QStringLiteral("customer_group"));
    c.loyaltyTier = r.enumeration<LoyaltyTier>(QStringLiteral("loyalty_tier"), loyaltyTierFromString);
    c.loyaltyPoints = r.integer(QStringLiteral("loyalty_points"));
    c.totalSpendCents = r.integer(QStringLiteral("total_spend_cents"));
    c.country = r.string(QStringLiteral("country"));
    c.emailVerified = r.boolean(QStringLiteral("email_verified"));
    c.phoneVerified = r.boolean(QStringLiteral("phone_verified"));
    c.mfaEnabled = r.boolean(QStringLiteral("mfa_enabled"));
    c.failedLoginAttempts = int(r.integer(QStringLiteral("failed_login_attempts"), 0, std::numeric_limits<int>::max()));
    c.lockedUntil = r.nullableTimestamp(QStringLiteral("locked_until"));
    c.marketingConsent = r.boolean(QStringLiteral("marketing_consent"));
    c.dataProcessingConsent = r.boolean(QStringLiteral("data_processing_consent"));
    c.createdAt = r.timestamp(QStringLiteral("created_at"));
    c.updatedAt = r.timestamp(QStringLiteral("updated_at"));
    c.lastLoginAt = r.nullableTimestamp(QStringLiteral("last_login_at"));
    c.deletedAt = r.nullableTimestamp(QStringLiteral("deleted_at"));
    c.version = r.integer(QStringLiteral("version"), 1);
    if (!r.ok())
        return r.error();
    return c;
}

Result<Address> addressFromJson(const QJsonValue& value)
{
    FieldReader r(value, QStringLiteral("address"));
    Address a;
    a.id = r.uuid(QStringLiteral("id"));
    a.customerId = r.uuid(QStringLiteral("customer_id"));
    a.tag = r.enumeration<AddressTag>(QStringLiteral("tag"), addressTagFromString);
    a.recipient = r.string(QStringLiteral("recipient"));
    QStringList lines;
    for (const QJsonValue& line : r.array(QStringLiteral("lines"))) {
        if (!line.isString())
            r.fail(QStringLiteral("lines"), QStringLiteral("an array of strings"));
        lines.append(line.toString());
    }
    a.lines = lines.join(u'\n');
    a.city = r.string(QStringLiteral("city"));
    a.region = r.string(QStringLiteral("region"));
    a.postalCode = r.string(QStringLiteral("postal_code"));
    a.country = r.string(QStringLiteral("country"));
    a.latitude = r.nullableNumber(QStringLiteral("latitude"), -90, 90);
    a.longitude = r.nullableNumber(QStringLiteral("longitude"), -180, 180);
    a.deliveryInstructions = r.string(QStringLiteral("delivery_instructions"));
    a.defaultShipping = r.boolean(QStringLiteral("default_shipping"));
    a.defaultBilling = r.boolean(QStringLiteral("default_billing"));
    if (!r.ok())
        return r.error();
    return a;
}

Result<OperatorInfo> operatorFromJson(const QJsonValue& value)
{
    FieldReader r(value, QStringLiteral("operator"));
    OperatorInfo info;
    info.id = r.uuid(QStringLiteral("id"));
    info.username = r.string(QStringLiteral("username"));
    info.displayName = r.string(QStringLiteral("display_name"));
    info.role = r.string(QStringLiteral("role"));
    info.mfaEnabled = r.boolean(QStringLiteral("mfa_enabled"));
    if (!r.ok())
        return r.error();
    return info;
}

Result<LoginGrant> loginGrantFromJson(const QJsonValue& value)
{
    FieldReader r(value, QStringLiteral("login"));
    LoginGrant grant;
    grant.token = r.string(QStringLiteral("token")).toLatin1();
    if (r.string(QStringLiteral("token_type")).compare(u"Bearer", Qt::CaseInsensitive) != 0)
        r.fail(QStringLiteral("token_type"), QStringLiteral("Bearer"));
    grant.expiresAt = r.timestamp(QStringLiteral("expires_at"));
    if (!r.ok())
        return r.error();
    if (grant.token.isEmpty())
        return makeError(ErrorKind::Protocol, QStringLiteral("login.token: empty"));
    Result<OperatorInfo> info = operatorFromJson(value.toObject().value(QStringLiteral("operator")));
    if (!info)
        return info.error();
    grant.operatorInfo = std::move(info).value();
    return grant;
}

Result<BackendInfo> backendInfoFromJson(const QJsonValue& value)
{
    FieldReader r(value, QStringLiteral("info"));
    BackendInfo info;
    const QString database = r.string(QStringLiteral("database"));
    info.serverVersion = r.string(QStringLiteral("database_version"));
    info.schemaVersion = int(r.integer(QStringLiteral("schema_version"), 0, std::numeric_limits<int>::max()));
    const QString service = r.string(QStringLiteral("service"));
    const QString version = r.string(QStringLiteral("version"));
    if (!r.ok())
        return r.error();
    info.kind = BackendKind::Rest;
    info.serverVersion = QStringLiteral("%1 %2 (%3)").arg(service, version, info.serverVersion);
    Q_UNUSED(database)
    return info;
}

Result<CustomerCount> customerCountFromJson(const QJsonValue& value)
{
    FieldReader r(value, QStringLiteral("count"));
    CustomerCount count;
    count.count = r.integer(QStringLiteral("count"), 0);
    count.capped = r.boolean(QStringLiteral("capped"));
    if (!r.ok())
        return r.error();
    return count;
}

Result<CustomerPage> customerPageFromJson(const QJsonValue& value)
{
    return pageFromJson(value, customerFromJson);
}

Result<Session> sessionFromJson(const QJsonValue& value)
{
    FieldReader r(value, QStringLiteral("session"));
    Session s;
    s.id = r.uuid(QStringLiteral("id"));
    s.customerId = r.uuid(QStringLiteral("customer_id"));
    s.customerEmail = r.string(QStringLiteral("customer_email"));
    if (!value.toObject().value(QStringLiteral("device_id")).isNull()) // null: no device; missing: an error
        s.deviceId = r.uuid(QStringLiteral("device_id"));
    s.deviceName = r.nullableString(QStringLiteral("device_name"));
    s.deviceType = r.nullableString(QStringLiteral("device_type"));
    s.ip = r.string(QStringLiteral("ip"));
    s.userAgent = r.nullableString(QStringLiteral("user_agent"));
    s.country = r.nullableString(QStringLiteral("country"));
    s.createdAt = r.timestamp(QStringLiteral("created_at"));
    s.lastSeenAt = r.timestamp(QStringLiteral("last_seen_at"));
    s.expiresAt = r.timestamp(QStringLiteral("expires_at"));
    s.revokedAt = r.nullableTimestamp(QStringLiteral("revoked_at"));
    s.revokedBy = r.nullableString(QStringLiteral("revoked_by"));
    const QString reason = r.nullableString(QStringLiteral("revoke_reason"));
    if (!reason.isEmpty()) {
        s.revokeReason = revokeReasonFromString(reason);
        if (!s.revokeReason)
            r.fail(QStringLiteral("revoke_reason"), QStringLiteral("a known value or null"));
    }
    s.revokeNote = r.nullableString(QStringLiteral("revoke_note"));
    if (!r.ok())
        return r.error();
    return s;
}

Result<Device> deviceFromJson(const QJsonValue& value)
{
    FieldReader r(value, QStringLiteral("device"));
    Device d;
    d.id = r.uuid(QStringLiteral("id"));
    d.customerId = r.uuid(QStringLiteral("customer_id"));
    d.fingerprint = r.string(QStringLiteral("fingerprint"));
    d.name = r.string(QStringLiteral("name"));
    d.deviceType = r.string(QStringLiteral("device_type"));
    d.os = r.nullableString(QStringLiteral("os"));
    d.browser = r.nullableString(QStringLiteral("browser"));
    d.lastIp = r.nullableString(QStringLiteral("last_ip"));
    d.firstSeenAt = r.timestamp(QStringLiteral("first_seen_at"));
    d.lastSeenAt = r.timestamp(QStringLiteral("last_seen_at"));
    d.trusted = r.boolean(QStringLiteral("trusted"));
    d.trustedAt = r.nullableTimestamp(QStringLiteral("trusted_at"));
    d.activeSessions = int(r.integer(QStringLiteral("active_sessions"), 0, std::numeric_limits<int>::max()));
    if (!r.ok())
        return r.error();
    return d;
}

Result<QList<Device>> deviceListFromJson(const QJsonValue& value)
{
    return listFromJson<Device>(value, QStringLiteral("devices"), deviceFromJson);
}

Result<int> forgetDeviceResultFromJson(const QJsonValue& value)
{
    FieldReader r(value, QStringLiteral("forget"));
    const int revoked = int(r.integer(QStringLiteral("revoked_sessions"), 0, std::numeric_limits<int>::max()));
    if (!r.ok())
        return r.error();
    return revoked;
}

Result<ForgetDeviceRequest> forgetDeviceRequestFromJson(const QJsonValue& value)
{
    FieldReader r(value, QStringLiteral("body"));
    ForgetDeviceRequest request;
    if (value.toObject().contains(QStringLiteral("note")))
        request.note = r.nullableString(QStringLiteral("note"));
    if (!r.ok()) {
        Error error = r.error();
        error.kind = ErrorKind::InvalidInput;
        return error;
    }
    return request;
}

Result<SessionPage> sessionPageFromJson(const QJsonValue& value)
{
    return pageFromJson(value, sessionFromJson);
}

Result<SessionRevocation> sessionRevocationFromJson(const QJsonValue& value)
{
    FieldReader r(value, QStringLiteral("revocation"));
    SessionRevocation revocation;
    revocation.outcome = r.enumeration<RevokeOutcome>(QStringLiteral("outcome"), revokeOutcomeFromString);
    if (!r.ok())
        return r.error();
    Result<Session> session = sessionFromJson(value.toObject().value(QStringLiteral("session")));
    if (!session)
        return session.error();
    revocation.session = std::move(session).value();
    return revocation;
}

Result<RevokeRequest> revokeRequestFromJson(const QJsonValue& value)
{
    FieldReader r(value, QStringLiteral("body"));
    RevokeRequest request;
    request.reason = r.enumeration<RevokeReason>(QStringLiteral("reason"), revokeReasonFromString);
    if (value.toObject().contains(QStringLiteral("note")))
        request.note = r.nullableString(QStringLiteral("note"));
    if (!r.ok()) {
        Error error = r.error();
        error.kind = ErrorKind::InvalidInput;
        return error;
    }
    return request;
}

QJsonObject toJson(const ExportRecord& record)
{
    return QJsonObject{
        {QStringLiteral("what"), toString(record.kind)},
        {QStringLiteral("format"), toString(record.format)},
        {QStringLiteral("filter"), record.filter},
        {QStringLiteral("file"), record.fileName},
        {QStringLiteral("rows"), record.rows},
        {QStringLiteral("bytes"), record.bytes},
        {QStringLiteral("sha256"), record.sha256},
        {QStringLiteral("signing_key"), record.keyFingerprint},
        {QStringLiteral("customer_id"), record.customerId.isNull()
                                            ? QJsonValue(QJsonValue::Null)
                                            : QJsonValue(record.customerId.toString(QUuid::WithoutBraces))},
    };
}

Result<ExportRecord> exportRecordFromJson(const QJsonValue& value)
{
    FieldReader r(value, QStringLiteral("body"));
    const QJsonObject object = value.toObject();
    ExportRecord record;
    record.kind = r.enumeration<ExportKind>(QStringLiteral("what"), exportKindFromString);
    record.format = r.enumeration<ExportFormat>(QStringLiteral("format"), exportFormatFromString);
    if (!object.value(QStringLiteral("filter")).isObject())
        r.fail(QStringLiteral("filter"), QStringLiteral("an object"));
    record.filter = object.value(QStringLiteral("filter")).toObject();
    record.fileName = r.string(QStringLiteral("file"));
    record.rows = r.integer(QStringLiteral("rows"), 0);
    record.bytes = r.integer(QStringLiteral("bytes"), 0);
    record.sha256 = r.string(QStringLiteral("sha256"));
    record.keyFingerprint = r.string(QStringLiteral("signing_key"));
    if (!object.value(QStringLiteral("customer_id")).isNull())
        record.customerId = r.uuid(QStringLiteral("customer_id"));
    if (!r.ok()) {
        Error error = r.error();
        error.kind = ErrorKind::InvalidInput;
        return error;
    }
    if (!record.isValid())
        return makeError(ErrorKind::InvalidInput,
                         QStringLiteral("body: the kind and format must suit each other, with a file name (no folder), "
                                        "counts and a SHA-256 of 64 lowercase hex digits"));
    return record;
}

Result<LoginEvent> loginEventFromJson(const QJsonValue& value)
{
    FieldReader r(value, QStringLiteral("login_event"));
    const QJsonObject object = value.toObject();
    LoginEvent e;
    e.id = r.uuid(QStringLiteral("id"));
    if (!object.value(QStringLiteral("customer_id")).isNull()) // null: no such customer; missing: an error
        e.customerId = r.uuid(QStringLiteral("customer_id"));
    e.email = r.string(QStringLiteral("email"));
    e.occurredAt = r.timestamp(QStringLiteral("occurred_at"));
    e.ip = r.string(QStringLiteral("ip"));
    e.userAgent = r.nullableString(QStringLiteral("user_agent"));
    if (!object.value(QStringLiteral("device_id")).isNull())
        e.deviceId = r.uuid(QStringLiteral("device_id"));
    e.deviceName = r.nullableString(QStringLiteral("device_name"));
    e.country = r.nullableString(QStringLiteral("country"));
    e.city = r.nullableString(QStringLiteral("city"));
    e.latitude = r.nullableNumber(QStringLiteral("latitude"), -90.0, 90.0);
    e.longitude = r.nullableNumber(QStringLiteral("longitude"), -180.0, 180.0);
    e.success = r.boolean(QStringLiteral("success"));
    const QString reason = r.nullableString(QStringLiteral("failure_reason"));
    if (!reason.isEmpty()) {
        e.failureReason = loginFailureReasonFromString(reason);
        if (!e.failureReason)
            r.fail(QStringLiteral("failure_reason"), QStringLiteral("a known value or null"));
    }
    e.mfaMethod = r.nullableString(QStringLiteral("mfa_method"));
    const QJsonArray flags = r.array(QStringLiteral("flags"));
    for (const QJsonValue& flag : flags) {
        const std::optional<RiskFlag> known = riskFlagFromString(flag.toString());
        if (!flag.isString() || !known) {
            r.fail(QStringLiteral("flags"), QStringLiteral("an array of known flag names"));
            break;
        }
        e.flags |= *known;
    }
    if (!r.ok())
        return r.error();
    return e;
}

Result<LoginEventPage> loginEventPageFromJson(const QJsonValue& value)
{
    return pageFromJson(value, loginEventFromJson);
}

Result<AccountActionRequest> accountActionRequestFromJson(const QJsonValue& value)
{
    FieldReader r(value, QStringLiteral("body"));
    AccountActionRequest request;
    if (value.toObject().contains(QStringLiteral("reason")))
        request.reason = r.nullableString(QStringLiteral("reason"));
    if (!r.ok()) {
        Error error = r.error();
        error.kind = ErrorKind::InvalidInput;
        return error;
    }
    return request;
}

Result<AuditEvent> auditEventFromJson(const QJsonValue& value)
{
    FieldReader r(value, QStringLiteral("audit_event"));
    AuditEvent e;
    e.seq = r.integer(QStringLiteral("seq"), 1);
    e.id = r.uuid(QStringLiteral("id"));
    e.occurredAt = r.timestamp(QStringLiteral("occurred_at"));
    e.actor = r.string(QStringLiteral("actor"));
    e.actorRole = r.string(QStringLiteral("actor_role"));
    e.action = r.string(QStringLiteral("action"));
    e.resourceType = r.string(QStringLiteral("resource_type"));
    e.resourceId = r.nullableString(QStringLiteral("resource_id"));
    if (!value.toObject().value(QStringLiteral("customer_id")).isNull())
        e.customerId = r.uuid(QStringLiteral("customer_id"));
    e.reason = r.nullableString(QStringLiteral("reason"));
    const QJsonObject object = value.toObject();
    for (const auto& [key, target] : {std::pair{QStringLiteral("before_state"), &e.beforeState},
                                      std::pair{QStringLiteral("after_state"), &e.afterState}}) {
        // Kept as sent: an object, or null; anything else is what a changed row holds and is
        // passed on for verification to find, not refused here.
        if (!object.contains(key))
            r.fail(key, QStringLiteral("a JSON object or null"));
        *target = object.value(key);
    }
    e.prevHash = r.string(QStringLiteral("prev_hash"));
    e.hash = r.string(QStringLiteral("hash"));
    if (!r.ok())
        return r.error();
    return e;
}

Result<AuditEventPage> auditEventPageFromJson(const QJsonValue& value)
{
    return pageFromJson(value, auditEventFromJson);
}

Result<AuditChainReport> auditChainReportFromJson(const QJsonValue& value)
{
    FieldReader r(value, QStringLiteral("audit_chain"));
    AuditChainReport report;
    report.events = r.integer(QStringLiteral("events"), 0);
    report.intact = r.boolean(QStringLiteral("intact"));
    if (!value.toObject().value(QStringLiteral("first_broken_seq")).isNull())
        report.firstBrokenSeq = r.integer(QStringLiteral("first_broken_seq"), 1);
    report.breakKind = r.enumeration<AuditChainBreak>(QStringLiteral("break_kind"), auditChainBreakFromString);
    report.problem = r.nullableString(QStringLiteral("problem"));
    report.lastSeq = r.integer(QStringLiteral("last_seq"), 0);
    report.headHash = r.string(QStringLiteral("head_hash"));
    if (!r.ok())
        return r.error();
    return report;
}

Result<LoginHistogramBin> loginHistogramBinFromJson(const QJsonValue& value)
{
    FieldReader r(value, QStringLiteral("bin"));
    LoginHistogramBin bin;
    bin.start = r.timestamp(QStringLiteral("start"));
    bin.successes = r.integer(QStringLiteral("successes"), 0);
    bin.failures = r.integer(QStringLiteral("failures"), 0);
    if (!r.ok())
        return r.error();
    return bin;
}

Result<QList<LoginHistogramBin>> loginHistogramFromJson(const QJsonValue& value)
{
    return listFromJson<LoginHistogramBin>(value, QStringLiteral("histogram"), loginHistogramBinFromJson);
}

namespace {

/// The strings of array member `key`; anything else in it fails the reader.
QStringList stringArray(FieldReader& r, const QString& key)
{
    QStringList list;
    for (const QJsonValue& item : r.array(key)) {
        if (!item.isString()) {
            r.fail(key, QStringLiteral("an array of strings"));
            return {};
        }
        list.append(item.toString());
    }
    return list;
}

/// A reader's error as the 422 of a request body.
Error bodyError(const FieldReader& r)
{
    Error error = r.error();
    error.kind = ErrorKind::InvalidInput;
    return error;
}

} // namespace

Result<MfaStatus> mfaStatusFromJson(const QJsonValue& value)
{
    FieldReader r(value, QStringLiteral("mfa_status"));
    MfaStatus status;
    status.state = r.enumeration<MfaState>(QStringLiteral("state"), mfaStateFromString);
    status.since = r.nullableTimestamp(QStringLiteral("since"));
    status.attemptsLeft = int(r.integer(QStringLiteral("attempts_left"), 0, std::numeric_limits<int>::max()));
    status.recoveryCodesLeft =
        int(r.integer(QStringLiteral("recovery_codes_left"), 0, std::numeric_limits<int>::max()));
    status.recoveryCodesCreatedAt = r.nullableTimestamp(QStringLiteral("recovery_codes_created_at"));
    if (!r.ok())
        return r.error();
    return status;
}

Result<MfaEnrollment> mfaEnrollmentFromJson(const QJsonValue& value)
{
    FieldReader r(value, QStringLiteral("mfa_enrollment"));
    MfaEnrollment e;
    e.id = r.uuid(QStringLiteral("id"));
    const QString secret = r.string(QStringLiteral("secret"));
    e.accountLabel = r.string(QStringLiteral("account_label"));
    e.digits = int(r.integer(QStringLiteral("digits"), 6, 8));
    e.period = int(r.integer(QStringLiteral("period"), 1, 3600));
    e.attemptsLeft = int(r.integer(QStringLiteral("attempts_left"), 0, std::numeric_limits<int>::max()));
    e.startedAt = r.timestamp(QStringLiteral("started_at"));
    if (!r.ok())
        return r.error();
    // Strict: upper-case RFC 4648 without padding or spaces, as written, and at least 128 bits.
    static const QRegularExpression base32(QStringLiteral("^[A-Z2-7]+$"));
    Result<QByteArray> decoded = base32.match(secret).hasMatch()
                                     ? base32Decode(secret)
                                     : Result<QByteArray>(makeError(ErrorKind::Protocol, QString()));
    if (!decoded || decoded->size() < 16)
        return makeError(ErrorKind::Protocol,
                         QStringLiteral("mfa_enrollment.secret: expected base32 of at least 16 bytes"));
    e.secret = std::move(decoded).value();
    return e;
}

Result<MfaConfirmation> mfaConfirmationFromJson(const QJsonValue& value)
{
    FieldReader r(value, QStringLiteral("mfa_confirmation"));
    MfaConfirmation c;
    c.outcome = r.enumeration<MfaCodeOutcome>(QStringLiteral("outcome"), mfaCodeOutcomeFromString);
    c.attemptsLeft = int(r.integer(QStringLiteral("attempts_left"), 0, std::numeric_limits<int>::max()));
    c.recoveryCodes = stringArray(r, QStringLiteral("recovery_codes"));
    if (!r.ok())
        return r.error();
    if (c.outcome == MfaCodeOutcome::Accepted && c.recoveryCodes.isEmpty())
        return makeError(ErrorKind::Protocol, QStringLiteral("mfa_confirmation.recovery_codes: empty when accepted"));
    return c;
}

Result<RecoveryCodeSet> recoveryCodeSetFromJson(const QJsonValue& value)
{
    FieldReader r(value, QStringLiteral("recovery_codes"));
    RecoveryCodeSet set;
    set.codes = stringArray(r, QStringLiteral("codes"));
    set.createdAt = r.timestamp(QStringLiteral("created_at"));
    if (!r.ok())
        return r.error();
    if (set.codes.isEmpty())
        return makeError(ErrorKind::Protocol, QStringLiteral("recovery_codes.codes: empty"));
    return set;
}

Result<MfaConfirmRequest> mfaConfirmRequestFromJson(const QJsonValue& value)
{
    FieldReader r(value, QStringLiteral("body"));
    MfaConfirmRequest request;
    request.enrollmentId = r.uuid(QStringLiteral("enrollment_id"));
    request.code = r.string(QStringLiteral("code"));
    if (!r.ok())
        return bodyError(r);
    if (request.code.size() > 64)
        return makeError(ErrorKind::InvalidInput, QStringLiteral("body.code: longer than 64 characters"));
    return request;
}

Result<MfaResetRequest> mfaResetRequestFromJson(const QJsonValue& value)
{
    FieldReader r(value, QStringLiteral("body"));
    MfaResetRequest request;
    request.reason = r.string(QStringLiteral("reason"));
    if (!r.ok())
        return bodyError(r);
    return request;
}

Result<QList<Address>> addressListFromJson(const QJsonValue& value)
{
    return listFromJson<Address>(value, QStringLiteral("addresses"), addressFromJson);
}

Result<QStringList> stringListFromJson(const QJsonValue& value)
{
    return listFromJson<QString>(value, QStringLiteral("list"), stringFromJson);
}

namespace {

/// Writes the query parameters of a list request, every value fully percent-encoded (QUrlQuery
/// leaves '+' and '&'-like characters ambiguous otherwise). Empty values are left out.
class ParameterWriter
{
public:
    void text(const QString& key, const QString& value)
    {
        if (!value.isEmpty())
            m_url.addQueryItem(key, QString::fromLatin1(QUrl::toPercentEncoding(value)));
    }
    void uuid(const QString& key, const QUuid& value)
    {
        if (!value.isNull())
            text(key, value.toString(QUuid::WithoutBraces));
    }
    void boolean(const QString& key, bool value)
    {
        text(key, value ? QStringLiteral("true") : QStringLiteral("false"));
    }
    void timestamp(const QString& key, const QDateTime& value)
    {
        if (value.isValid())
            text(key, formatTimestamp(value));
    }
    QUrlQuery url() const { return m_url; }

private:
    QUrlQuery m_url;
};

/// Reads the query parameters of a list request. Each reader leaves its target alone when the
/// parameter is absent; the first refused parameter is the error() reported, the later ones are
/// not looked at.
class ParameterReader
{
public:
    explicit ParameterReader(const QUrlQuery& url)
        : m_url(url)
    {
    }

    /// Whether the parameter is there and no earlier one was refused.
    bool has(const QString& key) const { return !m_error && m_url.hasQueryItem(key); }
    QString value(const QString& key) const { return m_url.queryItemValue(key, QUrl::FullyDecoded); }
    void fail(const QString& key, const QString& why)
    {
        if (!m_error)
            m_error = invalidParameter(key, why);
    }
    const std::optional<Error>& error() const { return m_error; }

    void uuid(const QString& key, QUuid& out)
    {
        if (!has(key))
            return;
        out = QUuid::fromString(value(key));
        if (out.isNull())
            fail(key, QStringLiteral("expected a UUID"));
    }
    void boolean(const QString& key, std::optional<bool>& out)
    {
        if (!has(key))
            return;
        const QString v = value(key);
        if (v != u"true" && v != u"false")
            return fail(key, QStringLiteral("expected true or false"));
        out = v == u"true";
    }
    void country(const QString& key, QString& out)
    {
        if (!has(key))
            return;
        // Any case, as the SQL backend matches it.
        out = value(key).toUpper();
        static const QRegularExpression alpha2(QStringLiteral("^[A-Z]{2}$"));
        if (!alpha2.match(out).hasMatch())
            fail(key, QStringLiteral("expected two letters"));
    }
    void ipFilter(const QString& key, QString& out)
    {
        if (!has(key))
            return;
        out = value(key).trimmed();
        if (!isValidIpFilter(out))
            fail(key, QStringLiteral("expected an IP address or a subnet (CIDR)"));
    }
    void timestamp(const QString& key, QDateTime& out)
    {
        if (!has(key))
            return;
        out = parseTimestamp(value(key));
        if (!out.isValid())
            fail(key, QStringLiteral("expected an RFC 3339 timestamp"));
    }
    void text(const QString& key, QString& out, int maxLength)
    {
        if (!has(key))
            return;
        out = value(key);
        if (out.isEmpty() || out.size() > maxLength)
            fail(key, QStringLiteral("expected 1 to %1 characters").arg(maxLength));
    }
    /// An enum by its string form (`parse` returns nullopt for an unknown one).
    template <typename T, typename Parse>
    void enumeration(const QString& key, std::optional<T>& out, Parse parse, const QString& why)
    {
        if (!has(key))
            return;
        out = parse(value(key));
        if (!out)
            fail(key, why);
    }

private:
    const QUrlQuery& m_url;
    std::optional<Error> m_error;
};

std::optional<bool> triStateValue(TriState state)
{
    return state == TriState::Any ? std::nullopt : std::optional<bool>(state == TriState::Yes);
}

TriState triStateFrom(const std::optional<bool>& value)
{
    return !value ? TriState::Any : *value ? TriState::Yes : TriState::No;
}

} // namespace

QUrlQuery toUrlQuery(const CustomerQuery& query)
{
    ParameterWriter w;
    if (!query.text.trimmed().isEmpty())
        w.text(QStringLiteral("q"), query.text);
    if (query.status)
        w.text(QStringLiteral("status"), toString(*query.status));
    if (query.tier)
        w.text(QStringLiteral("tier"), toString(*query.tier));
    w.text(QStringLiteral("country"), query.country);
    if (const std::optional<bool> mfa = triStateValue(query.mfaEnabled))
        w.boolean(QStringLiteral("mfa"), *mfa);
    if (const std::optional<bool> locked = triStateValue(query.locked))
        w.boolean(QStringLiteral("locked"), *locked);
    w.timestamp(QStringLiteral("created_from"), query.createdFrom);
    w.timestamp(QStringLiteral("created_to"), query.createdTo);
    w.text(QStringLiteral("sort"), toString(query.sortKey));
    w.text(QStringLiteral("order"), query.descending ? QStringLiteral("desc") : QStringLiteral("asc"));
    return w.url();
}

Result<CustomerQuery> customerQueryFromUrlQuery(const QUrlQuery& url)
{
    CustomerQuery query;
    ParameterReader r(url);
    query.text = r.value(QStringLiteral("q"));
    if (query.text.trimmed().size() > CustomerQuery::maxTextLength)
        r.fail(QStringLiteral("q"), QStringLiteral("longer than %1 characters").arg(CustomerQuery::maxTextLength));
    r.enumeration(QStringLiteral("status"), query.status, customerStatusFromString, QStringLiteral("unknown status"));
    r.enumeration(QStringLiteral("tier"), query.tier, loyaltyTierFromString, QStringLiteral("unknown tier"));
    r.country(QStringLiteral("country"), query.country);
    std::optional<bool> mfa;
    std::optional<bool> locked;
    r.boolean(QStringLiteral("mfa"), mfa);
    r.boolean(QStringLiteral("locked"), locked);
    query.mfaEnabled = triStateFrom(mfa);
    query.locked = triStateFrom(locked);
    r.timestamp(QStringLiteral("created_from"), query.createdFrom);
    r.timestamp(QStringLiteral("created_to"), query.createdTo);
    std::optional<CustomerSortKey> sortKey;
    r.enumeration(QStringLiteral("sort"), sortKey, customerSortKeyFromString, QStringLiteral("unknown sort key"));
    if (sortKey)
        query.sortKey = *sortKey;
    if (r.has(QStringLiteral("order"))) {
        const QString order = r.value(QStringLiteral("order"));
        if (order != u"asc" && order != u"desc")
            r.fail(QStringLiteral("order"), QStringLiteral("expected asc or desc"));
        query.descending = order == u"desc";
    }
    if (r.error())
        return *r.error();
    return query;
}

QUrlQuery toUrlQuery(const SessionQuery& query)
{
    ParameterWriter w;
    w.uuid(QStringLiteral("customer_id"), query.customerId);
    w.text(QStringLiteral("customer_email"), query.customerEmail.trimmed());
    w.boolean(QStringLiteral("active"), query.activeOnly);
    w.text(QStringLiteral("ip"), query.ipOrCidr.trimmed());
    w.text(QStringLiteral("country"), query.country);
    w.text(QStringLiteral("device_type"), query.deviceType);
    w.timestamp(QStringLiteral("created_from"), query.createdFrom);
    w.timestamp(QStringLiteral("created_to"), query.createdTo);
    return w.url();
}

Result<SessionQuery> sessionQueryFromUrlQuery(const QUrlQuery& url)
{
    SessionQuery query;
    ParameterReader r(url);
    r.uuid(QStringLiteral("customer_id"), query.customerId);
    if (r.has(QStringLiteral("customer_email"))) {
        query.customerEmail = r.value(QStringLiteral("customer_email")).trimmed();
        if (query.customerEmail.isEmpty() || query.customerEmail.size() > 320)
            r.fail(QStringLiteral("customer_email"), QStringLiteral("expected an e-mail address"));
    }
    std::optional<bool> active;
    r.boolean(QStringLiteral("active"), active);
    query.activeOnly = active.value_or(query.activeOnly);
    r.ipFilter(QStringLiteral("ip"), query.ipOrCidr);
    r.country(QStringLiteral("country"), query.country);
    if (r.has(QStringLiteral("device_type"))) {
        query.deviceType = r.value(QStringLiteral("device_type"));
        if (query.deviceType != u"mobile" && query.deviceType != u"desktop" && query.deviceType != u"tablet")
            r.fail(QStringLiteral("device_type"), QStringLiteral("expected mobile, desktop or tablet"));
    }
    r.timestamp(QStringLiteral("created_from"), query.createdFrom);
    r.timestamp(QStringLiteral("created_to"), query.createdTo);
    if (r.error())
        return *r.error();
    return query;
}

QUrlQuery toUrlQuery(const LoginEventQuery& query)
{
    ParameterWriter w;
    w.uuid(QStringLiteral("customer_id"), query.customerId);
    if (query.success)
        w.boolean(QStringLiteral("success"), *query.success);
    if (query.failureReason)
        w.text(QStringLiteral("failure_reason"), toString(*query.failureReason));
    w.text(QStringLiteral("ip"), query.ipOrCidr.trimmed());
    w.text(QStringLiteral("country"), query.country);
    w.timestamp(QStringLiteral("from"), query.from);
    w.timestamp(QStringLiteral("to"), query.to);
    if (query.requiredFlags)
        w.text(QStringLiteral("flags"), riskFlagNames(query.requiredFlags).join(u','));
    const RiskThresholds defaults;
    if (query.thresholds.impossibleTravelKmh != defaults.impossibleTravelKmh)
        w.text(QStringLiteral("travel_kmh"), QString::number(query.thresholds.impossibleTravelKmh));
    if (query.thresholds.burstFailures != defaults.burstFailures)
        w.text(QStringLiteral("burst_failures"), QString::number(query.thresholds.burstFailures));
    if (query.thresholds.burstWindowMinutes != defaults.burstWindowMinutes)
        w.text(QStringLiteral("burst_minutes"), QString::number(query.thresholds.burstWindowMinutes));
    return w.url();
}

Result<LoginEventQuery> loginEventQueryFromUrlQuery(const QUrlQuery& url)
{
    LoginEventQuery query;
    ParameterReader r(url);
    r.uuid(QStringLiteral("customer_id"), query.customerId);
    r.boolean(QStringLiteral("success"), query.success);
    r.enumeration(QStringLiteral("failure_reason"), query.failureReason, loginFailureReasonFromString,
                  QStringLiteral("expected a known reason"));
    r.ipFilter(QStringLiteral("ip"), query.ipOrCidr);
    r.country(QStringLiteral("country"), query.country);
    r.timestamp(QStringLiteral("from"), query.from);
    r.timestamp(QStringLiteral("to"), query.to);
    if (r.has(QStringLiteral("flags"))) {
        const std::optional<RiskFlags> flags =
            riskFlagsFromNames(r.value(QStringLiteral("flags")).split(u',', Qt::SkipEmptyParts));
        if (!flags)
            r.fail(QStringLiteral("flags"), QStringLiteral("expected a comma-separated list of known flag names"));
        else
            query.requiredFlags = *flags;
    }
    if (r.error())
        return *r.error();
    // The ranges RiskThresholds::isValid() accepts.
    for (const auto& [key, target, min, max] :
         {std::tuple{QStringLiteral("travel_kmh"), &query.thresholds.impossibleTravelKmh, 100, 5000},
          std::tuple{QStringLiteral("burst_failures"), &query.thresholds.burstFailures, 2, 1000},
          std::tuple{QStringLiteral("burst_minutes"), &query.thresholds.burstWindowMinutes, 1, 1440}}) {
        Result<int> parsed = boundedIntParameter(url, key, *target, min, max);
        if (!parsed)
            return parsed.error();
        *target = *parsed;
    }
    return query;
}

QUrlQuery toUrlQuery(const AuditQuery& query)
{
    ParameterWriter w;
    w.uuid(QStringLiteral("customer_id"), query.customerId);
    w.text(QStringLiteral("actor"), query.actor);
    w.text(QStringLiteral("action"), query.action);
    w.text(QStringLiteral("resource_id"), query.resourceId);
    w.timestamp(QStringLiteral("from"), query.from);
    w.timestamp(QStringLiteral("to"), query.to);
    return w.url();
}

Result<AuditQuery> auditQueryFromUrlQuery(const QUrlQuery& url)
{
    AuditQuery query;
    ParameterReader r(url);
    r.uuid(QStringLiteral("customer_id"), query.customerId);
    r.text(QStringLiteral("actor"), query.actor, 200);
    r.text(QStringLiteral("action"), query.action, 200);
    r.text(QStringLiteral("resource_id"), query.resourceId, 200);
    r.timestamp(QStringLiteral("from"), query.from);
    r.timestamp(QStringLiteral("to"), query.to);
    if (r.error())
        return *r.error();
    return query;
}

QByteArray entityTag(qint64 version)
{
    return '"' + QByteArray::number(version) + '"';
}

std::optional<qint64> versionFromEntityTag(const QByteArray& header)
{
    const QByteArray tag = header.trimmed();
    if (tag.size() < 3 || !tag.startsWith('"') || !tag.endsWith('"'))
        return std::nullopt;
    const QByteArray digits = tag.mid(1, tag.size() - 2);
    if (digits.size() > 18 || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    return digits.toLongLong();
}

Result<int> boundedIntParameter(const QUrlQuery& query, const QString& name, int fallback, int min, int max)
{
    if (!query.hasQueryItem(name))
        return fallback;
    bool ok = false;
    const int value = query.queryItemValue(name).toInt(&ok);
    if (!ok || value < min || value > max)
        return invalidParameter(name, QStringLiteral("expected an integer from %1 to %2").arg(min).arg(max));
    return value;
}

QString problemType(const QString& name)
{
    return QStringLiteral("urn:identity-console:problem:") + name;
}

QJsonObject problemJson(int status, const QString& typeName, const QString& detail, const QString& instance,
                        const QByteArray& traceId)
{
    static const QHash<int, QString> titles{
        {400, QStringLiteral("Bad Request")},
        {401, QStringLiteral("Unauthorized")},
        {403, QStringLiteral("Forbidden")},
        {404, QStringLiteral("Not Found")},
        {409, QStringLiteral("Conflict")},
        {412, QStringLiteral("Precondition Failed")},
        {422, QStringLiteral("Unprocessable Content")},
        {428, QStringLiteral("Precondition Required")},
        {429, QStringLiteral("Too Many Requests")},
        {500, QStringLiteral("Internal Server Error")},
        {503, QStringLiteral("Service Unavailable")},
        {504, QStringLiteral("Gateway Timeout")},
    };
    QJsonObject problem{
        {QStringLiteral("type"), problemType(typeName)},
        {QStringLiteral("title"), titles.value(status, QStringLiteral("Error"))},
        {QStringLiteral("status"), status},
        {QStringLiteral("detail"), detail},
        {QStringLiteral("instance"), instance},
    };
    if (!traceId.isEmpty())
        problem.insert(QStringLiteral("trace_id"), QString::fromLatin1(traceId));
    return problem;
}

std::optional<Problem> parseProblem(const QByteArray& body)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    const QJsonObject object = document.object();
    if (!object.value(QStringLiteral("status")).isDouble() && !object.value(QStringLiteral("type")).isString())
        return std::nullopt;
    Problem problem;
    problem.type = object.value(QStringLiteral("type")).toString();
    problem.title = object.value(QStringLiteral("title")).toString();
    problem.status = object.value(QStringLiteral("status")).toInt();
    problem.detail = object.value(QStringLiteral("detail")).toString();
    problem.retryAfterSeconds = object.value(QStringLiteral("retry_after")).toInt();
    return problem;
}

Error errorFromHttp(int status, const std::optional<Problem>& problem, int retryAfterSeconds)
{
    // The detail names the status and, when the server sent one, its own words: enough for
    // a support ticket, and never the request's body or token.
    QString detail = QStringLiteral("HTTP %1").arg(status);
    if (problem && !problem->detail.isEmpty())
        detail += QStringLiteral(": ") + problem->detail.left(300);
    else if (problem && !problem->title.isEmpty())
        detail += QStringLiteral(": ") + problem->title.left(300);

    ErrorKind kind = ErrorKind::Protocol;
    switch (status) {
    case 400:
    case 422:
        kind = ErrorKind::InvalidInput;
        break;
    case 401:
        kind = problem && problem->type == problemType(QStringLiteral("mfa-required")) ? ErrorKind::MfaRequired
                                                                                       : ErrorKind::Unauthorized;
        break;
    case 403:
        kind = ErrorKind::Forbidden;
        break;
    case 404:
        kind = ErrorKind::NotFound;
        break;
    case 409:
    case 412:
    case 428:
        kind = ErrorKind::Conflict;
        break;
    case 429:
        kind = ErrorKind::RateLimited;
        break;
    case 502:
    case 503:
        kind = problem && problem->type == problemType(QStringLiteral("secret-key")) ? ErrorKind::SecretKey
                                                                                     : ErrorKind::Unavailable;
        break;
    case 504:
        kind = ErrorKind::Timeout;
        break;
    default:
        if (status >= 500)
            kind = ErrorKind::Storage;
        break;
    }
    Error error = makeError(kind, detail);
    if (kind == ErrorKind::RateLimited)
        error.retryAfterSeconds =
            retryAfterSeconds > 0 ? retryAfterSeconds : (problem ? problem->retryAfterSeconds : 0);
    return error;
}

std::pair<int, QString> httpStatusFor(const Error& error)
{
    switch (error.kind) {
    case ErrorKind::InvalidInput:
        return {422, QStringLiteral("invalid-parameter")};
    case ErrorKind::NotFound:
        return {404, QStringLiteral("not-found")};
    case ErrorKind::Conflict:
        return {409, QStringLiteral("conflict")};
    case ErrorKind::Unauthorized:
        return {401, QStringLiteral("unauthorized")};
    case ErrorKind::Forbidden:
        return {403, QStringLiteral("forbidden")};
    case ErrorKind::RateLimited:
        return {429, QStringLiteral("too-many-requests")};
    case ErrorKind::Unavailable:
    case ErrorKind::Timeout:
        return {503, QStringLiteral("unavailable")};
    case ErrorKind::Cancelled:
    case ErrorKind::Internal:
    case ErrorKind::Protocol:
    case ErrorKind::Storage:
    case ErrorKind::SchemaTooNew:
    case ErrorKind::KeychainUnavailable:
    case ErrorKind::Certificate:
    case ErrorKind::FileAccess:
        break;
    case ErrorKind::MfaRequired:
        return {401, QStringLiteral("mfa-required")};
    case ErrorKind::SecretKey:
        return {503, QStringLiteral("secret-key")};
    }
    return {500, QStringLiteral("internal")};
}

} // namespace idc::api
