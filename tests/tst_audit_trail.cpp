#include "AuditChain.h"
#include "AuditTrail.h"
#include "DemoDataGenerator.h"
#include "SchemaMigrator.h"
#include "SqlConnectionPool.h"
#include "TestDatabase.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>
#include <QThread>

#include <atomic>
#include <limits>
#include <memory>
#include <optional>

using namespace idc;

Q_DECLARE_METATYPE(idc::AuditEventDraft)
Q_DECLARE_METATYPE(idc::AuditChainBreak)

namespace {

using Rows = QList<QVariantList>;

/// The future's result, waited for without QFuture::result() (see tst_demo_generator.cpp).
template <typename T>
T awaited(QFuture<T> future)
{
    if (!QTest::qWaitFor([&future] { return future.isFinished(); }, 120000))
        qWarning("a database job took more than two minutes");
    return future.result();
}

QString errorText(const Error& error)
{
    return errorKindName(error.kind) + QStringLiteral(": ") + error.detail;
}

const QDateTime baseTime(QDate(2026, 3, 1), QTime(10, 0, 0, 123), Qt::UTC);

/// An event with everything the hash covers: non-ASCII text, nested objects, numbers.
AuditEventDraft sampleDraft(int i)
{
    AuditEventDraft draft;
    draft.actor = QStringLiteral("Nguyễn Thị Hồng %1").arg(i);
    draft.actorRole = QStringLiteral("support_agent");
    draft.action = QStringLiteral("session.revoke");
    draft.resourceType = QStringLiteral("session");
    draft.resourceId = QStringLiteral("5e1d0c2b-7a3f-4c8e-9d6b-%1").arg(i, 12, 10, QLatin1Char('0'));
    draft.customerId =
        QUuid(QStringLiteral("4f5a6b7c-8d9e-4f0a-9b2c-3d4e5f6a7b%1").arg(i % 100, 2, 10, QLatin1Char('0')));
    draft.reason =
        QStringLiteral("Khách báo mất điện thoại — Пётр сказал «украли» 🙂 #%1").arg(i);
    draft.beforeState =
        QJsonObject{{QStringLiteral("session"),
                     QJsonObject{{QStringLiteral("ip"), QStringLiteral("203.0.113.%1").arg(i)},
                                 {QStringLiteral("country"), QStringLiteral("VN")},
                                 {QStringLiteral("device"),
                                  QJsonObject{{QStringLiteral("name"), QStringLiteral("Điện thoại của Đào")},
                                              {QStringLiteral("trusted"), true}}}}},
                    {QStringLiteral("count"), i},
                    {QStringLiteral("ratio"), 0.25},
                    {QStringLiteral("revoked_at"), QJsonValue::Null}};
    draft.afterState = QJsonObject{{QStringLiteral("revoked"), true},
                                   {QStringLiteral("revoke_reason"), QStringLiteral("admin_action")},
                                   {QStringLiteral("note"), QStringLiteral("日本語のメモ %1").arg(i)},
                                   {QStringLiteral("nested"), QJsonObject{{QStringLiteral("list"), QJsonArray{1, 2, 3}},
                                                                          {QStringLiteral("n"), -42},
                                                                          {QStringLiteral("big"), qint64(1) << 40}}}};
    return draft;
}

/// The entry the chain hashes, built here independently of AuditTrail.cpp.
AuditChainEntry entryOf(const AuditEvent& event)
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

QVariant nullText()
{
    return QVariant(QMetaType(QMetaType::QString));
}

QVariant textOrNull(const QString& text)
{
    return text.isEmpty() ? nullText() : QVariant(text);
}

QVariant jsonText(const QJsonValue& value, QJsonDocument::JsonFormat format = QJsonDocument::Compact)
{
    return value.isObject() ? QVariant(QString::fromUtf8(QJsonDocument(value.toObject()).toJson(format))) : nullText();
}

/// The values of every column but seq, in the order of `allColumns`.
QVariantList columnValues(const AuditEvent& e)
{
    return {e.id.toString(QUuid::WithoutBraces),
            SqlDialect::timestamp(e.occurredAt),
            e.actor,
            e.actorRole,
            e.action,
            e.resourceType,
            textOrNull(e.resourceId),
            e.customerId.isNull() ? nullText() : QVariant(e.customerId.toString(QUuid::WithoutBraces)),
            textOrNull(e.reason),
            jsonText(e.beforeState),
            jsonText(e.afterState),
            e.prevHash,
            e.hash};
}

const QString allColumns = QStringLiteral("id, occurred_at, actor, actor_role, action, resource_type, resource_id, "
                                          "customer_id, reason, before_state, after_state, prev_hash, hash");

/// How a test alters the stored chain behind the audit trail's back.
enum class Tamper
{
    ChangeReason,
    ChangeAfterState,
    ChangeActor,
    ChangeOccurredAt,
    ClearCustomerId,
    ChangePrevHashOnly,
    DeleteMiddleRow,
    DeleteFirstRow,
    SwapRows,
    RehashChangedRow,
    AppendWithWrongPrevHash,
    ReformatJson,
    DeleteNewestRow,
    AppendWithRightPrevHash,
};

} // namespace

Q_DECLARE_METATYPE(Tamper)

