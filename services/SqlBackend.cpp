#include "SqlBackend.h"

#include "AuditTrail.h"
#include "BoundQuery.h"
#include "SchemaMigrator.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace idc {
namespace {

constexpr int maxPageSize = 500; // the API's limit too (openapi.yaml)

/// The customer columns in the order customerFromRow() reads them. PostgreSQL sends
/// timestamps as epoch milliseconds: converting its text form to QDateTime is most of the
/// client-side cost of a page.
QString customerColumns(const SqlDialect& dialect)
{
    auto ts = [&dialect](const char* column) { return dialect.timestampColumn(QLatin1String(column)); };
    return QStringLiteral("id, email, full_name, phone, status, customer_type, customer_group, loyalty_tier, "
                          "loyalty_points, total_spend_cents, country, email_verified, phone_verified, mfa_enabled, "
                          "failed_login_attempts, ") +
           ts("locked_until") + QStringLiteral(", marketing_consent, data_processing_consent, ") + ts("created_at") +
           QStringLiteral(", ") + ts("updated_at") + QStringLiteral(", ") + ts("last_login_at") + QStringLiteral(", ") +
           ts("deleted_at") + QStringLiteral(", version");
}

Customer customerFromRow(const QSqlQuery& q)
{
    Customer c;
    c.id = QUuid::fromString(q.value(0).toString());
    c.email = q.value(1).toString();
    c.fullName = q.value(2).toString();
    c.phone = q.value(3).toString();
    c.status = customerStatusFromString(q.value(4).toString()).value_or(CustomerStatus::Active);
    c.customerType = customerTypeFromString(q.value(5).toString()).value_or(CustomerType::Individual);
    c.customerGroup = q.value(6).toString();
    c.loyaltyTier = loyaltyTierFromString(q.value(7).toString()).value_or(LoyaltyTier::Bronze);
    c.loyaltyPoints = q.value(8).toLongLong();
    c.totalSpendCents = q.value(9).toLongLong();
    c.country = q.value(10).toString();
    c.emailVerified = SqlDialect::boolFrom(q.value(11));
    c.phoneVerified = SqlDialect::boolFrom(q.value(12));
    c.mfaEnabled = SqlDialect::boolFrom(q.value(13));
    c.failedLoginAttempts = q.value(14).toInt();
    c.lockedUntil = SqlDialect::timestampFrom(q.value(15));
    c.marketingConsent = SqlDialect::boolFrom(q.value(16));
    c.dataProcessingConsent = SqlDialect::boolFrom(q.value(17));
    c.createdAt = SqlDialect::timestampFrom(q.value(18));
    c.updatedAt = SqlDialect::timestampFrom(q.value(19));
    c.lastLoginAt = SqlDialect::timestampFrom(q.value(20));
    c.deletedAt = SqlDialect::timestampFrom(q.value(21));
    c.version = q.value(22).toLongLong();
    return c;
}

struct SortColumn
{
    QString expression;
    bool numeric = false;
    bool timestamp = false;
};

SortColumn sortColumn(CustomerSortKey key, const SqlDialect& dialect)
{
    switch (key) {
    case CustomerSortKey::FullName:
        return {dialect.byteOrder(QStringLiteral("full_name"))};
    case CustomerSortKey::Email:
        return {dialect.byteOrder(QStringLiteral("email"))};
    case CustomerSortKey::Country:
        return {dialect.byteOrder(QStringLiteral("country"))};
    case CustomerSortKey::Status:
        return {dialect.byteOrder(QStringLiteral("status"))};
    case CustomerSortKey::LoyaltyTier:
        // By rank, not by name: bronze < silver < gold < platinum.
        return {QStringLiteral("(CASE loyalty_tier WHEN 'bronze' THEN 0 WHEN 'silver' THEN 1 WHEN 'gold' THEN 2 "
                               "ELSE 3 END)"),
                true};
    case CustomerSortKey::TotalSpend:
        return {QStringLiteral("total_spend_cents"), true};
    case CustomerSortKey::CreatedAt:
        return {QStringLiteral("created_at"), false, true};
    case CustomerSortKey::LastLoginAt:
        // Never-logged-in customers sort first ascending, last descending.
        return {dialect.isPostgres() ? QStringLiteral("COALESCE(last_login_at, '-infinity'::timestamptz)")
                                     : QStringLiteral("COALESCE(last_login_at, '')"),
                false, true};
    }
    return {dialect.byteOrder(QStringLiteral("full_name"))};
}

/// WHERE clause and its bound values for a query's filters.
struct Filter
{
    QStringList conditions;
    QVariantList values;
    bool matchesNothing = false;

