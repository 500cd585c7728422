#include "AuditTrail.h"

#include "AuditChain.h"
#include "BoundQuery.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDriver>
#include <QThread>

#include <algorithm>

#include <sqlite3.h>

namespace idc {
namespace {

/// The busy timeout a write transaction waits for SQLite's write lock when the connection has none.
constexpr int sqliteBusyTimeoutMs = 10000;
constexpr int maxPageSize = 1000;

sqlite3* sqliteHandle(const QSqlDatabase& db)
{
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3* const*>(handle.constData());
}

/// Whether PostgreSQL can store `text` (no NUL) and it reads back as it was (valid UTF-16).
bool storable(const QString& text)
{
    return !text.contains(QChar(u'\0')) && text.isValidUtf16();
}

bool storable(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return storable(value.toString());
    case QJsonValue::Array: {
        const QJsonArray array = value.toArray();
        return std::all_of(array.begin(), array.end(), [](const QJsonValue& item) { return storable(item); });
    }
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!storable(it.key()) || !storable(it.value()))
                return false;
        }
        return true;
    }
    default:
        return true;
    }
}

Status validate(const AuditEventDraft& draft, const QDateTime& now)
{
    const struct
    {
        const char* name;
        const QString& value;
    } required[] = {{"actor", draft.actor},
                    {"actor_role", draft.actorRole},
                    {"action", draft.action},
                    {"resource_type", draft.resourceType}};
    for (const auto& field : required) {
        if (field.value.trimmed().isEmpty())
            return makeError(ErrorKind::InvalidInput,
                             QStringLiteral("audit event without %1").arg(QLatin1String(field.name)));
    }
    for (const QString* text :
         {&draft.actor, &draft.actorRole, &draft.action, &draft.resourceType, &draft.resourceId, &draft.reason}) {
        if (!storable(*text))
            return makeError(ErrorKind::InvalidInput, QStringLiteral("audit event text with NUL or invalid UTF-16"));
    }
    for (const QJsonValue* state : {&draft.beforeState, &draft.afterState}) {
        if (!state->isObject() && !state->isNull() && !state->isUndefined())
            return makeError(ErrorKind::InvalidInput, QStringLiteral("audit event state is not a JSON object"));
        if (!storable(*state))
            return makeError(ErrorKind::InvalidInput, QStringLiteral("audit event state with NUL or invalid UTF-16"));
    }
    if (!now.isValid())
        return makeError(ErrorKind::InvalidInput, QStringLiteral("audit event without a time"));
    return Done{};
}

QVariant nullText()
{
    return QVariant(QMetaType(QMetaType::QString));
}

QVariant textOrNull(const QString& text)
{
    return text.isEmpty() ? nullText() : QVariant(text);
}

QVariant idOrNull(const QUuid& id)
{
    return id.isNull() ? nullText() : QVariant(id.toString(QUuid::WithoutBraces));
}

/// A state as the json column stores it: compact JSON text, or NULL.
QVariant stateText(const QJsonValue& state)
{
    if (!state.isObject())
        return nullText();
    return QString::fromUtf8(QJsonDocument(state.toObject()).toJson(QJsonDocument::Compact));
}

/// A json column as read back. Text that is not a JSON object is kept as a JSON string: appends
/// only store objects, so such a row fails verification instead of silently reading as NULL.
QJsonValue stateFrom(const QVariant& column)
{
    if (column.isNull())
        return QJsonValue::Null;
    const QString text = column.toString();
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8());
    if (document.isObject())
        return document.object();
    return text;
}

AuditChainEntry chainEntry(const AuditEvent& event)
{
    AuditChainEntry entry;
    entry.id = event.id;
    entry.occurredAt = event.occurredAt;
    entry.actor = event.actor;
    entry.actorRole = event.actorRole;
    entry.action = event.action;
    entry.resourceType = event.resourceType;
    entry.resourceId = event.resourceId;
    entry.customerId = event.customerId;
    entry.reason = event.reason;
    entry.beforeState = event.beforeState;
    entry.afterState = event.afterState;
    return entry;
}

/// The columns eventFromRow() reads, in its order.
QString eventColumns(const SqlDialect& dialect)
{
    return QStringLiteral("seq, id, ") + dialect.timestampColumn(QStringLiteral("occurred_at")) +
           QStringLiteral(", actor, actor_role, action, resource_type, resource_id, customer_id, reason, "
                          "before_state, after_state, prev_hash, hash");
}