/// The audit trail's writer, reader and verifier on a real database: the chain links, a failed
/// action leaves nothing, tampering is found where it happened, and concurrent writers on separate
/// connections never fork the chain.
class TestAuditTrail : public QObject
{
    Q_OBJECT

public:
    explicit TestAuditTrail(QString backend)
        : m_backend(std::move(backend))
    {
    }

private slots:
    void initTestCase()
    {
        m_database = std::make_unique<test::TestDatabase>(m_backend);
        QVERIFY2(m_database->isValid(), qPrintable(m_database->error()));
        // One worker per concurrent writer in concurrentWritersKeepOneChain().
        m_pool = std::make_unique<SqlConnectionPool>(m_database->profile(), m_database->password(), writers);
        Result<int> version = awaited(m_pool->run(
            [dialect = m_pool->dialect()](QSqlDatabase& db) { return SchemaMigrator(dialect).migrate(db); }));
        QVERIFY2(version.ok(), qPrintable(version.ok() ? QString() : errorText(version.error())));
    }

    void init()
    {
        // Each test starts a fresh chain.
        QVERIFY(exec(QStringLiteral("DELETE FROM audit_events")).ok());
    }

    void cleanupTestCase()
    {
        m_pool.reset(); // connections close before the database is dropped
        m_database.reset();
    }