    QString where() const
    {
        return conditions.isEmpty() ? QString() : QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
    }
};

Filter filterFor(const CustomerQuery& query, const SqlDialect& dialect)
{
    Filter f;
    const QString text = query.text.trimmed();
    if (text.contains(QChar(0))) {
        // No stored value can contain NUL, and PostgreSQL refuses it in a string.
        f.matchesNothing = true;
    } else if (!text.isEmpty()) {
        f.conditions << dialect.customerTextMatch(text, f.values);
    }
    if (query.status) {
        f.conditions << QStringLiteral("status = ?");
        f.values << toString(*query.status);
    }
    if (query.tier) {
        f.conditions << QStringLiteral("loyalty_tier = ?");
        f.values << toString(*query.tier);
    }
    if (!query.country.isEmpty()) {
        f.conditions << QStringLiteral("country = ?");
        f.values << query.country.toUpper();
    }
    if (query.mfaEnabled != TriState::Any) {
        f.conditions << QStringLiteral("mfa_enabled = ?");
        f.values << (query.mfaEnabled == TriState::Yes);
    }
    if (query.locked != TriState::Any) {
        f.conditions << (query.locked == TriState::Yes ? QStringLiteral("locked_until > ?")
                                                       : QStringLiteral("(locked_until IS NULL OR locked_until <= ?)"));
        f.values << SqlDialect::timestamp(QDateTime::currentDateTimeUtc());
    }
    if (query.createdFrom.isValid()) {
        f.conditions << QStringLiteral("created_at >= ?");
        f.values << SqlDialect::timestamp(query.createdFrom);
    }
    if (query.createdTo.isValid()) {
        f.conditions << QStringLiteral("created_at < ?");
        f.values << SqlDialect::timestamp(query.createdTo);
    }
    return f;
}

/// The cursor carries the last row's sort value and id, so the next page starts strictly
/// after it (keyset pagination: no OFFSET, stable under inserts).
QString encodeCursor(const QVariant& sortValue, const QUuid& id, bool numeric)
{
    QJsonArray array;
    array.append(numeric ? QJsonValue(sortValue.toLongLong()) : QJsonValue(sortValue.toString()));
    array.append(id.toString(QUuid::WithoutBraces));
    return QString::fromLatin1(QJsonDocument(array)
                                   .toJson(QJsonDocument::Compact)
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

std::optional<std::pair<QVariant, QString>> decodeCursor(const PageCursor& cursor, bool numeric)
{
    const auto decoded = QByteArray::fromBase64Encoding(
        cursor.token.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    const QJsonDocument doc = QJsonDocument::fromJson(*decoded);
    const QJsonArray array = doc.array();
    if (array.size() != 2 || !array.at(1).isString() || QUuid::fromString(array.at(1).toString()).isNull())
        return std::nullopt;
    if (numeric != array.at(0).isDouble() || (!numeric && !array.at(0).isString()))
        return std::nullopt;
    const QVariant value = numeric ? QVariant(qint64(array.at(0).toDouble())) : QVariant(array.at(0).toString());
    return std::make_pair(value, array.at(1).toString());
}

/// A timestamp expression as selected (see SqlDialect::timestampColumn), without an alias so
/// that it can name a qualified column.
QString timestampValue(const SqlDialect& dialect, const QString& column)
{
    return dialect.isPostgres() ? QStringLiteral("(extract(epoch from %1) * 1000)::bigint").arg(column) : column;
}

/// The session columns in the order sessionFromRow() reads them, from `sessions s` joined with
/// `customers c` and (left) `devices d`.
QString sessionColumns(const SqlDialect& dialect)
{
    auto ts = [&dialect](const char* column) { return timestampValue(dialect, QLatin1String(column)); };
    return QStringLiteral("s.id, s.customer_id, s.device_id, c.email, d.name, d.device_type, s.ip, s.user_agent, "
                          "s.country, ") +
           ts("s.created_at") + QStringLiteral(", ") + ts("s.last_seen_at") + QStringLiteral(", ") +
           ts("s.expires_at") + QStringLiteral(", ") + ts("s.revoked_at") +
           QStringLiteral(", s.revoked_by, s.revoke_reason, s.revoke_note");
}

constexpr int sessionColumnCount = 16;

const QString& sessionJoins()
{
    static const QString joins = QStringLiteral(
        " FROM sessions s JOIN customers c ON c.id = s.customer_id LEFT JOIN devices d ON d.id = s.device_id");
    return joins;
}

Session sessionFromRow(const QSqlQuery& q)
{
    Session s;
    s.id = QUuid::fromString(q.value(0).toString());
    s.customerId = QUuid::fromString(q.value(1).toString());
    s.deviceId = QUuid::fromString(q.value(2).toString());
    s.customerEmail = q.value(3).toString();
    s.deviceName = q.value(4).toString();
    s.deviceType = q.value(5).toString();
    s.ip = q.value(6).toString();
    s.userAgent = q.value(7).toString();
    s.country = q.value(8).toString();
    s.createdAt = SqlDialect::timestampFrom(q.value(9));
    s.lastSeenAt = SqlDialect::timestampFrom(q.value(10));
    s.expiresAt = SqlDialect::timestampFrom(q.value(11));
    s.revokedAt = SqlDialect::timestampFrom(q.value(12));
    s.revokedBy = q.value(13).toString();
    if (!q.value(14).isNull())
        s.revokeReason = revokeReasonFromString(q.value(14).toString());
    s.revokeNote = q.value(15).toString();
    return s;
}

/// Adds the condition that `column` is the address or lies in the subnet `text` (nothing when
/// `text` is empty); InvalidInput when it is neither (see isValidIpFilter()).
Status addIpFilter(Filter& f, const QString& column, const QString& text, const SqlDialect& dialect)
{
    const QString ip = text.trimmed();
    if (!ip.isEmpty() && !isValidIpFilter(ip))
        return makeError(ErrorKind::InvalidInput,
                         QStringLiteral("filter 'ip': '%1' is not an IP address or a subnet").arg(ip));
    if (ip.contains(u'/')) {
        const QPair<QHostAddress, int> subnet = QHostAddress::parseSubnet(ip);
        if (subnet.first.isNull())
            return makeError(ErrorKind::InvalidInput, QStringLiteral("filter 'ip': '%1' is not a subnet").arg(ip));
        // The network address with its host bits cleared, as PostgreSQL's cidr requires.
        const QString cidr = subnet.first.toString() + u'/' + QString::number(subnet.second);
        f.conditions << (dialect.isPostgres() ? QStringLiteral("CAST(%1 AS inet) <<= CAST(? AS cidr)").arg(column)
                                              : QStringLiteral("idc_in_subnet(%1, ?) = 1").arg(column));
        f.values << cidr;
    } else if (!ip.isEmpty()) {
        const QHostAddress address(ip);
        if (address.isNull())
            return makeError(ErrorKind::InvalidInput, QStringLiteral("filter 'ip': '%1' is not an IP address").arg(ip));
        f.conditions << column + QStringLiteral(" = ?");
        f.values << address.toString(); // canonical form, as addresses are stored
    }
    return Done{};
}

/// WHERE clause and values of a session query; InvalidInput for a filter no backend accepts.
Result<Filter> sessionFilterFor(const SessionQuery& query, const SqlDialect& dialect)
{
    Filter f;
    if (!query.customerId.isNull()) {
        f.conditions << QStringLiteral("s.customer_id = ?");
        f.values << query.customerId.toString(QUuid::WithoutBraces);
    }
    if (const QString email = query.customerEmail.trimmed(); !email.isEmpty()) {
        // E-mail addresses are stored lower-case (a CHECK says so): the unique index finds the one
        // customer, also where the statement does not join customers (the count).
        f.conditions << QStringLiteral("s.customer_id = (SELECT ce.id FROM customers ce WHERE ce.email = ?)");
        f.values << email.toLower();
    }
    if (query.activeOnly) {
        f.conditions << QStringLiteral("s.revoked_at IS NULL AND s.expires_at > ?");
        f.values << SqlDialect::timestamp(QDateTime::currentDateTimeUtc());
    }
    if (Status ip = addIpFilter(f, QStringLiteral("s.ip"), query.ipOrCidr, dialect); !ip)
        return ip.error();
    if (!query.country.isEmpty()) {
        f.conditions << QStringLiteral("s.country = ?");
        f.values << query.country.toUpper();
    }
    if (!query.deviceType.isEmpty()) {
        if (query.deviceType != u"mobile" && query.deviceType != u"desktop" && query.deviceType != u"tablet")
            return makeError(ErrorKind::InvalidInput,
                             QStringLiteral("filter 'device_type': expected mobile, desktop or tablet"));
        f.conditions << QStringLiteral("d.device_type = ?");
        f.values << query.deviceType;
    }
    if (query.createdFrom.isValid()) {
        f.conditions << QStringLiteral("s.created_at >= ?");
        f.values << SqlDialect::timestamp(query.createdFrom);
    }
    if (query.createdTo.isValid()) {
        f.conditions << QStringLiteral("s.created_at < ?");
        f.values << SqlDialect::timestamp(query.createdTo);
    }
    return f;
}

/// One session by id with its customer and device, or NotFound.
Result<Session> readSession(QSqlDatabase& db, const SqlDialect& dialect, const QString& id)
{
    BoundQuery query(
        db, QStringLiteral("SELECT ") + sessionColumns(dialect) + sessionJoins() + QStringLiteral(" WHERE s.id = ?"),
        {id});
    if (!query.ok())
        return query.error();
    if (!query.next())
        return makeError(ErrorKind::NotFound, QStringLiteral("session %1").arg(id));
    return sessionFromRow(query.query());
}

/// The device columns in the order deviceFromRow() reads them, from `devices d`, with the count of
/// its active sessions (the one bound value: now).
QString deviceColumns(const SqlDialect& dialect)
{
    auto ts = [&dialect](const char* column) { return timestampValue(dialect, QLatin1String(column)); };
    return QStringLiteral("d.id, d.customer_id, d.fingerprint, d.name, d.device_type, d.os, d.browser, d.last_ip, ") +
           ts("d.first_seen_at") + QStringLiteral(", ") + ts("d.last_seen_at") + QStringLiteral(", ") +
           ts("d.trusted_at") +
           QStringLiteral(", d.trusted, (SELECT COUNT(*) FROM sessions s WHERE s.device_id = d.id AND "
                          "s.revoked_at IS NULL AND s.expires_at > ?)");
}

Device deviceFromRow(const QSqlQuery& q)
{
    Device d;
    d.id = QUuid::fromString(q.value(0).toString());
    d.customerId = QUuid::fromString(q.value(1).toString());
    d.fingerprint = q.value(2).toString();
    d.name = q.value(3).toString();
    d.deviceType = q.value(4).toString();
    d.os = q.value(5).toString();
    d.browser = q.value(6).toString();
    d.lastIp = q.value(7).toString();
    d.firstSeenAt = SqlDialect::timestampFrom(q.value(8));
    d.lastSeenAt = SqlDialect::timestampFrom(q.value(9));
    d.trustedAt = SqlDialect::timestampFrom(q.value(10));
    d.trusted = SqlDialect::boolFrom(q.value(11));
    d.activeSessions = q.value(12).toInt();
    return d;
}

/// One device by id with its active session count at `now`, or NotFound.
Result<Device> readDevice(QSqlDatabase& db, const SqlDialect& dialect, const QString& id, const QDateTime& now)
{
    BoundQuery query(
        db, QStringLiteral("SELECT ") + deviceColumns(dialect) + QStringLiteral(" FROM devices d WHERE d.id = ?"),
        {SqlDialect::timestamp(now), id});
    if (!query.ok())
        return query.error();
    if (!query.next())
        return makeError(ErrorKind::NotFound, QStringLiteral("device %1").arg(id));
    return deviceFromRow(query.query());
}

/// InvalidInput unless `reason` suits an account action: at most Customer::maxReasonLength
/// characters, no U+0000, and not blank when `required`.
Status checkAccountActionReason(const QString& reason, bool required)
{
    if (required && reason.trimmed().isEmpty())
        return makeError(ErrorKind::InvalidInput, QStringLiteral("a reason is required"));
    if (reason.size() > Customer::maxReasonLength)
        return makeError(ErrorKind::InvalidInput,
                         QStringLiteral("reason longer than %1 characters").arg(Customer::maxReasonLength));
    if (reason.contains(QChar(0)))
        return makeError(ErrorKind::InvalidInput, QStringLiteral("reason contains U+0000"));
    return Done{};
}

/// One customer by id inside a write transaction, locked for the rest of it on PostgreSQL (SQLite
/// holds the write lock already); NotFound, or Conflict when its version is not `expectedVersion`.
Result<Customer> readCustomerForUpdate(QSqlDatabase& db, const SqlDialect& dialect, const QString& id,
                                       qint64 expectedVersion)
{
    BoundQuery query(db,
                     QStringLiteral("SELECT ") + customerColumns(dialect) +
                         QStringLiteral(" FROM customers WHERE id = ?") +
                         (dialect.isPostgres() ? QStringLiteral(" FOR UPDATE") : QString()),
                     {id});
    if (!query.ok())
        return query.error();
    if (!query.next())
        return makeError(ErrorKind::NotFound, QStringLiteral("customer %1").arg(id));
    Customer customer = customerFromRow(query.query());
    if (customer.version != expectedVersion)
        return makeError(ErrorKind::Conflict,
                         QStringLiteral("customer %1 changed since it was loaded (version %2, not %3); load it again")
                             .arg(id)
                             .arg(customer.version)
                             .arg(expectedVersion));
    return customer;
}

/// Applies `assignments` (with `values` for their placeholders) to the customer if it still has
/// `expectedVersion`, and advances its version and updated_at: the check and the change are one
/// statement. Conflict when no row had that version.
Status updateCustomerVersioned(QSqlDatabase& db, const QString& id, qint64 expectedVersion, const QDateTime& now,
                               const QString& assignments, QVariantList values)
{
    values << SqlDialect::timestamp(now) << id << expectedVersion;
    BoundQuery update(db,
                      QStringLiteral("UPDATE customers SET ") + assignments +
                          QStringLiteral(", version = version + 1, updated_at = ? WHERE id = ? AND version = ?"),
                      values);
    if (!update.ok())
        return update.error();
    if (update.query().numRowsAffected() != 1)
        return makeError(ErrorKind::Conflict, QStringLiteral("customer %1 changed since it was loaded").arg(id));
    return Done{};
}

/// Revokes the active sessions matching `condition` (one placeholder, bound to `value`), each with
/// `reason` and `note` and each audited as `session.revoke`, inside the caller's write transaction.
/// Returns how many it revoked (a session another transaction signed out meanwhile is skipped,
/// unaudited).
Result<int> revokeActiveSessions(QSqlDatabase& db, const SqlDialect& dialect, const Actor& actor,
                                 const QString& condition, const QString& value, const QUuid& customerId,
                                 RevokeReason reason, const QString& note, const QDateTime& now)
{
    const QString reasonText = toString(reason);
    const QVariant noteValue = note.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(note);
    QStringList sessionIds;
    {
        BoundQuery active(db,
                          QStringLiteral("SELECT id FROM sessions WHERE ") + condition +
                              QStringLiteral(" AND revoked_at IS NULL AND expires_at > ? ORDER BY id"),
                          {value, SqlDialect::timestamp(now)});
        if (!active.ok())
            return active.error();
        while (active.next())
            sessionIds << active.value(0).toString();
    }
    int revoked = 0;
    for (const QString& sessionId : std::as_const(sessionIds)) {
        {
            BoundQuery update(db,
                              QStringLiteral("UPDATE sessions SET revoked_at = ?, revoked_by = ?, revoke_reason = ?, "
                                             "revoke_note = ? WHERE id = ? AND revoked_at IS NULL"),
                              {SqlDialect::timestamp(now), actor.name, reasonText, noteValue, sessionId});
            if (!update.ok())
                return update.error();
            // Signed out by someone else since the SELECT (PostgreSQL reads committed rows): it is
            // theirs to audit, not ours.
            if (update.query().numRowsAffected() != 1)
                continue;
        }
        ++revoked;
        AuditEventDraft draft;
        draft.actor = actor.name;
        draft.actorRole = actor.role;
        draft.action = QStringLiteral("session.revoke");
        draft.resourceType = QStringLiteral("session");
        draft.resourceId = sessionId;
        draft.customerId = customerId;
        draft.reason = reasonText;
        draft.beforeState = QJsonObject{{QStringLiteral("revoked_at"), QJsonValue::Null}};
        draft.afterState = QJsonObject{
            {QStringLiteral("revoked_at"), now.toString(Qt::ISODateWithMs)},
            {QStringLiteral("revoke_reason"), reasonText},
            {QStringLiteral("revoke_note"), note.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(note)},
        };
        if (Result<AuditEvent> event = appendAuditEvent(db, dialect, draft, now); !event)
            return event.error();
    }
    return revoked;
}

/// The login event columns in the order loginEventFromRow() reads them, from `login_events e`
/// joined (left) with `devices d`.
QString loginEventColumns(const SqlDialect& dialect)
{
    return QStringLiteral("e.id, e.customer_id, e.email, ") + timestampValue(dialect, QStringLiteral("e.occurred_at")) +
           QStringLiteral(", e.ip, e.user_agent, e.device_id, d.name, e.country, e.city, e.latitude, e.longitude, "
                          "e.success, e.failure_reason, e.mfa_method");
}

constexpr int loginEventColumnCount = 15; // then the risk flags, then the sort value

const QString& loginEventJoins()
{
    static const QString joins = QStringLiteral(" FROM login_events e LEFT JOIN devices d ON d.id = e.device_id");
    return joins;
}

LoginEvent loginEventFromRow(const QSqlQuery& q)
{
    LoginEvent e;
    e.id = QUuid::fromString(q.value(0).toString());
    e.customerId = QUuid::fromString(q.value(1).toString());
    e.email = q.value(2).toString();
    e.occurredAt = SqlDialect::timestampFrom(q.value(3));
    e.ip = q.value(4).toString();
    e.userAgent = q.value(5).toString();
    e.deviceId = QUuid::fromString(q.value(6).toString());
    e.deviceName = q.value(7).toString();
    e.country = q.value(8).toString();
    e.city = q.value(9).toString();
    if (!q.value(10).isNull())
        e.latitude = q.value(10).toDouble();
    if (!q.value(11).isNull())
        e.longitude = q.value(11).toDouble();
    e.success = SqlDialect::boolFrom(q.value(12));
    if (!q.value(13).isNull())
        e.failureReason = loginFailureReasonFromString(q.value(13).toString());
    e.mfaMethod = q.value(14).toString();
    e.flags = RiskFlags::fromInt(q.value(loginEventColumnCount).toInt());
    return e;
}

/// The condition that the event `e` has `flag` under `thresholds`, and the values it binds.
/// Written once for both dialects: idc_km(), idc_epoch() and idc_shift() are C functions on
/// SQLite (SqlConnectionPool) and SQL functions on PostgreSQL (migration 0002). Every
/// subquery is correlated with `e` and walks an index (customer_id, occurred_at) or
/// (ip, occurred_at), so a page costs in proportion to its rows, not to the table.
std::pair<QString, QVariantList> riskCondition(RiskFlag flag, const RiskThresholds& thresholds)
{
    // `p` happened before `e`: earlier, or at the same millisecond with a smaller id.
    static const QString before = QStringLiteral("p.customer_id = e.customer_id AND p.occurred_at <= e.occurred_at AND "
                                                 "(p.occurred_at < e.occurred_at OR p.id < e.id)");
    switch (flag) {
    case RiskFlag::NewDevice:
        // The device was first seen with this login (or the login named no known device).
        return {QStringLiteral("(e.success AND e.customer_id IS NOT NULL AND "
                               "(d.id IS NULL OR d.first_seen_at >= e.occurred_at))"),
                {}};
    case RiskFlag::NewCountry:
        // Not the home country: a customer whose first attempts were an attacker's from abroad
        // does not raise it by signing in at home. Most logins come from a country seen before,
        // which the first subquery finds at once; the home country is a scalar subquery because
        // as NOT EXISTS PostgreSQL would hash the whole customers table for every page.
        return {QStringLiteral("(e.success AND e.customer_id IS NOT NULL AND e.country IS NOT NULL AND "
                               "NOT EXISTS (SELECT 1 FROM login_events p WHERE ") +
                    before +
                    QStringLiteral(" AND p.country = e.country) AND EXISTS (SELECT 1 FROM login_events p WHERE ") +
                    before +
                    QStringLiteral(") AND e.country <> (SELECT hc.country FROM customers hc WHERE hc.id = "
                                   "e.customer_id))"),
                {}};
    case RiskFlag::ImpossibleTravel:
        // km / hours > kmh, written as km * 3600 > kmh * seconds so that no time is divided by.
        return {QStringLiteral("(e.success AND e.customer_id IS NOT NULL AND e.latitude IS NOT NULL AND "
                               "e.longitude IS NOT NULL AND EXISTS (SELECT 1 FROM login_events t WHERE t.id = "
                               "(SELECT p.id FROM login_events p WHERE ") +
                    before +
                    QStringLiteral(" AND p.success ORDER BY p.occurred_at DESC, p.id DESC LIMIT 1) "
                                   "AND t.latitude IS NOT NULL AND t.longitude IS NOT NULL "
                                   "AND idc_km(t.latitude, t.longitude, e.latitude, e.longitude) > 0 "
                                   "AND idc_km(t.latitude, t.longitude, e.latitude, e.longitude) * 3600 > "
                                   "? * (idc_epoch(e.occurred_at) - idc_epoch(t.occurred_at))))"),
                {thresholds.impossibleTravelKmh}};
    case RiskFlag::FailureBurst: {
        // Some failure `b` from the IP at most one window after `e` closes a window, [b - W, b],
        // with enough failures; that window holds `e`. Both ranges walk the (ip, occurred_at) index.
        const int seconds = thresholds.burstWindowMinutes * 60;
        return {QStringLiteral("(NOT e.success AND EXISTS (SELECT 1 FROM login_events b WHERE b.ip = e.ip AND "
                               "NOT b.success AND b.occurred_at >= e.occurred_at AND "
                               "b.occurred_at <= idc_shift(e.occurred_at, ?) AND "
                               "(SELECT COUNT(*) FROM login_events c WHERE c.ip = b.ip AND NOT c.success AND "
                               "c.occurred_at >= idc_shift(b.occurred_at, ?) AND c.occurred_at <= b.occurred_at) "
                               ">= ?))"),
                {seconds, -seconds, thresholds.burstFailures}};
    }
    case RiskFlag::Lockout:
        return {QStringLiteral("(e.failure_reason = 'locked')"), {}};
    }
    return {QStringLiteral("(1 = 0)"), {}};
}

/// The risk flags of `e` as one integer (RiskFlags), and the values the expression binds.
std::pair<QString, QVariantList> riskFlagsExpression(const RiskThresholds& thresholds)
{
    QStringList terms;
    QVariantList values;
    for (RiskFlag flag : allRiskFlags) {
        auto [condition, bound] = riskCondition(flag, thresholds);
        terms << QStringLiteral("CASE WHEN %1 THEN %2 ELSE 0 END").arg(condition).arg(int(flag));
        values += bound;
    }
    return {u'(' + terms.join(QStringLiteral(" + ")) + u')', values};
}

/// WHERE clause and values of a login event query; InvalidInput for a filter no backend accepts.
Result<Filter> loginEventFilterFor(const LoginEventQuery& query, const SqlDialect& dialect)
{
    if (!query.thresholds.isValid())
        return makeError(ErrorKind::InvalidInput,
                         QStringLiteral("thresholds: travel 100 to 5000 km/h, burst 2 to 1000 failures "
                                        "within 1 to 1440 minutes"));
    Filter f;
    if (!query.customerId.isNull()) {
        f.conditions << QStringLiteral("e.customer_id = ?");
        f.values << query.customerId.toString(QUuid::WithoutBraces);
    }
    if (query.success)
        f.conditions << (*query.success ? QStringLiteral("e.success") : QStringLiteral("NOT e.success"));
    if (query.failureReason) {
        f.conditions << QStringLiteral("e.failure_reason = ?");
        f.values << toString(*query.failureReason);
    }
    if (Status ip = addIpFilter(f, QStringLiteral("e.ip"), query.ipOrCidr, dialect); !ip)
        return ip.error();
    if (!query.country.isEmpty()) {
        f.conditions << QStringLiteral("e.country = ?");
        f.values << query.country.toUpper();
    }
    if (query.from.isValid()) {
        f.conditions << QStringLiteral("e.occurred_at >= ?");
        f.values << SqlDialect::timestamp(query.from);
    }
    if (query.to.isValid()) {
        f.conditions << QStringLiteral("e.occurred_at < ?");
        f.values << SqlDialect::timestamp(query.to);
    }
    // Each required flag as its own condition, after the cheap ones, so that the planner
    // evaluates the subqueries only for rows that pass the rest.
    for (RiskFlag flag : allRiskFlags) {
        if (!query.requiredFlags.testFlag(flag))
            continue;
        auto [condition, bound] = riskCondition(flag, query.thresholds);
        f.conditions << condition;
        f.values += bound;
    }
    return f;
}

/// A statement from the thread's cache of prepared statements, executed with values bound
/// and finished when it goes out of scope (so the connection is free for the next one).

} // namespace

SqlBackend::SqlBackend(const ConnectionProfile& profile, const QString& password, QObject* parent)
    : IdentityBackend(parent)
    , m_pool(std::make_unique<SqlConnectionPool>(profile, password))
{
}

SqlBackend::SqlBackend(const ConnectionProfile& profile, const QString& password, int workerThreads, QObject* parent)
    : IdentityBackend(parent)
    , m_pool(std::make_unique<SqlConnectionPool>(profile, password, workerThreads))
{
}

SqlBackend::~SqlBackend() = default;

QFuture<Result<BackendInfo>> SqlBackend::open()
{
    return m_pool->run([dialect = m_pool->dialect()](QSqlDatabase& db) -> Result<BackendInfo> {
        Result<int> version = SchemaMigrator(dialect).migrate(db);
        if (!version)
            return version.error();
        BackendInfo info;
        info.kind = dialect.kind();
        info.schemaVersion = version.value();
        QSqlQuery query(db);
        const QString sql =
            dialect.isPostgres() ? QStringLiteral("SHOW server_version") : QStringLiteral("SELECT sqlite_version()");
        if (query.exec(sql) && query.next())
            info.serverVersion = (dialect.isPostgres() ? QStringLiteral("PostgreSQL ") : QStringLiteral("SQLite ")) +
                                 query.value(0).toString();
        return info;
    });
}

Result<SqlBackend::Statement> SqlBackend::customerSearchStatement(const CustomerQuery& customerQuery,
                                                                  const PageCursor& after, int limit,
                                                                  const SqlDialect& dialect)
{
    if (limit < 1 || limit > maxPageSize)
        return makeError(ErrorKind::InvalidInput, QStringLiteral("page size must be 1 to %1").arg(maxPageSize));
    if (customerQuery.text.trimmed().size() > CustomerQuery::maxTextLength)
        return makeError(ErrorKind::InvalidInput, QStringLiteral("search text too long"));
    Filter filter = filterFor(customerQuery, dialect);
    if (filter.matchesNothing)
        return Statement{}; // an empty statement: nothing can match
    const SortColumn sort = sortColumn(customerQuery.sortKey, dialect);
    const QString direction = customerQuery.descending ? QStringLiteral(" DESC") : QString();
    if (!after.isNull()) {
        const auto position = decodeCursor(after, sort.numeric);
        if (!position)
            return makeError(ErrorKind::InvalidInput, QStringLiteral("malformed page cursor"));
        filter.conditions
            << QStringLiteral("(%1, id) %2 (?, ?)").arg(sort.expression, customerQuery.descending ? u"<" : u">");
        filter.values << position->first << position->second;
    }
    // The page's ids first, then their rows: the inner query can be answered from an index
    // alone (see the migration's covering index), so the table is read for the page only.
    const QString order =
        QStringLiteral(" ORDER BY ") + sort.expression + direction + QStringLiteral(", id") + direction;
    // SQLite would walk the sort index and look up every row it passes, which costs most when
    // few rows match; a scan that sorts only the matches is quicker at the sizes it holds.
    // (Unary + keeps SQLite from using an index for the order.)
    const QString innerOrder =
        dialect.isPostgres() || customerQuery.text.trimmed().isEmpty()
            ? order
            : QStringLiteral(" ORDER BY +") + sort.expression + direction + QStringLiteral(", +id") + direction;
    Statement statement;
    statement.sql = QStringLiteral("SELECT ") + customerColumns(dialect) + QStringLiteral(", ") +
                    dialect.sortValueExpression(sort.expression, sort.timestamp) +
                    QStringLiteral(" AS sort_value FROM (SELECT id FROM customers") + filter.where() + innerOrder +
                    QStringLiteral(" LIMIT ?) AS page JOIN customers USING (id)") + order;
    statement.values = filter.values;
    statement.values << limit + 1; // one more than asked tells whether another page follows
    return statement;
}

QFuture<Result<CustomerPage>> SqlBackend::searchCustomers(const CustomerQuery& customerQuery, const PageCursor& after,
                                                          int limit)
{
    return m_pool->run(
        [customerQuery, after, limit, dialect = m_pool->dialect()](QSqlDatabase& db) -> Result<CustomerPage> {
            const SortColumn sort = sortColumn(customerQuery.sortKey, dialect);
            Result<Statement> statement = customerSearchStatement(customerQuery, after, limit, dialect);
            if (!statement)
                return statement.error();
            if (statement->sql.isEmpty())
                return CustomerPage{};
            BoundQuery query(db, statement->sql, statement->values);
            if (!query.ok())
                return query.error();
            CustomerPage page;
            QVariant lastSortValue;
            while (query.next()) {
                if (page.items.size() == limit) {
                    page.next.token = encodeCursor(lastSortValue, page.items.last().id, sort.numeric);
                    break;
                }
                page.items.append(customerFromRow(query.query()));
                lastSortValue = query.value(23);
            }
            return page;
        });
}

QFuture<Result<CustomerCount>> SqlBackend::countCustomers(const CustomerQuery& customerQuery, qint64 cap)
{
    return m_pool->run([customerQuery, cap, dialect = m_pool->dialect()](QSqlDatabase& db) -> Result<CustomerCount> {
        if (customerQuery.text.trimmed().size() > CustomerQuery::maxTextLength)
            return makeError(ErrorKind::InvalidInput, QStringLiteral("search text too long"));
        Filter filter = filterFor(customerQuery, dialect);
        if (filter.matchesNothing)
            return CustomerCount{};
        filter.values << cap + 1;
        const QString sql = QStringLiteral("SELECT COUNT(*) FROM (SELECT 1 FROM customers") + filter.where() +
                            QStringLiteral(" LIMIT ?) AS matches");
        BoundQuery query(db, sql, filter.values);
        if (!query.ok())
            return query.error();
        if (!query.next())
            return makeError(ErrorKind::Storage, QStringLiteral("COUNT returned no row"));
        const qint64 count = query.value(0).toLongLong();
        return CustomerCount{std::min(count, cap), count > cap};
    });
}

QFuture<Result<Customer>> SqlBackend::customer(const QUuid& id)
{
    return m_pool->run([id, dialect = m_pool->dialect()](QSqlDatabase& db) -> Result<Customer> {
        const QString sql =
            QStringLiteral("SELECT ") + customerColumns(dialect) + QStringLiteral(" FROM customers WHERE id = ?");
        BoundQuery query(db, sql, {id.toString(QUuid::WithoutBraces)});
        if (!query.ok())
            return query.error();
        if (!query.next())
            return makeError(ErrorKind::NotFound, QStringLiteral("customer %1").arg(id.toString(QUuid::WithoutBraces)));
        return customerFromRow(query.query());
    });
}

QFuture<Result<QList<Address>>> SqlBackend::addresses(const QUuid& customerId)
{
    return m_pool->run([customerId](QSqlDatabase& db) -> Result<QList<Address>> {
        const QString sql = QStringLiteral(
            "SELECT id, customer_id, tag, recipient, lines, city, region, postal_code, country, latitude, longitude, "
            "delivery_instructions, is_default_shipping, is_default_billing FROM addresses WHERE customer_id = ? "
            "ORDER BY is_default_shipping DESC, is_default_billing DESC, tag, id");
        BoundQuery query(db, sql, {customerId.toString(QUuid::WithoutBraces)});
        if (!query.ok())
            return query.error();
        QList<Address> list;
        bool any = false;
        while (query.next()) {
            any = true;
            Address a;
            a.id = QUuid::fromString(query.value(0).toString());
            a.customerId = QUuid::fromString(query.value(1).toString());
            a.tag = addressTagFromString(query.value(2).toString()).value_or(AddressTag::Other);
            a.recipient = query.value(3).toString();
            a.lines = query.value(4).toString();
            a.city = query.value(5).toString();
            a.region = query.value(6).toString();
            a.postalCode = query.value(7).toString();
            a.country = query.value(8).toString();
            if (!query.value(9).isNull())
                a.latitude = query.value(9).toDouble();
            if (!query.value(10).isNull())
                a.longitude = query.value(10).toDouble();
            a.deliveryInstructions = query.value(11).toString();
            a.defaultShipping = SqlDialect::boolFrom(query.value(12));
            a.defaultBilling = SqlDialect::boolFrom(query.value(13));
            list.append(a);
        }
        if (!any) {
            // No addresses and no customer are different answers: the latter is NotFound.
            BoundQuery exists(db, QStringLiteral("SELECT 1 FROM customers WHERE id = ?"),
                              {customerId.toString(QUuid::WithoutBraces)});
            if (!exists.ok())
                return exists.error();
            if (!exists.next())
                return makeError(ErrorKind::NotFound,
                                 QStringLiteral("customer %1").arg(customerId.toString(QUuid::WithoutBraces)));
        }
        return list;
    });
}

Actor SqlBackend::profileActor() const
{
    const QString name = m_pool->profile().operatorName.trimmed();
    return Actor{name.isEmpty() ? QStringLiteral("operator") : name, QStringLiteral("direct")};
}

QFuture<Status> SqlBackend::recordContactReveal(const QUuid& customerId)
{
    return recordContactReveal(profileActor(), customerId);
}

QFuture<Status> SqlBackend::recordContactReveal(const Actor& actor, const QUuid& customerId)
{
    return m_pool->run([actor, customerId, dialect = m_pool->dialect()](QSqlDatabase& db) -> Status {
        const QString id = customerId.toString(QUuid::WithoutBraces);
        if (Status begun = beginWriteTransaction(db, dialect); !begun)
            return begun;
        auto fail = [&](const Error& error) {
            rollbackWriteTransaction(db, dialect);
            return Status(error);
        };
        {
            BoundQuery exists(db, QStringLiteral("SELECT 1 FROM customers WHERE id = ?"), {id});
            if (!exists.ok())
                return fail(exists.error());
            if (!exists.next())
                return fail(makeError(ErrorKind::NotFound, QStringLiteral("customer %1").arg(id)));
        }
        AuditEventDraft draft;
        draft.actor = actor.name;
        draft.actorRole = actor.role;
        draft.action = QStringLiteral("pii.reveal");
        draft.resourceType = QStringLiteral("customer");
        draft.resourceId = id;
        draft.customerId = customerId;
        draft.afterState =
            QJsonObject{{QStringLiteral("fields"), QJsonArray{QStringLiteral("email"), QStringLiteral("phone")}}};
        if (Result<AuditEvent> event = appendAuditEvent(db, dialect, draft, QDateTime::currentDateTimeUtc()); !event)
            return fail(event.error());
        return commitWriteTransaction(db, dialect);
    });
}

QFuture<Status> SqlBackend::authorizeExport()
{
    // Whoever holds the database's credentials can read it all; the export is audited like any action.
    return QtFuture::makeReadyFuture(Status(Done{}));
}

QFuture<Result<AuditEvent>> SqlBackend::recordExport(const ExportRecord& record)
{
    return recordExport(profileActor(), record);
}

QFuture<Result<AuditEvent>> SqlBackend::recordExport(const Actor& actor, const ExportRecord& record)
{
    return m_pool->run([actor, record, dialect = m_pool->dialect()](QSqlDatabase& db) -> Result<AuditEvent> {
        if (!record.isValid())
            return makeError(ErrorKind::InvalidInput,
                             QStringLiteral("an export record needs a kind and a format that suit each other, a "
                                            "file name, counts and a SHA-256"));
        if (Status begun = beginWriteTransaction(db, dialect); !begun)
            return begun.error();
        AuditEventDraft draft;
        draft.actor = actor.name;
        draft.actorRole = actor.role;
        draft.action = QStringLiteral("export.create");
        draft.resourceType = QStringLiteral("export");
        draft.resourceId = record.fileName;
        draft.customerId = record.customerId;
        draft.afterState = QJsonObject{
            {QStringLiteral("what"), toString(record.kind)}, {QStringLiteral("format"), toString(record.format)},
            {QStringLiteral("filter"), record.filter},       {QStringLiteral("file"), record.fileName},
            {QStringLiteral("rows"), record.rows},           {QStringLiteral("bytes"), record.bytes},
            {QStringLiteral("sha256"), record.sha256},       {QStringLiteral("signing_key"), record.keyFingerprint},
        };
        Result<AuditEvent> event = appendAuditEvent(db, dialect, draft, QDateTime::currentDateTimeUtc());
        if (!event) {
            rollbackWriteTransaction(db, dialect);
            return event.error();
        }
        if (Status committed = commitWriteTransaction(db, dialect); !committed)
            return committed.error();
        return event;
    });
}

QFuture<Result<SessionPage>> SqlBackend::sessions(const SessionQuery& sessionQuery, const PageCursor& after, int limit)
{
    return m_pool->run(
        [sessionQuery, after, limit, dialect = m_pool->dialect()](QSqlDatabase& db) -> Result<SessionPage> {
            if (limit < 1 || limit > maxPageSize)
                return makeError(ErrorKind::InvalidInput, QStringLiteral("page size must be 1 to %1").arg(maxPageSize));
            Result<Filter> filtered = sessionFilterFor(sessionQuery, dialect);
            if (!filtered)
                return filtered.error();
            Filter filter = std::move(filtered).value();
            const QString sortExpression = QStringLiteral("s.created_at");
            if (!after.isNull()) {
                const auto position = decodeCursor(after, false);
                if (!position)
                    return makeError(ErrorKind::InvalidInput, QStringLiteral("malformed page cursor"));
                filter.conditions << QStringLiteral("(s.created_at, s.id) < (?, ?)");
                filter.values << position->first << position->second;
            }
            const QString sql = QStringLiteral("SELECT ") + sessionColumns(dialect) + QStringLiteral(", ") +
                                dialect.sortValueExpression(sortExpression, true) + QStringLiteral(" AS sort_value") +
                                sessionJoins() + filter.where() +
                                QStringLiteral(" ORDER BY s.created_at DESC, s.id DESC LIMIT ?");
            filter.values << limit + 1; // one more than asked tells whether another page follows
            BoundQuery query(db, sql, filter.values);
            if (!query.ok())
                return query.error();
            SessionPage page;
            QVariant lastSortValue;
            while (query.next()) {
                if (page.items.size() == limit) {
                    page.next.token = encodeCursor(lastSortValue, page.items.last().id, false);
                    break;
                }
                page.items.append(sessionFromRow(query.query()));
                lastSortValue = query.value(sessionColumnCount);
            }
            return page;
        });
}

QFuture<Result<CustomerCount>> SqlBackend::countSessions(const SessionQuery& sessionQuery, qint64 cap)
{
    return m_pool->run([sessionQuery, cap, dialect = m_pool->dialect()](QSqlDatabase& db) -> Result<CustomerCount> {
        Result<Filter> filtered = sessionFilterFor(sessionQuery, dialect);
        if (!filtered)
            return filtered.error();
        Filter filter = std::move(filtered).value();
        filter.values << cap + 1;
        const QString sql = QStringLiteral("SELECT COUNT(*) FROM (SELECT 1 FROM sessions s LEFT JOIN devices d ON "
                                           "d.id = s.device_id") +
                            filter.where() + QStringLiteral(" LIMIT ?) AS matches");
        BoundQuery query(db, sql, filter.values);
        if (!query.ok())
            return query.error();
        if (!query.next())
            return makeError(ErrorKind::Storage, QStringLiteral("COUNT returned no row"));
        const qint64 count = query.value(0).toLongLong();
        return CustomerCount{std::min(count, cap), count > cap};
    });
}

QFuture<Result<SessionRevocation>> SqlBackend::revokeSession(const QUuid& sessionId, RevokeReason reason,
                                                             const QString& note)
{
    return revokeSession(profileActor(), sessionId, reason, note);
}

QFuture<Result<SessionRevocation>> SqlBackend::revokeSession(const Actor& actor, const QUuid& sessionId,
                                                             RevokeReason reason, const QString& note)
{
    return m_pool->run([actor, sessionId, reason, note,
                        dialect = m_pool->dialect()](QSqlDatabase& db) -> Result<SessionRevocation> {
        if (reason == RevokeReason::SessionLimit)
            return makeError(ErrorKind::InvalidInput,
                             QStringLiteral("reason 'session_limit' is the backend's own; operators may not use it"));
        if (note.size() > Session::maxNoteLength)
            return makeError(ErrorKind::InvalidInput,
                             QStringLiteral("note longer than %1 characters").arg(Session::maxNoteLength));
        if (note.contains(QChar(0)))
            return makeError(ErrorKind::InvalidInput, QStringLiteral("note contains U+0000"));
        const QString id = sessionId.toString(QUuid::WithoutBraces);
        // Milliseconds, as stored and as the audit event and the API show it.
        const QDateTime now = QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);

        if (Status begun = beginWriteTransaction(db, dialect); !begun)
            return begun.error();
        auto fail = [&](const Error& error) -> Result<SessionRevocation> {
            rollbackWriteTransaction(db, dialect);
            return error;
        };
        int changed = 0;
        {
            BoundQuery update(db,
                              QStringLiteral("UPDATE sessions SET revoked_at = ?, revoked_by = ?, revoke_reason = ?, "
                                             "revoke_note = ? WHERE id = ? AND revoked_at IS NULL"),
                              {SqlDialect::timestamp(now), actor.name, toString(reason),
                               note.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(note), id});
            if (!update.ok())
                return fail(update.error());
            changed = update.query().numRowsAffected();
        }
        Result<Session> session = readSession(db, dialect, id);
        if (!session)
            return fail(session.error()); // NotFound when there is no such session
        if (changed == 0) {
            // Revoked before (by someone else, or by a retry of this request): nothing to record.
            rollbackWriteTransaction(db, dialect);
            return SessionRevocation{RevokeOutcome::AlreadyRevoked, std::move(session).value()};
        }

        AuditEventDraft draft;
        draft.actor = actor.name;
        draft.actorRole = actor.role;
        draft.action = QStringLiteral("session.revoke");
        draft.resourceType = QStringLiteral("session");
        draft.resourceId = id;
        draft.customerId = session->customerId;
        draft.reason = toString(reason);
        draft.beforeState = QJsonObject{{QStringLiteral("revoked_at"), QJsonValue::Null}};
        draft.afterState = QJsonObject{
            {QStringLiteral("revoked_at"), now.toString(Qt::ISODateWithMs)},
            {QStringLiteral("revoke_reason"), toString(reason)},
            {QStringLiteral("revoke_note"), note.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(note)},
        };
        if (Result<AuditEvent> event = appendAuditEvent(db, dialect, draft, now); !event)
            return fail(event.error());
        if (Status committed = commitWriteTransaction(db, dialect); !committed)
            return committed.error();
        return SessionRevocation{RevokeOutcome::Revoked, std::move(session).value()};
    });
}

QFuture<Result<QList<Device>>> SqlBackend::devices(const QUuid& customerId)
{
    return m_pool->run([customerId, dialect = m_pool->dialect()](QSqlDatabase& db) -> Result<QList<Device>> {
        const QString id = customerId.toString(QUuid::WithoutBraces);
        BoundQuery query(db,
                         QStringLiteral("SELECT ") + deviceColumns(dialect) +
                             QStringLiteral(" FROM devices d WHERE d.customer_id = ? ORDER BY d.last_seen_at DESC, "
                                            "d.id DESC"),
                         {SqlDialect::timestamp(QDateTime::currentDateTimeUtc()), id});
        if (!query.ok())
            return query.error();
        QList<Device> list;
        while (query.next())
            list.append(deviceFromRow(query.query()));
        if (list.isEmpty()) {
            // No devices and no customer are different answers: the latter is NotFound.
            BoundQuery exists(db, QStringLiteral("SELECT 1 FROM customers WHERE id = ?"), {id});
            if (!exists.ok())
                return exists.error();
            if (!exists.next())
                return makeError(ErrorKind::NotFound, QStringLiteral("customer %1").arg(id));
        }
        return list;
    });
}

QFuture<Result<Device>> SqlBackend::setDeviceTrusted(const QUuid& deviceId, bool trusted)
{
    return setDeviceTrusted(profileActor(), deviceId, trusted);
}

QFuture<Result<Device>> SqlBackend::setDeviceTrusted(const Actor& actor, const QUuid& deviceId, bool trusted)
{
    return m_pool->run([actor, deviceId, trusted, dialect = m_pool->dialect()](QSqlDatabase& db) -> Result<Device> {
        const QString id = deviceId.toString(QUuid::WithoutBraces);
        const QDateTime now = QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);

        if (Status begun = beginWriteTransaction(db, dialect); !begun)
            return begun.error();
        auto fail = [&](const Error& error) -> Result<Device> {
            rollbackWriteTransaction(db, dialect);
            return error;
        };
        Result<Device> device = readDevice(db, dialect, id, now);
        if (!device)
            return fail(device.error()); // NotFound when there is no such device
        if (device->trusted == trusted) {
            // Already so: nothing to change, nothing to record.
            rollbackWriteTransaction(db, dialect);
            return device;
        }
        {
            BoundQuery update(
                db, QStringLiteral("UPDATE devices SET trusted = ?, trusted_at = ? WHERE id = ?"),
                {trusted, trusted ? SqlDialect::timestamp(now) : QVariant(QMetaType(QMetaType::QString)), id});
            if (!update.ok())
                return fail(update.error());
        }
        AuditEventDraft draft;
        draft.actor = actor.name;
        draft.actorRole = actor.role;
        draft.action = trusted ? QStringLiteral("device.trust") : QStringLiteral("device.untrust");
        draft.resourceType = QStringLiteral("device");
        draft.resourceId = id;
        draft.customerId = device->customerId;
        draft.beforeState = QJsonObject{{QStringLiteral("trusted"), !trusted}};
        draft.afterState = QJsonObject{{QStringLiteral("trusted"), trusted}};
        if (Result<AuditEvent> event = appendAuditEvent(db, dialect, draft, now); !event)
            return fail(event.error());
        Result<Device> after = readDevice(db, dialect, id, now);
        if (!after)
            return fail(after.error());
        if (Status committed = commitWriteTransaction(db, dialect); !committed)
            return committed.error();
        return after;
    });
}

QFuture<Result<int>> SqlBackend::forgetDevice(const QUuid& deviceId, const QString& note)
{
    return forgetDevice(profileActor(), deviceId, note);
}

QFuture<Result<int>> SqlBackend::forgetDevice(const Actor& actor, const QUuid& deviceId, const QString& note)
{
    return m_pool->run([actor, deviceId, note, dialect = m_pool->dialect()](QSqlDatabase& db) -> Result<int> {
        if (note.size() > Device::maxNoteLength)
            return makeError(ErrorKind::InvalidInput,
                             QStringLiteral("note longer than %1 characters").arg(Device::maxNoteLength));
        if (note.contains(QChar(0)))
            return makeError(ErrorKind::InvalidInput, QStringLiteral("note contains U+0000"));
        const QString id = deviceId.toString(QUuid::WithoutBraces);
        const QDateTime now = QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);

        if (Status begun = beginWriteTransaction(db, dialect); !begun)
            return begun.error();
        auto fail = [&](const Error& error) -> Result<int> {
            rollbackWriteTransaction(db, dialect);
            return error;
        };
        Result<Device> device = readDevice(db, dialect, id, now);
        if (!device)
            return fail(device.error()); // NotFound when there is no such device

        Result<int> revoked = revokeActiveSessions(db, dialect, actor, QStringLiteral("device_id = ?"), id,
                                                   device->customerId, RevokeReason::DeviceRemoved, note, now);
        if (!revoked)
            return fail(revoked.error());
        {
            // The sessions keep their history; their device_id becomes NULL (ON DELETE SET NULL).
            BoundQuery remove(db, QStringLiteral("DELETE FROM devices WHERE id = ?"), {id});
            if (!remove.ok())
                return fail(remove.error());
        }
        AuditEventDraft draft;
        draft.actor = actor.name;
        draft.actorRole = actor.role;
        draft.action = QStringLiteral("device.forget");
        draft.resourceType = QStringLiteral("device");
        draft.resourceId = id;
        draft.customerId = device->customerId;
        draft.reason = note;
        draft.beforeState = deviceStateJson(*device);
        if (Result<AuditEvent> event = appendAuditEvent(db, dialect, draft, now); !event)
            return fail(event.error());
        if (Status committed = commitWriteTransaction(db, dialect); !committed)
            return committed.error();
        return *revoked;
    });
}

