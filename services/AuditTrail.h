#pragma once

#include "AuditEvent.h"
#include "Result.h"
#include "SqlDialect.h"

#include <QDateTime>
#include <QJsonObject> // states are built as objects by every caller
#include <QJsonValue>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QUuid>

namespace idc {

/// What an operator action records in the audit trail; appendAuditEvent() adds the id, the time
/// and the chain hashes.
struct AuditEventDraft
{
    QString actor;        ///< the operator's name; required
    QString actorRole;    ///< support_agent, security_officer, admin…; required
    QString action;       ///< session.revoke, customer.unlock, mfa.reset, pii.reveal, export.create…; required
    QString resourceType; ///< customer, session, export…; required
    QString resourceId;   ///< empty: NULL
    QUuid customerId;     ///< null: NULL
    QString reason;       ///< empty: NULL
    QJsonValue beforeState = QJsonValue::Null; ///< a JSON object, or Null
    QJsonValue afterState = QJsonValue::Null;  ///< a JSON object, or Null
};

/// The key of the PostgreSQL transaction-scoped advisory lock that serialises appends to the chain
/// ("idc.audt"). Anything else that writes audit_events rows on PostgreSQL must take it too.
inline constexpr qint64 auditChainAdvisoryLockKey = 0x6964632e61756474;

/// Begins a transaction in which appendAuditEvent() may be called, together with the change being
/// audited. SQLite: BEGIN IMMEDIATE, so the write lock (and with it the chain head) is held from the
/// start and a second writer waits for it (busy timeout; 10 s is set when the connection has none)
/// instead of reading the same head. PostgreSQL: an ordinary READ COMMITTED transaction; the
/// append takes an advisory lock. Finish it with commitWriteTransaction() or
/// rollbackWriteTransaction(), never with QSqlDatabase::commit()/rollback() directly (on SQLite
/// QSqlDatabase's own transaction bookkeeping is not used).
Status beginWriteTransaction(QSqlDatabase& db, const SqlDialect& dialect);

/// Commits a transaction begun by beginWriteTransaction(). When the commit fails, the transaction
/// is rolled back and nothing of it is kept.
Status commitWriteTransaction(QSqlDatabase& db, const SqlDialect& dialect);

/// Rolls back a transaction begun by beginWriteTransaction(); a failed action writes nothing.
void rollbackWriteTransaction(QSqlDatabase& db, const SqlDialect& dialect);

/// Appends one event to the hash chain and returns it as stored.
///
/// MUST run inside a transaction begun by beginWriteTransaction() on `db`, in the same transaction
/// as the change it records, so that the change and its event commit or vanish together; it
/// refuses (Internal) when `db` is not in such a transaction. On PostgreSQL the transaction must
/// be READ COMMITTED (the default): the chain head is read after the advisory lock is held, and a
/// REPEATABLE READ snapshot taken earlier could miss the latest event and fork the chain. The lock
/// is held until the transaction ends, so append the event as the last statement before
/// committing: concurrent audited changes wait for each other from that point on.
///
/// InvalidInput when actor, actorRole, action or resourceType is blank, when a state is neither a
/// JSON object nor Null, or when a text contains U+0000 or invalid UTF-16 (which PostgreSQL cannot
/// store). `now` becomes occurred_at (milliseconds, UTC).
Result<AuditEvent> appendAuditEvent(QSqlDatabase& db, const SqlDialect& dialect, const AuditEventDraft& draft,
                                    const QDateTime& now);

/// Which audit events readAuditEvents() returns: oldest first, one keyset page at a time.
struct AuditEventQuery
{
    QUuid customerId;    ///< null: every event
    qint64 afterSeq = 0; ///< the cursor: events with seq > afterSeq (the last seq of the previous page)
    int limit = 100;     ///< 1 … 1000
};

/// A page of stored audit events in chain order, as they are (not verified; see verifyAuditChain()).
Result<QList<AuditEvent>> readAuditEvents(QSqlDatabase& db, const SqlDialect& dialect, const AuditEventQuery& query);

/// Events matching `query`, newest first (seq descending), with seq below `beforeSeq` (the cursor:
/// the last seq of the previous page; 0 starts at the newest); at most `limit` (1 … 1000). As
/// stored, not verified.
Result<QList<AuditEvent>> readAuditEventsNewestFirst(QSqlDatabase& db, const SqlDialect& dialect,
                                                     const AuditQuery& query, qint64 beforeSeq, int limit);

/// Re-reads the whole chain in seq order, streaming (constant memory), recomputes every row's hash
/// from its stored columns and checks that each prev_hash is the previous row's hash (the genesis
/// hash for the first); reports the first break.
///
/// Detected: a changed column in any row (that row); a deleted row in the middle or rows swapped
/// (the first row whose prev_hash no longer links); a changed row re-hashed to look consistent
/// (the row after it); a row added with a wrong prev_hash (that row).
///
/// Not detectable by a hash chain alone, because it has no secret and no outside anchor: deleting
/// the newest rows (the shorter chain is still consistent), and rewriting a row together with
/// every row after it, or appending a forged row with the right prev_hash. Record `lastSeq` and
/// `headHash` somewhere the database's writers cannot change (a signed export manifest, a ticket)
/// and compare them later to catch those.
Result<AuditChainReport> verifyAuditChain(QSqlDatabase& db, const SqlDialect& dialect);

namespace detail {

/// TEST ONLY: appendAuditEvent() without its serialisation (no advisory lock, no transaction
/// checks), pausing `pauseBeforeInsertMs` between reading the chain head and inserting. Exists only
/// so that the concurrency test can show it forks the chain on PostgreSQL (its negative control).
/// Never call it from product code.
Result<AuditEvent> appendAuditEventUnserialised(QSqlDatabase& db, const SqlDialect& dialect,
                                                const AuditEventDraft& draft, const QDateTime& now,
                                                int pauseBeforeInsertMs);

} // namespace detail

} // namespace idc
