#pragma once

#include "Result.h"
#include "Session.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QUuid>

#include <optional>

namespace idc {

class IdentityBackend;

/// What a bulk sign-out did, session by session.
struct BulkRevokeSummary
{
    int revoked = 0;
    int alreadyRevoked = 0; ///< signed out by someone (or something) else in the meantime
    int failed = 0;
    bool cancelled = false;
    bool listFailed = false; ///< the sessions to sign out could not be listed (lastError says why)
    bool stopped = false;    ///< stopped early because the backend refused the operator (401/403)
    std::optional<Error> lastError;

    int done() const { return revoked + alreadyRevoked + failed; }
};

/// Signs out many sessions one revoke after another: an explicit selection, or every active
/// session matching a SessionQuery (a customer's, or all from one IP). Each revoke is audited by
/// the backend on its own, so the audit trail names every session; a cancel takes effect before
/// the next revoke starts, and a failure is counted and the run goes on.
///
/// A query run walks the matching active sessions newest first and revokes at most the number the
/// operator confirmed; callers pin the query's createdTo to when they counted, so that sessions
/// started afterwards neither join the run nor push older confirmed ones out of it. A refusal of
/// the operator (Unauthorized, Forbidden) stops the run: the next revoke would be refused too.
class BulkSessionRevoker : public QObject
{
    Q_OBJECT

public:
    explicit BulkSessionRevoker(IdentityBackend* backend, QObject* parent = nullptr);

    /// Signs out the sessions in `ids`.
    void start(const QList<QUuid>& ids, RevokeReason reason, const QString& note);
    /// Signs out up to `confirmedCount` active sessions matching `query` (activeOnly is implied).
    void start(const SessionQuery& query, qint64 confirmedCount, RevokeReason reason, const QString& note);
    /// Stops before the next revoke; finished() follows once the one in flight has answered.
    void cancel();

    bool isRunning() const { return m_running; }
    /// How many sessions the run expects to sign out (the selection's or the confirmed count).
    qint64 total() const { return m_total; }
    const BulkRevokeSummary& summary() const { return m_summary; }

    /// One sentence for the operator: how many were signed out, were already, or failed and why.
    static QString summaryText(const BulkRevokeSummary& summary);

    /// How many sessions a query run fetches at a time.
    static constexpr int pageSize = 50;
    /// How many sessions one run signs out at most; a filter matching more is run again.
    static constexpr qint64 maxRun = 10000;

signals:
    void progress(int done, qint64 total);
    void finished(const idc::BulkRevokeSummary& summary);

private:
    void begin(RevokeReason reason, const QString& note, qint64 total);
    void nextPage();
    void nextSession();
    void finish();

    QPointer<IdentityBackend> m_backend;
    bool m_running = false;
    bool m_fromQuery = false;
    SessionQuery m_query;
    PageCursor m_next;
    QList<QUuid> m_pending;
    qint64 m_total = 0;
    qint64 m_taken = 0; ///< sessions taken from the query so far
    RevokeReason m_reason = RevokeReason::AdminAction;
    QString m_note;
    BulkRevokeSummary m_summary;
    quint64 m_generation = 0;
};

} // namespace idc

Q_DECLARE_METATYPE(idc::BulkRevokeSummary)