QFuture<Result<Customer>> SqlBackend::setCustomerStatus(const QUuid& customerId, qint64 expectedVersion,
                                                        CustomerStatus status, const QString& reason)
{
    return setCustomerStatus(profileActor(), customerId, expectedVersion, status, reason);
}

QFuture<Result<Customer>> SqlBackend::setCustomerStatus(const Actor& actor, const QUuid& customerId,
                                                        qint64 expectedVersion, CustomerStatus status,
                                                        const QString& reason)
{
    return m_pool->run([actor, customerId, expectedVersion, status, reason,
                        dialect = m_pool->dialect()](QSqlDatabase& db) -> Result<Customer> {
        if (status == CustomerStatus::Deleted)
            return makeError(ErrorKind::InvalidInput,
                             QStringLiteral("status 'deleted' is not an account action; suspend or activate"));
        if (Status valid = checkAccountActionReason(reason, true); !valid)
            return valid.error();
        const QString id = customerId.toString(QUuid::WithoutBraces);
        const QDateTime now = QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);

        if (Status begun = beginWriteTransaction(db, dialect); !begun)
            return begun.error();
        auto fail = [&](const Error& error) -> Result<Customer> {
            rollbackWriteTransaction(db, dialect);
            return error;
        };
        Result<Customer> before = readCustomerForUpdate(db, dialect, id, expectedVersion);
        if (!before)
            return fail(before.error()); // NotFound, or Conflict when it changed since it was loaded
        if (before->status == CustomerStatus::Deleted)
            return fail(makeError(ErrorKind::InvalidInput,
                                  QStringLiteral("customer %1 is deleted; its status cannot change").arg(id)));
        if (before->status == status)
            return fail(makeError(ErrorKind::InvalidInput,
                                  QStringLiteral("customer %1 is already %2").arg(id, toString(status))));
        if (Status updated =
                updateCustomerVersioned(db, id, expectedVersion, now, QStringLiteral("status = ?"), {toString(status)});
            !updated)
            return fail(updated.error());

        // A suspended customer must not stay signed in: their active sessions end in the same
        // transaction, each audited as a revoke would be.
        int revoked = 0;
        if (status == CustomerStatus::Suspended) {
            Result<int> ended =
                revokeActiveSessions(db, dialect, actor, QStringLiteral("customer_id = ?"), id, customerId,
                                     RevokeReason::AdminAction, QStringLiteral("Account suspended"), now);
            if (!ended)
                return fail(ended.error());
            revoked = *ended;
        }
        Result<Customer> after = readCustomerForUpdate(db, dialect, id, expectedVersion + 1);
        if (!after)
            return fail(after.error());

        AuditEventDraft draft;
        draft.actor = actor.name;
        draft.actorRole = actor.role;
        draft.action = status == CustomerStatus::Suspended ? QStringLiteral("customer.suspend")
                                                           : QStringLiteral("customer.activate");
        draft.resourceType = QStringLiteral("customer");
        draft.resourceId = id;
        draft.customerId = customerId;
        draft.reason = reason.trimmed();
        draft.beforeState = QJsonObject{{QStringLiteral("status"), toString(before->status)},
                                        {QStringLiteral("version"), before->version}};
        draft.afterState = QJsonObject{{QStringLiteral("status"), toString(after->status)},
                                       {QStringLiteral("version"), after->version},
                                       {QStringLiteral("sessions_revoked"), revoked}};
        if (Result<AuditEvent> event = appendAuditEvent(db, dialect, draft, now); !event)
            return fail(event.error());
        if (Status committed = commitWriteTransaction(db, dialect); !committed)
            return committed.error();
        return after;
    });
}