AuditEvent eventFromRow(const QSqlQuery& q)
{
    AuditEvent e;
    e.seq = q.value(0).toLongLong();
    e.id = QUuid::fromString(q.value(1).toString());
    e.occurredAt = SqlDialect::timestampFrom(q.value(2));
    e.actor = q.value(3).toString();
    e.actorRole = q.value(4).toString();
    e.action = q.value(5).toString();
    e.resourceType = q.value(6).toString();
    e.resourceId = q.value(7).toString();
    e.customerId = QUuid::fromString(q.value(8).toString());
    e.reason = q.value(9).toString();
    e.beforeState = stateFrom(q.value(10));
    e.afterState = stateFrom(q.value(11));
    e.prevHash = q.value(12).toString();
    e.hash = q.value(13).toString();
    return e;
}

Status execute(QSqlDatabase& db, const QString& sql)
{
    BoundQuery query(db, sql, {});
    if (!query.ok())
        return query.error();
    return Done{};
}

Error notInWriteTransaction()
{
    return makeError(ErrorKind::Internal,
                     QStringLiteral("appendAuditEvent() outside a transaction begun by beginWriteTransaction()"));
}

/// appendAuditEvent(), and with `serialise` false its unserialised test variant.
Result<AuditEvent> append(QSqlDatabase& db, const SqlDialect& dialect, const AuditEventDraft& draft,
                          const QDateTime& now, bool serialise, int pauseBeforeInsertMs)
{
    if (Status valid = validate(draft, now); !valid)
        return valid.error();

    const QVariant beforeText = stateText(draft.beforeState);
    const QVariant afterText = stateText(draft.afterState);
    QString prevHash;
    // The states as the database will give them back, which is what verification hashes.
    QVariant storedBefore = beforeText;
    QVariant storedAfter = afterText;

    if (dialect.isPostgres()) {
        QString transactionId;
        if (serialise) {
            // Held until the transaction ends: the next writer reads the head only after this
            // transaction's row is committed (or rolled back).
            BoundQuery lock(db,
                            QStringLiteral("SELECT pg_advisory_xact_lock(%1), txid_current()::text, "
                                           "current_setting('transaction_isolation')")
                                .arg(auditChainAdvisoryLockKey),
                            {});
            if (!lock.ok())
                return lock.error();
            if (!lock.next())
                return makeError(ErrorKind::Internal, QStringLiteral("no answer to the audit chain lock"));
            transactionId = lock.value(1).toString();
            if (lock.value(2).toString() != u"read committed")
                return makeError(ErrorKind::Internal,
                                 QStringLiteral("appendAuditEvent() needs a READ COMMITTED transaction, not ") +
                                     lock.value(2).toString());
        }
        // jsonb re-formats what it stores (key order, spacing, 1e+300 spelled out in 301 digits):
        // hash the states as they will read back, so that verification cannot depend on Qt and
        // PostgreSQL agreeing on a spelling. Same round trip as reading the head.
        BoundQuery head(db,
                        QStringLiteral("SELECT (SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1), "
                                       "CAST(CAST(? AS jsonb) AS text), CAST(CAST(? AS jsonb) AS text), "
                                       "txid_current()::text"),
                        {beforeText, afterText});
        if (!head.ok())
            return head.error();
        if (!head.next())
            return makeError(ErrorKind::Internal, QStringLiteral("no answer for the audit chain head"));
        // Outside a transaction block each statement is a transaction of its own: the lock above
        // would already be gone.
        if (serialise && head.value(3).toString() != transactionId)
            return notInWriteTransaction();
        prevHash = head.value(0).toString();
        storedBefore = head.value(1);
        storedAfter = head.value(2);
    } else {
        if (serialise) {
            // Holding the write lock means no other connection can append until this one commits,
            // and (WAL) that this transaction's snapshot is the newest.
            sqlite3* sqlite = sqliteHandle(db);
            if (!sqlite)
                return makeError(ErrorKind::Internal, QStringLiteral("no SQLite handle"));
            if (sqlite3_txn_state(sqlite, "main") != SQLITE_TXN_WRITE)
                return notInWriteTransaction();
        }
        BoundQuery head(db, QStringLiteral("SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1"), {});
        if (!head.ok())
            return head.error();
        if (head.next())
            prevHash = head.value(0).toString();
    }
    if (prevHash.isEmpty())
        prevHash = auditGenesisHash();

    if (pauseBeforeInsertMs > 0) {
        if (dialect.isPostgres()) {
            BoundQuery pause(db, QStringLiteral("SELECT pg_sleep(?)"), {pauseBeforeInsertMs / 1000.0});
            if (!pause.ok())
                return pause.error();
        } else {
            QThread::msleep(static_cast<unsigned long>(pauseBeforeInsertMs));
        }
    }

    AuditEvent event;
    event.id = QUuid::createUuid();
    event.occurredAt = now.toUTC();
    event.actor = draft.actor;
    event.actorRole = draft.actorRole;
    event.action = draft.action;
    event.resourceType = draft.resourceType;
    event.resourceId = draft.resourceId;
    event.customerId = draft.customerId;
    event.reason = draft.reason;
    event.beforeState = stateFrom(storedBefore);
    event.afterState = stateFrom(storedAfter);
    event.prevHash = prevHash;
    event.hash = auditEventHash(prevHash, auditCanonicalFields(chainEntry(event)));

    BoundQuery insert(db,
                      QStringLiteral("INSERT INTO audit_events (id, occurred_at, actor, actor_role, action, "
                                     "resource_type, resource_id, customer_id, reason, before_state, after_state, "
                                     "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq"),
                      {idOrNull(event.id), SqlDialect::timestamp(event.occurredAt), event.actor, event.actorRole,
                       event.action, event.resourceType, textOrNull(event.resourceId), idOrNull(event.customerId),
                       textOrNull(event.reason), beforeText, afterText, event.prevHash, event.hash});
    if (!insert.ok())
        return insert.error();
    if (!insert.next())
        return makeError(ErrorKind::Internal, QStringLiteral("the audit event insert returned no seq"));
    event.seq = insert.value(0).toLongLong();
    return event;
}

} // namespace