    void emptyChainIsIntact()
    {
        const Result<AuditChainReport> report = verify();
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : errorText(report.error())));
        QVERIFY(report->intact);
        QCOMPARE(report->events, 0);
        QCOMPARE(report->firstBrokenSeq, -1);
        QCOMPARE(report->breakKind, AuditChainBreak::None);
        QVERIFY(report->problem.isEmpty());
        QCOMPARE(report->lastSeq, 0);
        QCOMPARE(report->headHash, auditGenesisHash());
    }

    void appendLinksAndReadsBack()
    {
        QList<AuditEvent> events;
        for (int i = 0; i < 3; ++i) {
            const AuditEventDraft draft = sampleDraft(i);
            const QDateTime now = baseTime.addSecs(i);
            const Result<AuditEvent> event = appendCommitted(draft, now);
            QVERIFY2(event.ok(), qPrintable(event.ok() ? QString() : errorText(event.error())));
            QVERIFY(event->seq > 0);
            QVERIFY(!event->id.isNull());
            QCOMPARE(event->occurredAt, now);
            QCOMPARE(event->occurredAt.timeSpec(), Qt::UTC);
            QCOMPARE(event->actor, draft.actor);
            QCOMPARE(event->actorRole, draft.actorRole);
            QCOMPARE(event->action, draft.action);
            QCOMPARE(event->resourceType, draft.resourceType);
            QCOMPARE(event->resourceId, draft.resourceId);
            QCOMPARE(event->customerId, draft.customerId);
            QCOMPARE(event->reason, draft.reason);
            QVERIFY(event->beforeState == draft.beforeState);
            QVERIFY(event->afterState == draft.afterState);
            QCOMPARE(event->prevHash, events.isEmpty() ? auditGenesisHash() : events.last().hash);
            QCOMPARE(event->hash, auditEventHash(event->prevHash, auditCanonicalFields(entryOf(event.value()))));
            if (!events.isEmpty())
                QVERIFY(event->seq > events.last().seq);
            events << event.value();
        }
        QCOMPARE(events.first().prevHash, QString(64, u'0'));

        // The reader gives back exactly what the writer returned.
        const Result<QList<AuditEvent>> read = readEvents({});
        QVERIFY2(read.ok(), qPrintable(read.ok() ? QString() : errorText(read.error())));
        QCOMPARE(read->size(), 3);
        for (int i = 0; i < 3; ++i) {
            compareEvents(read->at(i), events.at(i));
            if (QTest::currentTestFailed())
                return;
        }
        // And the raw columns hold the same hashes.
        const Result<Rows> raw = rows(QStringLiteral("SELECT seq, prev_hash, hash FROM audit_events ORDER BY seq"));
        QVERIFY(raw.ok());
        QCOMPARE(raw->size(), 3);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(raw->at(i).at(0).toLongLong(), events.at(i).seq);
            QCOMPARE(raw->at(i).at(1).toString(), events.at(i).prevHash);
            QCOMPARE(raw->at(i).at(2).toString(), events.at(i).hash);
        }

        const Result<AuditChainReport> report = verify();
        QVERIFY(report.ok());
        QVERIFY2(report->intact, qPrintable(report->problem));
        QCOMPARE(report->events, 3);
        QCOMPARE(report->lastSeq, events.last().seq);
        QCOMPARE(report->headHash, events.last().hash);
    }

    void readerPages()
    {
        QList<AuditEvent> events;
        for (int i = 0; i < 5; ++i) {
            AuditEventDraft draft = sampleDraft(i);
            draft.customerId = i % 2 == 0 ? QUuid(QStringLiteral("00000000-0000-4000-8000-000000000001")) : QUuid();
            const Result<AuditEvent> event = appendCommitted(draft, baseTime.addSecs(i));
            QVERIFY(event.ok());
            events << event.value();
        }
        AuditEventQuery query;
        query.limit = 2;
        QList<qint64> seen;
        for (int page = 0; page < 4; ++page) {
            const Result<QList<AuditEvent>> read = readEvents(query);
            QVERIFY(read.ok());
            QVERIFY(read->size() <= 2);
            if (read->isEmpty())
                break;
            for (const AuditEvent& event : read.value())
                seen << event.seq;
            query.afterSeq = read->last().seq;
        }
        QCOMPARE(seen, (QList<qint64>{events[0].seq, events[1].seq, events[2].seq, events[3].seq, events[4].seq}));

        AuditEventQuery ofCustomer;
        ofCustomer.customerId = events[0].customerId;
        const Result<QList<AuditEvent>> customerEvents = readEvents(ofCustomer);
        QVERIFY(customerEvents.ok());
        QCOMPARE(customerEvents->size(), 3);
        QCOMPARE(customerEvents->at(1).seq, events[2].seq);

        for (int limit : {0, 1001}) {
            AuditEventQuery invalid;
            invalid.limit = limit;
            const Result<QList<AuditEvent>> refused = readEvents(invalid);
            QVERIFY(!refused.ok());
            QCOMPARE(refused.error().kind, ErrorKind::InvalidInput);
        }
    }

    void jsonStatesRoundTrip_data()
    {
        QTest::addColumn<QJsonObject>("state");

        QTest::newRow("negative zero") << QJsonObject{{QStringLiteral("v"), -0.0}};
        QTest::newRow("1e300 (jsonb spells it out)") << QJsonObject{{QStringLiteral("v"), 1e300}};
        QTest::newRow("NaN and infinity (Qt writes null)")
            << QJsonObject{{QStringLiteral("nan"), std::numeric_limits<double>::quiet_NaN()},
                           {QStringLiteral("inf"), std::numeric_limits<double>::infinity()}};
        QTest::newRow("smallest denormal")
            << QJsonObject{{QStringLiteral("v"), std::numeric_limits<double>::denorm_min()}};
        QTest::newRow("2^53 + 1") << QJsonObject{{QStringLiteral("v"), qint64(9007199254740993)}};
        QTest::newRow("int64 min and max") << QJsonObject{{QStringLiteral("min"), std::numeric_limits<qint64>::min()},
                                                          {QStringLiteral("max"), std::numeric_limits<qint64>::max()}};
        QTest::newRow("fractions") << QJsonObject{{QStringLiteral("a"), 0.1},
                                                  {QStringLiteral("b"), 1.5e-7},
                                                  {QStringLiteral("c"), -2.5},
                                                  {QStringLiteral("d"), 1.0 / 3.0}};
        QTest::newRow("escapes") << QJsonObject{
            {QStringLiteral("v"), QStringLiteral("quote \" backslash \\ tab \t newline \n U+2028 \u2028 U+001F \x1f")}};
        QTest::newRow("outside the BMP") << QJsonObject{{QStringLiteral("🙂 khóa"), QStringLiteral("𝄞 Đào")}};
        QTest::newRow("keys jsonb orders differently")
            << QJsonObject{{QStringLiteral("bb"), 1}, {QStringLiteral("a"), 2}, {QStringLiteral("ccc"), 3}};
        QTest::newRow("empty object") << QJsonObject{};
        QTest::newRow("arrays, nulls, booleans")
            << QJsonObject{{QStringLiteral("a"), QJsonArray{1, QStringLiteral("x"), QJsonValue::Null, true,
                                                            QJsonObject{{QStringLiteral("b"), QJsonArray{}}}}}};
        QJsonObject deep{{QStringLiteral("leaf"), QStringLiteral("ở đây")}};
        for (int i = 0; i < 30; ++i)
            deep = QJsonObject{{QStringLiteral("level%1").arg(i), deep}};
        QTest::newRow("30 levels deep") << deep;
    }

    void jsonStatesRoundTrip()
    {
        QFETCH(QJsonObject, state);
        AuditEventDraft draft = sampleDraft(1);
        draft.beforeState = state;
        draft.afterState = QJsonObject{{QStringLiteral("wrapped"), state}};
        const Result<AuditEvent> event = appendCommitted(draft, baseTime);
        QVERIFY2(event.ok(), qPrintable(event.ok() ? QString() : errorText(event.error())));
        QCOMPARE(event->hash, auditEventHash(event->prevHash, auditCanonicalFields(entryOf(event.value()))));

        const Result<QList<AuditEvent>> read = readEvents({});
        QVERIFY(read.ok());
        QCOMPARE(read->size(), 1);
        compareEvents(read->first(), event.value());
        if (QTest::currentTestFailed())
            return;

        const Result<AuditChainReport> report = verify();
        QVERIFY(report.ok());
        QVERIFY2(report->intact, qPrintable(report->problem));

        // The value reads back as given, compared as the hash sees it (QJsonValue's == calls -0 and
        // 0 equal). The hash covers the value as it reads back in any case, so the chain verifies
        // even where a database re-formats.
        QCOMPARE(QJsonDocument(event->beforeState.toObject()).toJson(QJsonDocument::Compact),
                 QJsonDocument(state).toJson(QJsonDocument::Compact));
    }

    void failedActionWritesNothing()
    {
        const Result<AuditEvent> committed = appendCommitted(sampleDraft(0), baseTime);
        QVERIFY(committed.ok());

        // On one connection: an action that fails after its event was appended, then the next one.
        const Result<std::pair<AuditEvent, AuditEvent>> events = awaited(
            m_pool->run([dialect = m_pool->dialect()](QSqlDatabase& db) -> Result<std::pair<AuditEvent, AuditEvent>> {
                if (Status begun = beginWriteTransaction(db, dialect); !begun)
                    return begun.error();
                const Result<AuditEvent> failed = appendAuditEvent(db, dialect, sampleDraft(1), baseTime.addSecs(1));
                rollbackWriteTransaction(db, dialect); // the audited change failed after this point
                if (!failed)
                    return failed.error();

                if (Status begun = beginWriteTransaction(db, dialect); !begun)
                    return begun.error();
                const Result<AuditEvent> next = appendAuditEvent(db, dialect, sampleDraft(2), baseTime.addSecs(2));
                if (!next) {
                    rollbackWriteTransaction(db, dialect);
                    return next.error();
                }
                if (Status done = commitWriteTransaction(db, dialect); !done)
                    return done.error();
                return std::pair{failed.value(), next.value()};
            }));
        QVERIFY2(events.ok(), qPrintable(events.ok() ? QString() : errorText(events.error())));
        const auto& [rolledBack, next] = events.value();
        QCOMPARE(rolledBack.prevHash, committed->hash); // it had linked, and vanished
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM audit_events WHERE id = ?"),
                       {rolledBack.id.toString(QUuid::WithoutBraces)}),
                 0);
        QCOMPARE(next.prevHash, committed->hash);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM audit_events")), 2);

        const Result<AuditChainReport> report = verify();
        QVERIFY(report.ok());
        QVERIFY2(report->intact, qPrintable(report->problem));
        QCOMPARE(report->events, 2);
        QCOMPARE(report->headHash, next.hash);

        // A rolled back transaction without any append leaves the chain as it was, too.
        const Result<AuditEvent> after = appendCommitted(sampleDraft(3), baseTime.addSecs(3));
        QVERIFY(after.ok());
        QCOMPARE(after->prevHash, next.hash);
    }

    void invalidDraftIsRefused_data()
    {
        QTest::addColumn<AuditEventDraft>("draft");
        QTest::addColumn<QDateTime>("now");

        auto with = [](auto change) {
            AuditEventDraft draft = sampleDraft(7);
            change(draft);
            return draft;
        };
        QTest::newRow("no actor") << with([](AuditEventDraft& d) { d.actor.clear(); }) << baseTime;
        QTest::newRow("blank role") << with([](AuditEventDraft& d) { d.actorRole = QStringLiteral("  \t"); })
                                    << baseTime;
        QTest::newRow("no action") << with([](AuditEventDraft& d) { d.action.clear(); }) << baseTime;
        QTest::newRow("no resource type") << with([](AuditEventDraft& d) { d.resourceType.clear(); }) << baseTime;
        QTest::newRow("state is an array") << with([](AuditEventDraft& d) {
            d.beforeState = QJsonArray{1, 2};
        }) << baseTime;
        QTest::newRow("state is a string")
            << with([](AuditEventDraft& d) { d.afterState = QStringLiteral("revoked"); }) << baseTime;
        QTest::newRow("state is a number") << with([](AuditEventDraft& d) { d.afterState = 3; }) << baseTime;
        QTest::newRow("NUL in reason") << with([](AuditEventDraft& d) {
            d.reason = QStringLiteral("a") + QChar(u'\0') + QStringLiteral("b");
        }) << baseTime;
        QTest::newRow("NUL in a JSON key") << with([](AuditEventDraft& d) {
            d.afterState = QJsonObject{{QStringLiteral("k") + QChar(u'\0'), 1}};
        }) << baseTime;
        QTest::newRow("NUL in a nested JSON string") << with([](AuditEventDraft& d) {
            d.afterState = QJsonObject{{QStringLiteral("a"), QJsonArray{QString(QChar(u'\0'))}}};
        }) << baseTime;
        QTest::newRow("lone surrogate in actor")
            << with([](AuditEventDraft& d) { d.actor = QStringLiteral("x") + QChar(0xD800); }) << baseTime;
        QTest::newRow("no time") << sampleDraft(7) << QDateTime();
    }

    void invalidDraftIsRefused()
    {
        QFETCH(AuditEventDraft, draft);
        QFETCH(QDateTime, now);
        QVERIFY(appendCommitted(sampleDraft(0), baseTime).ok());

        const Result<AuditEvent> refused = appendCommitted(draft, now);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().kind, ErrorKind::InvalidInput);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM audit_events")), 1);
        const Result<AuditChainReport> report = verify();
        QVERIFY(report.ok());
        QVERIFY(report->intact);
    }

    void appendOutsideWriteTransactionIsRefused()
    {
        const Result<QList<ErrorKind>> kinds =
            awaited(m_pool->run([dialect = m_pool->dialect()](QSqlDatabase& db) -> Result<QList<ErrorKind>> {
                QList<ErrorKind> kinds;
                auto attempt = [&] {
                    const Result<AuditEvent> event = appendAuditEvent(db, dialect, sampleDraft(1), baseTime);
                    kinds << (event.ok() ? ErrorKind::Cancelled : event.error().kind); // Cancelled: "not refused"
                };
                attempt(); // no transaction at all
                if (dialect.isPostgres()) {
                    // REPEATABLE READ: a snapshot taken before the lock could miss the newest event.
                    if (!db.transaction())
                        return SqlDialect::errorFrom(db.lastError(), false);
                    QSqlQuery(db).exec(QStringLiteral("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"));
                    attempt();
                    db.rollback();
                } else {
                    // QSqlDatabase::transaction() is a deferred BEGIN: no write lock held.
                    if (!db.transaction())
                        return SqlDialect::errorFrom(db.lastError(), false);
                    attempt();
                    db.rollback();
                }
                return kinds;
            }));
        QVERIFY2(kinds.ok(), qPrintable(kinds.ok() ? QString() : errorText(kinds.error())));
        QCOMPARE(kinds.value(), (QList<ErrorKind>{ErrorKind::Internal, ErrorKind::Internal}));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM audit_events")), 0);
    }

    void tamperingIsDetected_data()
    {
        QTest::addColumn<Tamper>("tamper");
        QTest::addColumn<AuditChainBreak>("expectedBreak");
        QTest::addColumn<bool>("headChanges"); // whether comparing with a recorded head would notice

        QTest::newRow("reason of row 3 changed") << Tamper::ChangeReason << AuditChainBreak::RowChanged << false;
        QTest::newRow("after_state of row 2 changed")
            << Tamper::ChangeAfterState << AuditChainBreak::RowChanged << false;
        QTest::newRow("actor of the last row changed") << Tamper::ChangeActor << AuditChainBreak::RowChanged << false;
        QTest::newRow("occurred_at of row 1 moved 1 ms")
            << Tamper::ChangeOccurredAt << AuditChainBreak::RowChanged << false;
        QTest::newRow("customer_id of row 4 cleared")
            << Tamper::ClearCustomerId << AuditChainBreak::RowChanged << false;
        QTest::newRow("prev_hash of row 3 changed")
            << Tamper::ChangePrevHashOnly << AuditChainBreak::RowChanged << false;
        QTest::newRow("row 3 deleted") << Tamper::DeleteMiddleRow << AuditChainBreak::LinkBroken << false;
        QTest::newRow("row 1 deleted") << Tamper::DeleteFirstRow << AuditChainBreak::LinkBroken << false;
        QTest::newRow("rows 2 and 3 swapped") << Tamper::SwapRows << AuditChainBreak::LinkBroken << false;
        QTest::newRow("row 3 changed and re-hashed")
            << Tamper::RehashChangedRow << AuditChainBreak::LinkBroken << false;
        QTest::newRow("forged row with a wrong prev_hash")
            << Tamper::AppendWithWrongPrevHash << AuditChainBreak::LinkBroken << true;
        // Not tampering: the hash covers the JSON value, not its spelling.
        QTest::newRow("json re-formatted (same value)") << Tamper::ReformatJson << AuditChainBreak::None << false;
        // The limits of a chain without an outside anchor (documented on verifyAuditChain()).
        QTest::newRow("newest row deleted (chain alone cannot tell)")
            << Tamper::DeleteNewestRow << AuditChainBreak::None << true;
        QTest::newRow("forged row with the right prev_hash (chain alone cannot tell)")
            << Tamper::AppendWithRightPrevHash << AuditChainBreak::None << true;
    }

    void tamperingIsDetected()
    {
        QFETCH(Tamper, tamper);
        QFETCH(AuditChainBreak, expectedBreak);
        QFETCH(bool, headChanges);

        QList<AuditEvent> events;
        for (int i = 0; i < 5; ++i) {
            const Result<AuditEvent> event = appendCommitted(sampleDraft(i), baseTime.addSecs(i));
            QVERIFY(event.ok());
            events << event.value();
        }
        const Result<AuditChainReport> before = verify();
        QVERIFY(before.ok());
        QVERIFY(before->intact);
        const QString recordedHead = before->headHash;

        const Result<qint64> expectedSeq = applyTamper(tamper, events);
        QVERIFY2(expectedSeq.ok(), qPrintable(expectedSeq.ok() ? QString() : errorText(expectedSeq.error())));

        const Result<AuditChainReport> report = verify();
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : errorText(report.error())));
        QCOMPARE(report->events, count(QStringLiteral("SELECT COUNT(*) FROM audit_events")));
        QCOMPARE(report->breakKind, expectedBreak);
        QCOMPARE(report->firstBrokenSeq, expectedSeq.value());
        QCOMPARE(report->intact, expectedBreak == AuditChainBreak::None);
        if (!report->intact) {
            QVERIFY2(report->problem.contains(QStringLiteral("row %1 ").arg(expectedSeq.value())),
                     qPrintable(report->problem));
            qInfo("%s", qPrintable(report->problem));
        }
        QCOMPARE(report->headHash != recordedHead, headChanges);
    }

    void concurrentWritersKeepOneChain()
    {
        QElapsedTimer timer;
        timer.start();
        const Result<int> written = runWriters(eventsPerWriter, -1);
        QVERIFY2(written.ok(), qPrintable(written.ok() ? QString() : errorText(written.error())));
        const qint64 elapsed = timer.elapsed();
        QCOMPARE(written.value(), writers * eventsPerWriter);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM audit_events")), writers * eventsPerWriter);

        const Result<AuditChainReport> report = verify();
        QVERIFY(report.ok());
        QVERIFY2(report->intact, qPrintable(report->problem));
        QCOMPARE(report->events, writers * eventsPerWriter);

        const Result<Rows> forks =
            rows(QStringLiteral("SELECT prev_hash, COUNT(*) FROM audit_events GROUP BY prev_hash HAVING COUNT(*) > 1"));
        QVERIFY(forks.ok());
        QVERIFY2(forks->isEmpty(), qPrintable(QStringLiteral("%1 forks").arg(forks->size())));

        const Result<Rows> perWriter =
            rows(QStringLiteral("SELECT actor, COUNT(*) FROM audit_events GROUP BY actor ORDER BY actor"));
        QVERIFY(perWriter.ok());
        QCOMPARE(perWriter->size(), writers);
        for (const QVariantList& row : perWriter.value())
            QCOMPARE(row.at(1).toInt(), eventsPerWriter);

        // How much the writers interleaved (informative: a chain written one writer after the
        // other would have writers - 1 switches).
        const Result<Rows> actors = rows(QStringLiteral("SELECT actor FROM audit_events ORDER BY seq"));
        QVERIFY(actors.ok());
        int switches = 0;
        for (qsizetype i = 1; i < actors->size(); ++i)
            switches += actors->at(i).at(0) != actors->at(i - 1).at(0);
        qInfo("%d writers x %d events in %lld ms; %d writer switches along the chain", writers, eventsPerWriter,
              elapsed, switches);
    }

    void unserialisedWritersForkTheChain()
    {
        if (!m_pool->dialect().isPostgres())
            QSKIP("SQLite serialises writers by BEGIN IMMEDIATE; the unlocked variant is a PostgreSQL control");
        // The same load as concurrentWritersKeepOneChain(), without the advisory lock. First as is;
        // if the race never hits on this machine, with a pause between reading the head and
        // inserting to widen it.
        const int pauses[] = {0, 0, 0, 5, 20};
        int attempt = 0;
        for (int pause : pauses) {
            ++attempt;
            QVERIFY(exec(QStringLiteral("DELETE FROM audit_events")).ok());
            const Result<int> written = runWriters(10, pause);
            QVERIFY2(written.ok(), qPrintable(written.ok() ? QString() : errorText(written.error())));
            const Result<Rows> forks = rows(
                QStringLiteral("SELECT prev_hash, COUNT(*) FROM audit_events GROUP BY prev_hash HAVING COUNT(*) > 1"));
            QVERIFY(forks.ok());
            if (forks->isEmpty())
                continue;
            const Result<AuditChainReport> report = verify();
            QVERIFY(report.ok());
            QVERIFY(!report->intact); // and the verifier sees the fork
            QCOMPARE(report->breakKind, AuditChainBreak::LinkBroken);
            qInfo("unlocked writers forked the chain on attempt %d (pause %d ms): %lld prev_hash values shared; %s",
                  attempt, pause, qint64(forks->size()), qPrintable(report->problem));
            return;
        }
        QFAIL("unserialised writers never forked the chain: the concurrency test could not fail");
    }

    void sqliteSecondWriterWaits()
    {
        if (m_pool->dialect().isPostgres())
            QSKIP("SQLite's write lock; PostgreSQL writers wait on the advisory lock (see the concurrency tests)");
        // A writer holds the write lock for a while; a second connection opened without any busy
        // timeout (not from SqlConnectionPool) must wait for it in beginWriteTransaction() rather
        // than fail with "database is locked", then link to the first writer's event.
        auto holding = std::make_shared<std::atomic<bool>>(false);
        QFuture<Result<AuditEvent>> holder =
            m_pool->run([holding, dialect = m_pool->dialect()](QSqlDatabase& db) -> Result<AuditEvent> {
                if (Status begun = beginWriteTransaction(db, dialect); !begun)
                    return begun.error();
                Result<AuditEvent> event = appendAuditEvent(db, dialect, sampleDraft(1), baseTime);
                holding->store(true);
                QThread::msleep(300);
                if (!event) {
                    rollbackWriteTransaction(db, dialect);
                    return event;
                }
                if (Status committed = commitWriteTransaction(db, dialect); !committed)
                    return committed.error();
                return event;
            });
        const QString path = m_database->profile().sqlitePath;
        QFuture<Result<std::pair<AuditEvent, qint64>>> waiter = m_pool->run(
            [holding, path, dialect = m_pool->dialect()](QSqlDatabase&) -> Result<std::pair<AuditEvent, qint64>> {
                QDeadlineTimer deadline(10000);
                while (!holding->load() && !deadline.hasExpired())
                    QThread::msleep(1);
                const QString name = QStringLiteral("tst-audit-raw-") + QUuid::createUuid().toString();
                Result<std::pair<AuditEvent, qint64>> result = makeError(ErrorKind::Internal);
                {
                    QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
                    raw.setDatabaseName(path);
                    raw.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=0"));
                    if (!raw.open()) {
                        result = SqlDialect::errorFrom(raw.lastError(), true);
                    } else {
                        QElapsedTimer waited;
                        waited.start();
                        if (Status begun = beginWriteTransaction(raw, dialect); !begun) {
                            result = begun.error();
                        } else {
                            const qint64 waitedMs = waited.elapsed();
                            Result<AuditEvent> event = appendAuditEvent(raw, dialect, sampleDraft(2), baseTime);
                            Status committed = event ? commitWriteTransaction(raw, dialect) : Status(event.error());
                            if (!event)
                                rollbackWriteTransaction(raw, dialect);
                            result = committed
                                         ? Result<std::pair<AuditEvent, qint64>>(std::pair{event.value(), waitedMs})
                                         : Result<std::pair<AuditEvent, qint64>>(committed.error());
                        }
                    }
                    raw.close();
                }
                QSqlDatabase::removeDatabase(name);
                return result;
            });
        const Result<AuditEvent> first = awaited(holder);
        const Result<std::pair<AuditEvent, qint64>> second = awaited(waiter);
        QVERIFY2(first.ok(), qPrintable(first.ok() ? QString() : errorText(first.error())));
        QVERIFY2(second.ok(), qPrintable(second.ok() ? QString() : errorText(second.error())));
        QCOMPARE(second->first.prevHash, first->hash);
        QVERIFY2(second->second >= 150, qPrintable(QStringLiteral("waited %1 ms").arg(second->second)));
        const Result<AuditChainReport> report = verify();
        QVERIFY(report.ok());
        QVERIFY2(report->intact, qPrintable(report->problem));
    }

    void demoChainVerifiesAndExtends()
    {
        // The demo generator writes its chain in bulk with the same encoding; the verifier accepts
        // it and the first operator action links to its head. (Last: it fills the other tables.)
        DemoDataOptions options;
        options.customers = 200;
        options.loginEvents = 2000;
        options.referenceTime = QDateTime(QDate(2026, 2, 1), QTime(12, 0), Qt::UTC);
        const Result<DemoDataSummary> summary =
            awaited(m_pool->run([options, dialect = m_pool->dialect()](QSqlDatabase& db) {
                return DemoDataGenerator(options).generate(db, dialect);
            }));
        QVERIFY2(summary.ok(), qPrintable(summary.ok() ? QString() : errorText(summary.error())));
        QVERIFY(summary->auditEvents > 0);

        const Result<AuditChainReport> generated = verify();
        QVERIFY(generated.ok());
        QVERIFY2(generated->intact, qPrintable(generated->problem));
        QCOMPARE(generated->events, summary->auditEvents);

        const Result<AuditEvent> next = appendCommitted(sampleDraft(1), options.referenceTime.addSecs(60));
        QVERIFY(next.ok());
        QCOMPARE(next->prevHash, generated->headHash);
        const Result<AuditChainReport> extended = verify();
        QVERIFY(extended.ok());
        QVERIFY2(extended->intact, qPrintable(extended->problem));
        QCOMPARE(extended->events, summary->auditEvents + 1);
    }