QFuture<Result<Customer>> SqlBackend::unlockCustomer(const QUuid& customerId, qint64 expectedVersion,
                                                     const QString& reason)
{
    return unlockCustomer(profileActor(), customerId, expectedVersion, reason);
}

QFuture<Result<Customer>> SqlBackend::unlockCustomer(const Actor& actor, const QUuid& customerId,
                                                     qint64 expectedVersion, const QString& reason)
{
    return m_pool->run([actor, customerId, expectedVersion, reason,
                        dialect = m_pool->dialect()](QSqlDatabase& db) -> Result<Customer> {
        if (Status valid = checkAccountActionReason(reason, false); !valid)
            return valid.error();
        const QString id = customerId.toString(QUuid::WithoutBraces);
        const QDateTime now = QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);

        if (Status begun = beginWriteTransaction(db, dialect); !begun)
            return begun.error();
        auto fail = [&](const Error& error) -> Result<Customer> {
            rollbackWriteTransaction(db, dialect);
            return error;
        };
        Result<Customer> before = readCustomerForUpdate(db, dialect, id, expectedVersion);
        if (!before)
            return fail(before.error()); // NotFound, or Conflict when it changed since it was loaded
        // A lock that has run out still counts: it is cleared along with the attempts.
        if (!before->lockedUntil.isValid() && before->failedLoginAttempts == 0)
            return fail(
                makeError(ErrorKind::InvalidInput,
                          QStringLiteral("customer %1 is not locked and has no failed sign-in attempts").arg(id)));
        if (Status updated = updateCustomerVersioned(
                db, id, expectedVersion, now, QStringLiteral("failed_login_attempts = 0, locked_until = NULL"), {});
            !updated)
            return fail(updated.error());
        Result<Customer> after = readCustomerForUpdate(db, dialect, id, expectedVersion + 1);
        if (!after)
            return fail(after.error());

        AuditEventDraft draft;
        draft.actor = actor.name;
        draft.actorRole = actor.role;
        draft.action = QStringLiteral("customer.unlock");
        draft.resourceType = QStringLiteral("customer");
        draft.resourceId = id;
        draft.customerId = customerId;
        draft.reason = reason.trimmed();
        draft.beforeState = QJsonObject{
            {QStringLiteral("failed_login_attempts"), before->failedLoginAttempts},
            {QStringLiteral("locked_until"), before->lockedUntil.isValid()
                                                 ? QJsonValue(before->lockedUntil.toUTC().toString(Qt::ISODateWithMs))
                                                 : QJsonValue(QJsonValue::Null)},
        };
        draft.afterState = QJsonObject{{QStringLiteral("failed_login_attempts"), 0},
                                       {QStringLiteral("locked_until"), QJsonValue::Null}};
        if (Result<AuditEvent> event = appendAuditEvent(db, dialect, draft, now); !event)
            return fail(event.error());
        if (Status committed = commitWriteTransaction(db, dialect); !committed)
            return committed.error();
        return after;
    });
}