Status beginWriteTransaction(QSqlDatabase& db, const SqlDialect& dialect)
{
    if (dialect.isPostgres()) {
        if (!db.transaction())
            return SqlDialect::errorFrom(db.lastError(), false);
        return Done{};
    }
    // Connections from SqlConnectionPool have a busy timeout; others get one, or BEGIN IMMEDIATE
    // would fail at once with "database is locked" while another connection appends.
    int busyTimeoutMs = 0;
    {
        BoundQuery timeout(db, QStringLiteral("PRAGMA busy_timeout"), {});
        if (!timeout.ok())
            return timeout.error();
        if (timeout.next())
            busyTimeoutMs = timeout.value(0).toInt();
    }
    if (busyTimeoutMs <= 0) {
        if (Status set = execute(db, QStringLiteral("PRAGMA busy_timeout = %1").arg(sqliteBusyTimeoutMs)); !set)
            return set;
    }
    return execute(db, QStringLiteral("BEGIN IMMEDIATE"));
}

Status commitWriteTransaction(QSqlDatabase& db, const SqlDialect& dialect)
{
    if (dialect.isPostgres()) {
        // A failed COMMIT ends the transaction on PostgreSQL (QPSQL also reports a COMMIT that the
        // server answered with ROLLBACK as a failure).
        if (!db.commit())
            return SqlDialect::errorFrom(db.lastError(), false);
        return Done{};
    }
    Status committed = execute(db, QStringLiteral("COMMIT"));
    if (!committed)
        rollbackWriteTransaction(db, dialect); // SQLite keeps the transaction open after e.g. SQLITE_BUSY
    return committed;
}

void rollbackWriteTransaction(QSqlDatabase& db, const SqlDialect& dialect)
{
    if (dialect.isPostgres()) {
        db.rollback();
        return;
    }
    // Fails harmlessly when the transaction is already over.
    execute(db, QStringLiteral("ROLLBACK"));
}

Result<AuditEvent> appendAuditEvent(QSqlDatabase& db, const SqlDialect& dialect, const AuditEventDraft& draft,
                                    const QDateTime& now)
{
    return append(db, dialect, draft, now, true, 0);
}

Result<QList<AuditEvent>> readAuditEvents(QSqlDatabase& db, const SqlDialect& dialect, const AuditEventQuery& query)
{
    if (query.limit < 1 || query.limit > maxPageSize)
        return makeError(ErrorKind::InvalidInput, QStringLiteral("page size %1").arg(query.limit));
    QString sql =
        QStringLiteral("SELECT ") + eventColumns(dialect) + QStringLiteral(" FROM audit_events WHERE seq > ?");
    QVariantList values{query.afterSeq};
    if (!query.customerId.isNull()) {
        sql += QStringLiteral(" AND customer_id = ?");
        values << query.customerId.toString(QUuid::WithoutBraces);
    }
    sql += QStringLiteral(" ORDER BY seq LIMIT ?");
    values << query.limit;

    BoundQuery rows(db, sql, values);
    if (!rows.ok())
        return rows.error();
    QList<AuditEvent> events;
    while (rows.next())
        events.append(eventFromRow(rows.query()));
    if (rows.query().lastError().isValid())
        return SqlDialect::errorFrom(rows.query().lastError(), false);
    return events;
}