private:
    static constexpr int writers = 8;
    static constexpr int eventsPerWriter = 25;

    /// `writers` workers, each on its own connection, each appending `perWriter` events in a
    /// transaction per event, all at once. `pauseMs` < 0: appendAuditEvent(); otherwise the
    /// unserialised test variant with that pause. Returns the number of events written.
    Result<int> runWriters(int perWriter, int pauseMs)
    {
        auto ready = std::make_shared<std::atomic<int>>(0);
        QList<QFuture<Result<int>>> futures;
        for (int w = 0; w < writers; ++w) {
            futures << m_pool->run(
                [w, perWriter, pauseMs, ready, dialect = m_pool->dialect()](QSqlDatabase& db) -> Result<int> {
                    // Start together (bounded, so a worker that never starts cannot hang the others).
                    ready->fetch_add(1);
                    QDeadlineTimer deadline(10000);
                    while (ready->load() < writers && !deadline.hasExpired())
                        QThread::msleep(1);
                    for (int i = 0; i < perWriter; ++i) {
                        AuditEventDraft draft = sampleDraft(i);
                        draft.actor = QStringLiteral("writer-%1").arg(w);
                        draft.reason = QStringLiteral("event %1 of writer %2").arg(i).arg(w);
                        const QDateTime now = QDateTime::currentDateTimeUtc();
                        if (Status begun = beginWriteTransaction(db, dialect); !begun)
                            return begun.error();
                        const Result<AuditEvent> event =
                            pauseMs < 0 ? appendAuditEvent(db, dialect, draft, now)
                                        : detail::appendAuditEventUnserialised(db, dialect, draft, now, pauseMs);
                        if (!event) {
                            rollbackWriteTransaction(db, dialect);
                            return event.error();
                        }
                        if (Status committed = commitWriteTransaction(db, dialect); !committed)
                            return committed.error();
                    }
                    return perWriter;
                });
        }
        int total = 0;
        std::optional<Error> firstError;
        for (const QFuture<Result<int>>& future : futures) {
            const Result<int> written = awaited(future);
            if (written)
                total += written.value();
            else if (!firstError)
                firstError = written.error();
        }
        if (firstError)
            return *firstError;
        return total;
    }

    /// Alters the chain of five `events` as `tamper` says; returns the seq the verifier must
    /// report (-1: none).
    Result<qint64> applyTamper(Tamper tamper, const QList<AuditEvent>& events)
    {
        auto update = [this](const QString& set, const QVariantList& values, qint64 seq) {
            return exec(QStringLiteral("UPDATE audit_events SET ") + set + QStringLiteral(" WHERE seq = ?"),
                        QVariantList(values) << seq);
        };
        auto done = [](const Status& status, qint64 seq) -> Result<qint64> {
            if (!status)
                return status.error();
            return seq;
        };
        auto forged = [](AuditEvent event, const QString& prevHash) {
            event.id = QUuid::createUuid();
            event.reason = QStringLiteral("forged");
            event.prevHash = prevHash;
            event.hash = auditEventHash(prevHash, auditCanonicalFields(entryOf(event)));
            return event;
        };
        switch (tamper) {
        case Tamper::ChangeReason:
            return done(update(QStringLiteral("reason = ?"), {QStringLiteral("nothing to see here")}, events[2].seq),
                        events[2].seq);
        case Tamper::ChangeAfterState:
            return done(
                update(QStringLiteral("after_state = ?"), {QStringLiteral("{\"revoked\":false}")}, events[1].seq),
                events[1].seq);
        case Tamper::ChangeActor:
            return done(update(QStringLiteral("actor = ?"), {QStringLiteral("someone else")}, events[4].seq),
                        events[4].seq);
        case Tamper::ChangeOccurredAt:
            return done(update(QStringLiteral("occurred_at = ?"),
                               {SqlDialect::timestamp(events[0].occurredAt.addMSecs(1))}, events[0].seq),
                        events[0].seq);
        case Tamper::ClearCustomerId:
            return done(update(QStringLiteral("customer_id = NULL"), {}, events[3].seq), events[3].seq);
        case Tamper::ChangePrevHashOnly:
            return done(update(QStringLiteral("prev_hash = ?"), {events[0].hash}, events[2].seq), events[2].seq);
        case Tamper::DeleteMiddleRow:
            return done(exec(QStringLiteral("DELETE FROM audit_events WHERE seq = ?"), {events[2].seq}), events[3].seq);
        case Tamper::DeleteFirstRow:
            return done(exec(QStringLiteral("DELETE FROM audit_events WHERE seq = ?"), {events[0].seq}), events[1].seq);
        case Tamper::DeleteNewestRow:
            return done(exec(QStringLiteral("DELETE FROM audit_events WHERE seq = ?"), {events[4].seq}), -1);
        case Tamper::SwapRows: {
            // id and hash are UNIQUE: park row 2 under placeholder values first.
            AuditEvent parked = events[1];
            parked.id = QUuid::createUuid();
            parked.hash = QStringLiteral("parked");
            if (Status s = overwriteRow(events[1].seq, parked); !s)
                return s.error();
            if (Status s = overwriteRow(events[2].seq, events[1]); !s)
                return s.error();
            return done(overwriteRow(events[1].seq, events[2]), events[1].seq);
        }
        case Tamper::RehashChangedRow: {
            AuditEvent changed = events[2];
            changed.reason = QStringLiteral("nothing to see here");
            changed.hash = auditEventHash(changed.prevHash, auditCanonicalFields(entryOf(changed)));
            return done(overwriteRow(changed.seq, changed), events[3].seq);
        }
        case Tamper::AppendWithWrongPrevHash: {
            const QString wrong =
                QString::fromLatin1(QCryptographicHash::hash("not the head", QCryptographicHash::Sha256).toHex());
            return insertRow(forged(events[4], wrong));
        }
        case Tamper::AppendWithRightPrevHash: {
            const Result<qint64> seq = insertRow(forged(events[4], events[4].hash));
            return seq ? Result<qint64>(-1) : seq;
        }
        case Tamper::ReformatJson:
            return done(update(QStringLiteral("before_state = ?"),
                               {jsonText(events[2].beforeState, QJsonDocument::Indented)}, events[2].seq),
                        -1);
        }
        return makeError(ErrorKind::Internal, QStringLiteral("unknown tamper"));
    }

    /// Overwrites every column but seq of row `seq` with `content`.
    Status overwriteRow(qint64 seq, const AuditEvent& content)
    {
        QString set = allColumns;
        set.replace(QStringLiteral(","), QStringLiteral(" = ?,"));
        return exec(QStringLiteral("UPDATE audit_events SET ") + set + QStringLiteral(" = ? WHERE seq = ?"),
                    columnValues(content) << seq);
    }

    /// Inserts `event` behind the audit trail's back; returns its seq.
    Result<qint64> insertRow(const AuditEvent& event)
    {
        const Result<Rows> inserted = rows(QStringLiteral("INSERT INTO audit_events (") + allColumns +
                                               QStringLiteral(") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                                                              "RETURNING seq"),
                                           columnValues(event));
        if (!inserted)
            return inserted.error();
        if (inserted->isEmpty())
            return makeError(ErrorKind::Internal, QStringLiteral("no seq returned"));
        return inserted->first().first().toLongLong();
    }

    void compareEvents(const AuditEvent& actual, const AuditEvent& expected)
    {
        QCOMPARE(actual.seq, expected.seq);
        QCOMPARE(actual.id, expected.id);
        QCOMPARE(actual.occurredAt, expected.occurredAt);
        QCOMPARE(actual.actor, expected.actor);
        QCOMPARE(actual.actorRole, expected.actorRole);
        QCOMPARE(actual.action, expected.action);
        QCOMPARE(actual.resourceType, expected.resourceType);
        QCOMPARE(actual.resourceId, expected.resourceId);
        QCOMPARE(actual.customerId, expected.customerId);
        QCOMPARE(actual.reason, expected.reason);
        QVERIFY(actual.beforeState == expected.beforeState);
        QVERIFY(actual.afterState == expected.afterState);
        QCOMPARE(actual.prevHash, expected.prevHash);
        QCOMPARE(actual.hash, expected.hash);
    }

    /// appendAuditEvent() in a write transaction of its own, committed unless it fails.
    Result<AuditEvent> appendCommitted(const AuditEventDraft& draft, const QDateTime& now)
    {
        return awaited(m_pool->run([draft, now, dialect = m_pool->dialect()](QSqlDatabase& db) -> Result<AuditEvent> {
            if (Status begun = beginWriteTransaction(db, dialect); !begun)
                return begun.error();
            Result<AuditEvent> event = appendAuditEvent(db, dialect, draft, now);
            if (!event) {
                rollbackWriteTransaction(db, dialect);
                return event;
            }
            if (Status committed = commitWriteTransaction(db, dialect); !committed)
                return committed.error();
            return event;
        }));
    }

    Result<AuditChainReport> verify()
    {
        return awaited(
            m_pool->run([dialect = m_pool->dialect()](QSqlDatabase& db) { return verifyAuditChain(db, dialect); }));
    }

    Result<QList<AuditEvent>> readEvents(const AuditEventQuery& query)
    {
        return awaited(m_pool->run(
            [query, dialect = m_pool->dialect()](QSqlDatabase& db) { return readAuditEvents(db, dialect, query); }));
    }

    /// Every row `sql` returns (a plain statement, not through the audit trail).
    Result<Rows> rows(const QString& sql, const QVariantList& values = {})
    {
        return awaited(m_pool->run([sql, values](QSqlDatabase& db) -> Result<Rows> {
            QSqlQuery query(db);
            query.setForwardOnly(true);
            if (!query.prepare(sql))
                return makeError(ErrorKind::Storage, query.lastError().text() + QStringLiteral(" in ") + sql);
            for (const QVariant& value : values)
                query.addBindValue(value);
            if (!query.exec())
                return makeError(ErrorKind::Storage, query.lastError().text() + QStringLiteral(" in ") + sql);
            Rows result;
            while (query.next()) {
                QVariantList row;
                for (int i = 0; i < query.record().count(); ++i)
                    row.append(query.value(i));
                result.append(row);
            }
            return result;
        }));
    }

    Status exec(const QString& sql, const QVariantList& values = {})
    {
        const Result<Rows> result = rows(sql, values);
        return result ? Status(Done{}) : Status(result.error());
    }

    qint64 count(const QString& sql, const QVariantList& values = {})
    {
        const Result<Rows> result = rows(sql, values);
        if (!result || result->isEmpty())
            return -1;
        return result->first().first().toLongLong();
    }

    QString m_backend;
    std::unique_ptr<test::TestDatabase> m_database;
    std::unique_ptr<SqlConnectionPool> m_pool;
};

int main(int argc, char** argv)
{
    const QString backend = test::TestDatabase::takeBackendArgument(argc, argv);
    QCoreApplication app(argc, argv);
    TestAuditTrail test(backend);
    return QTest::qExec(&test, argc, argv);
}

#include "tst_audit_trail.moc"