QFuture<Result<AuditEventPage>> SqlBackend::auditEvents(const AuditQuery& auditQuery, const PageCursor& after,
                                                        int limit)
{
    return m_pool->run(
        [auditQuery, after, limit, dialect = m_pool->dialect()](QSqlDatabase& db) -> Result<AuditEventPage> {
            if (limit < 1 || limit > maxPageSize)
                return makeError(ErrorKind::InvalidInput, QStringLiteral("page size must be 1 to %1").arg(maxPageSize));
            qint64 beforeSeq = 0;
            if (!after.isNull()) {
                bool ok = false;
                beforeSeq = after.token.toLongLong(&ok);
                if (!ok || beforeSeq < 1)
                    return makeError(ErrorKind::InvalidInput, QStringLiteral("malformed page cursor"));
            }
            // One more than asked tells whether another page follows.
            Result<QList<AuditEvent>> rows = readAuditEventsNewestFirst(db, dialect, auditQuery, beforeSeq, limit + 1);
            if (!rows)
                return rows.error();
            AuditEventPage page;
            page.items = std::move(rows).value();
            if (page.items.size() > limit) {
                page.items.resize(limit);
                // The keyset is seq alone: it is unique and the order.
                page.next.token = QString::number(page.items.last().seq);
            }
            return page;
        });
}