Result<QList<AuditEvent>> readAuditEventsNewestFirst(QSqlDatabase& db, const SqlDialect& dialect,
                                                     const AuditQuery& query, qint64 beforeSeq, int limit)
{
    if (limit < 1 || limit > maxPageSize)
        return makeError(ErrorKind::InvalidInput, QStringLiteral("page size %1").arg(limit));
    QStringList conditions;
    QVariantList values;
    if (beforeSeq > 0) {
        conditions << QStringLiteral("seq < ?");
        values << beforeSeq;
    }
    if (!query.customerId.isNull()) {
        conditions << QStringLiteral("customer_id = ?");
        values << query.customerId.toString(QUuid::WithoutBraces);
    }
    for (const auto& [column, value] :
         {std::pair{QStringLiteral("actor"), &query.actor}, std::pair{QStringLiteral("action"), &query.action},
          std::pair{QStringLiteral("resource_id"), &query.resourceId}}) {
        if (value->isEmpty())
            continue;
        conditions << column + QStringLiteral(" = ?");
        values << *value;
    }
    if (query.from.isValid()) {
        conditions << QStringLiteral("occurred_at >= ?");
        values << SqlDialect::timestamp(query.from);
    }
    if (query.to.isValid()) {
        conditions << QStringLiteral("occurred_at < ?");
        values << SqlDialect::timestamp(query.to);
    }
    QString sql = QStringLiteral("SELECT ") + eventColumns(dialect) + QStringLiteral(" FROM audit_events");
    if (!conditions.isEmpty())
        sql += QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
    sql += QStringLiteral(" ORDER BY seq DESC LIMIT ?");
    values << limit;

    BoundQuery rows(db, sql, values);
    if (!rows.ok())
        return rows.error();
    QList<AuditEvent> events;
    while (rows.next())
        events.append(eventFromRow(rows.query()));
    if (rows.query().lastError().isValid())
        return SqlDialect::errorFrom(rows.query().lastError(), false);
    return events;
}

Result<AuditChainReport> verifyAuditChain(QSqlDatabase& db, const SqlDialect& dialect)
{
    // One statement, so one snapshot; forward-only, so rows stream (QPSQL uses single-row mode)
    // instead of the whole table arriving at once.
    BoundQuery rows(
        db, QStringLiteral("SELECT ") + eventColumns(dialect) + QStringLiteral(" FROM audit_events ORDER BY seq"), {});
    if (!rows.ok())
        return rows.error();

    AuditChainReport report;
    report.headHash = auditGenesisHash();
    QString expectedPrevHash = auditGenesisHash();
    auto broken = [&report](qint64 seq, AuditChainBreak kind, QString problem) {
        report.intact = false;
        report.firstBrokenSeq = seq;
        report.breakKind = kind;
        report.problem = std::move(problem);
    };
    while (rows.next()) {
        const AuditEvent event = eventFromRow(rows.query());
        ++report.events;
        report.lastSeq = event.seq;
        report.headHash = event.hash;
        if (!report.intact)
            continue; // the first break is reported; the rest is only counted
        if (auditEventHash(event.prevHash, auditCanonicalFields(chainEntry(event))) != event.hash) {
            broken(event.seq, AuditChainBreak::RowChanged,
                   QStringLiteral("row %1 was changed: its hash does not match its contents").arg(event.seq));
        } else if (event.prevHash != expectedPrevHash) {
            broken(event.seq, AuditChainBreak::LinkBroken,
                   QStringLiteral("row %1 does not follow the row before it: its prev_hash does not match (a row "
                                  "before it is missing, reordered or was re-hashed)")
                       .arg(event.seq));
        }
        expectedPrevHash = event.hash;
    }
    if (rows.query().lastError().isValid())
        return SqlDialect::errorFrom(rows.query().lastError(), false);
    return report;
}

namespace detail {

Result<AuditEvent> appendAuditEventUnserialised(QSqlDatabase& db, const SqlDialect& dialect,
                                                const AuditEventDraft& draft, const QDateTime& now,
                                                int pauseBeforeInsertMs)
{
    return append(db, dialect, draft, now, false, pauseBeforeInsertMs);
}

} // namespace detail

} // namespace idc
