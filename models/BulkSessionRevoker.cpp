#include "BulkSessionRevoker.h"

#include "Async.h"
#include "DisplayFormat.h"
#include "IdentityBackend.h"

#include <QStringList>

namespace idc {

BulkSessionRevoker::BulkSessionRevoker(IdentityBackend* backend, QObject* parent)
    : QObject(parent)
    , m_backend(backend)
{
    qRegisterMetaType<BulkRevokeSummary>();
}

void BulkSessionRevoker::begin(RevokeReason reason, const QString& note, qint64 total)
{
    ++m_generation;
    m_running = true;
    m_reason = reason;
    m_note = note;
    m_total = total;
    m_taken = 0;
    m_next = {};
    m_summary = {};
    emit progress(0, m_total);
}

void BulkSessionRevoker::start(const QList<QUuid>& ids, RevokeReason reason, const QString& note)
{
    if (m_running)
        return;
    begin(reason, note, ids.size());
    m_fromQuery = false;
    m_pending = ids;
    nextSession();
}

void BulkSessionRevoker::start(const SessionQuery& query, qint64 confirmedCount, RevokeReason reason,
                               const QString& note)
{
    if (m_running)
        return;
    begin(reason, note, confirmedCount);
    m_fromQuery = true;
    m_query = query;
    m_query.activeOnly = true;
    m_pending.clear();
    nextPage();
}

void BulkSessionRevoker::cancel()
{
    if (m_running)
        m_summary.cancelled = true;
}

void BulkSessionRevoker::nextPage()
{
    if (m_summary.cancelled || !m_backend || m_taken >= m_total) {
        finish();
        return;
    }
    const quint64 generation = m_generation;
    // Keyset paging: the cursor stays valid while the sessions before it become inactive.
    whenFinished(m_backend->sessions(m_query, m_next, pageSize), this,
                 [this, generation](const Result<SessionPage>& page) {
                     if (generation != m_generation || !m_running)
                         return;
                     if (!page) {
                         m_summary.lastError = page.error();
                         m_summary.listFailed = true;
                         finish();
                         return;
                     }
                     for (const Session& s : page->items) {
                         if (m_taken >= m_total)
                             break;
                         m_pending.append(s.id);
                         ++m_taken;
                     }
                     m_next = page->next;
                     if (m_pending.isEmpty()) // fewer match now than were confirmed
                         m_next = {};
                     nextSession();
                 });
}

void BulkSessionRevoker::nextSession()
{
    if (m_summary.cancelled || !m_backend) {
        finish();
        return;
    }
    if (m_pending.isEmpty()) {
        if (m_fromQuery && !m_next.isNull() && m_taken < m_total)
            nextPage();
        else
            finish();
        return;
    }
    const QUuid sessionId = m_pending.takeFirst();
    const quint64 generation = m_generation;
    whenFinished(m_backend->revokeSession(sessionId, m_reason, m_note), this,
                 [this, generation](const Result<SessionRevocation>& revocation) {
                     if (generation != m_generation || !m_running)
                         return;
                     if (!revocation) {
                         ++m_summary.failed;
                         m_summary.lastError = revocation.error();
                         const ErrorKind kind = revocation.error().kind;
                         if (kind == ErrorKind::Unauthorized || kind == ErrorKind::Forbidden) {
                             m_summary.stopped = true;
                             emit progress(m_summary.done(), m_total);
                             finish();
                             return;
                         }
                     } else if (revocation->outcome == RevokeOutcome::AlreadyRevoked) {
                         ++m_summary.alreadyRevoked;
                     } else {
                         ++m_summary.revoked;
                     }
                     emit progress(m_summary.done(), m_total);
                     nextSession();
                 });
}

void BulkSessionRevoker::finish()
{
    if (!m_running)
        return;
    m_running = false;
    m_pending.clear();
    emit finished(m_summary);
}

QString BulkSessionRevoker::summaryText(const BulkRevokeSummary& summary)
{
    QStringList parts;
    // English plurals spelled out: the source language has no translation file of its own.
    if (summary.cancelled)
        parts << (summary.revoked == 1 ? tr("Stopped. Signed out 1 session.")
                                       : tr("Stopped. Signed out %n sessions.", nullptr, summary.revoked));
    else
        parts << (summary.revoked == 1 ? tr("Signed out 1 session.")
                                       : tr("Signed out %n sessions.", nullptr, summary.revoked));
    if (summary.alreadyRevoked > 0)
        parts << tr("%n had already been signed out.", nullptr, summary.alreadyRevoked);
    if (summary.failed > 0)
        parts << tr("%n could not be signed out: %1", nullptr, summary.failed)
                     .arg(DisplayFormat::errorMessage(summary.lastError.value_or(Error{})));
    if (summary.stopped)
        parts << tr("The rest were not tried.");
    if (summary.listFailed)
        parts << tr("The sessions to sign out could not be listed: %1")
                     .arg(DisplayFormat::errorMessage(summary.lastError.value_or(Error{})));
    return parts.join(u' ');
}

} // namespace idc