QFuture<Result<AuditChainReport>> SqlBackend::verifyAuditChain()
{
    return m_pool->run([dialect = m_pool->dialect()](QSqlDatabase& db) -> Result<AuditChainReport> {
        return idc::verifyAuditChain(db, dialect);
    });
}

QFuture<Result<QStringList>> SqlBackend::customerCountries()
{
    return m_pool->run([](QSqlDatabase& db) -> Result<QStringList> {
        BoundQuery query(db, QStringLiteral("SELECT DISTINCT country FROM customers ORDER BY country"), {});
        if (!query.ok())
            return query.error();
        QStringList countries;
        while (query.next())
            countries << query.value(0).toString();
        return countries;
    });
}

Result<SqlBackend::Statement> SqlBackend::loginEventsStatement(const LoginEventQuery& eventQuery,
                                                               const PageCursor& after, int limit,
                                                               const SqlDialect& dialect)
{
    Result<Filter> filtered = loginEventFilterFor(eventQuery, dialect);
    if (!filtered)
        return filtered.error();
    Filter filter = std::move(filtered).value();
    if (!after.isNull()) {
        const auto position = decodeCursor(after, false);
        if (!position)
            return makeError(ErrorKind::InvalidInput, QStringLiteral("malformed page cursor"));
        filter.conditions << QStringLiteral("(e.occurred_at, e.id) < (?, ?)");
        filter.values << position->first << position->second;
    }
    // The flags in the select list are evaluated only for the rows the LIMIT lets through:
    // both databases read the (occurred_at, id) index backwards and stop.
    auto [flags, values] = riskFlagsExpression(eventQuery.thresholds);
    Statement statement;
    statement.sql = QStringLiteral("SELECT ") + loginEventColumns(dialect) + QStringLiteral(", ") + flags +
                    QStringLiteral(", ") + dialect.sortValueExpression(QStringLiteral("e.occurred_at"), true) +
                    QStringLiteral(" AS sort_value") + loginEventJoins() + filter.where() +
                    QStringLiteral(" ORDER BY e.occurred_at DESC, e.id DESC");
    statement.values = values + filter.values;
    if (limit > 0) {
        statement.sql += QStringLiteral(" LIMIT ?");
        statement.values << limit;
    }
    return statement;
}

QFuture<Result<LoginEventPage>> SqlBackend::loginEvents(const LoginEventQuery& eventQuery, const PageCursor& after,
                                                        int limit)
{
    return m_pool->run(
        [eventQuery, after, limit, dialect = m_pool->dialect()](QSqlDatabase& db) -> Result<LoginEventPage> {
            if (limit < 1 || limit > maxPageSize)
                return makeError(ErrorKind::InvalidInput, QStringLiteral("page size must be 1 to %1").arg(maxPageSize));
            // One more than asked tells whether another page follows.
            Result<Statement> statement = loginEventsStatement(eventQuery, after, limit + 1, dialect);
            if (!statement)
                return statement.error();
            BoundQuery query(db, statement->sql, statement->values);
            if (!query.ok())
                return query.error();
            LoginEventPage page;
            QVariant lastSortValue;
            while (query.next()) {
                if (page.items.size() == limit) {
                    page.next.token = encodeCursor(lastSortValue, page.items.last().id, false);
                    break;
                }
                page.items.append(loginEventFromRow(query.query()));
                lastSortValue = query.value(loginEventColumnCount + 1);
            }
            return page;
        });
}

QFuture<Result<CustomerCount>> SqlBackend::countLoginEvents(const LoginEventQuery& eventQuery, qint64 cap)
{
    return m_pool->run([eventQuery, cap, dialect = m_pool->dialect()](QSqlDatabase& db) -> Result<CustomerCount> {
        Result<Filter> filtered = loginEventFilterFor(eventQuery, dialect);
        if (!filtered)
            return filtered.error();
        Filter filter = std::move(filtered).value();
        filter.values << cap + 1;
        const QString sql = QStringLiteral("SELECT COUNT(*) FROM (SELECT 1") + loginEventJoins() + filter.where() +
                            QStringLiteral(" LIMIT ?) AS matches");
        BoundQuery query(db, sql, filter.values);
        if (!query.ok())
            return query.error();
        if (!query.next())
            return makeError(ErrorKind::Storage, QStringLiteral("COUNT returned no row"));
        const qint64 count = query.value(0).toLongLong();
        return CustomerCount{std::min(count, cap), count > cap};
    });
}

QFuture<Result<QList<LoginHistogramBin>>> SqlBackend::loginHistogram(const LoginEventQuery& eventQuery,
                                                                     HistogramBucket bucket)
{
    return m_pool->run(
        [eventQuery, bucket, dialect = m_pool->dialect()](QSqlDatabase& db) -> Result<QList<LoginHistogramBin>> {
            const bool hourly = bucket == HistogramBucket::Hour;
            const int maxDays = hourly ? 31 : 400;
            if (!eventQuery.from.isValid() || !eventQuery.to.isValid() || eventQuery.from >= eventQuery.to ||
                eventQuery.from.addDays(maxDays) < eventQuery.to)
                return makeError(ErrorKind::InvalidInput,
                                 QStringLiteral("histogram by %1: 'from' and 'to' must span at most %2 days")
                                     .arg(toString(bucket))
                                     .arg(maxDays));
            Result<Filter> filtered = loginEventFilterFor(eventQuery, dialect);
            if (!filtered)
                return filtered.error();
            const Filter filter = std::move(filtered).value();
            // The same text on both: "2026-11-23T14" for an hour, "2026-11-23" for a day (UTC).
            QString start;
            if (dialect.isPostgres())
                start = hourly ? QStringLiteral("to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24')")
                               : QStringLiteral("to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')");
            else
                start = hourly ? QStringLiteral("substr(e.occurred_at, 1, 13)")
                               : QStringLiteral("substr(e.occurred_at, 1, 10)");
            const QString sql = QStringLiteral("SELECT ") + start +
                                QStringLiteral(" AS bin, SUM(CASE WHEN e.success THEN 1 ELSE 0 END), "
                                               "SUM(CASE WHEN e.success THEN 0 ELSE 1 END)") +
                                loginEventJoins() + filter.where() + QStringLiteral(" GROUP BY bin ORDER BY bin");
            BoundQuery query(db, sql, filter.values);
            if (!query.ok())
                return query.error();
            QList<LoginHistogramBin> bins;
            while (query.next()) {
                const QString text = query.value(0).toString();
                LoginHistogramBin bin;
                bin.start = hourly ? QDateTime::fromString(text + QStringLiteral(":00:00Z"), Qt::ISODate)
                                   : QDateTime(QDate::fromString(text, Qt::ISODate), QTime(0, 0), Qt::UTC);
                bin.start = bin.start.toUTC();
                if (!bin.start.isValid())
                    return makeError(ErrorKind::Storage, QStringLiteral("unreadable histogram bin '%1'").arg(text));
                bin.successes = query.value(1).toLongLong();
                bin.failures = query.value(2).toLongLong();
                bins.append(bin);
            }
            return bins;
        });
}

} // namespace idc
