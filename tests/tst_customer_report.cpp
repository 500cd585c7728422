#include "ApiJson.h"
#include "BackendCaller.h"
#include "CustomerFixtures.h"
#include "CustomerReport.h"
#include "SqlConnectionPool.h"
#include "SqlDialect.h"
#include "TestBackend.h"

#include <QBuffer>
#include <QFutureWatcher>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QtConcurrent>

#include <atomic>

using namespace idc;

namespace {

/// Accepts `limit` bytes, then refuses every further one, like a full disk.
class FullDevice : public QIODevice
{
public:
    explicit FullDevice(qint64 limit)
        : m_limit(limit)
    {
    }

protected:
    qint64 readData(char*, qint64) override { return -1; }
    qint64 writeData(const char*, qint64 length) override
    {
        if (m_written + length > m_limit) {
            setErrorString(QStringLiteral("No space left on device"));
            return -1;
        }
        m_written += length;
        return length;
    }

private:
    qint64 m_limit;
    qint64 m_written = 0;
};

QStringList ids(const QJsonArray& array)
{
    QStringList result;
    for (const QJsonValue& value : array)
        result << value.toObject().value(QStringLiteral("id")).toString();
    return result;
}

template <typename T>
QStringList ids(const QList<T>& items)
{
    QStringList result;
    for (const T& item : items)
        result << item.id.toString(QUuid::WithoutBraces);
    return result;
}

} // namespace

/// The customer data report (GDPR access request) on every backend: collected page by page from a
/// worker thread through ThreadCaller while this thread runs the event loop (REST answers arrive
/// here), equal to what the backend's own list calls return; its JSON document; its PDF, read back
/// by pdftotext (poppler-utils, from install-deps.sh), with customer text escaped, not interpreted.
class TestCustomerReport : public QObject
{
    Q_OBJECT

public:
    explicit TestCustomerReport(QString backend)
        : m_backend(std::move(backend))
    {
    }

private slots:
    void initTestCase()
    {
        m_pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
        m_pdfinfo = QStandardPaths::findExecutable(QStringLiteral("pdfinfo"));
        if (m_pdftotext.isEmpty() || m_pdfinfo.isEmpty())
            QFAIL("pdftotext and pdfinfo read the report back (poppler-utils; install-deps.sh installs it)");

        m_testBackend = std::make_unique<test::TestBackend>(m_backend);
        Status opened = m_testBackend->open();
        QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().detail));
        Status inserted = test::insertFixtures(m_testBackend->direct().pool());
        QVERIFY2(inserted.ok(), qPrintable(inserted.ok() ? QString() : inserted.error().detail));

        // Customer 0 has addresses, devices and sessions; give them a name that is markup if not
        // escaped, in three scripts, and more sign-in attempts than one page holds.
        m_customer = test::fixtureCustomers().at(0).id;
        QVERIFY(m_testBackend->execute(QStringLiteral("UPDATE customers SET full_name = '%1' WHERE id = '%2'")
                                           .arg(trickyName(), m_customer.toString(QUuid::WithoutBraces))));
        QVERIFY2(insertLoginEvents(m_customer, 505), "cannot insert login events");

        // Audit events about the customer: a revoked session and a revealed contact.
        const Session active = firstActiveSession(m_customer);
        QVERIFY(!active.id.isNull());
        Result<SessionRevocation> revoked =
            backend()
                .revokeSession(active.id, RevokeReason::SecurityAlert, QStringLiteral("<i>stolen</i> & co"))
                .result();
        QVERIFY2(revoked.ok(), qPrintable(revoked.ok() ? QString() : revoked.error().detail));
        Status revealed = backend().recordContactReveal(m_customer).result();
        QVERIFY2(revealed.ok(), qPrintable(revealed.ok() ? QString() : revealed.error().detail));
    }

    void collectsEverything()
    {
        const Result<CustomerReportData> report = collect(m_customer);
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().detail));
        const CustomerReportData& data = report.value();

        QCOMPARE(data.customer.id, m_customer);
        QCOMPARE(data.customer.fullName, trickyName());
        QVERIFY(qAbs(data.generatedAt.secsTo(QDateTime::currentDateTimeUtc())) < 120);
        QCOMPARE(data.generatedAt.timeSpec(), Qt::UTC);

        Result<QList<Address>> addresses = backend().addresses(m_customer).result();
        QVERIFY(addresses.ok());
        QCOMPARE(ids(data.addresses), ids(*addresses));
        QCOMPARE(data.addresses.size(), 2);

        Result<QList<Device>> devices = backend().devices(m_customer).result();
        QVERIFY(devices.ok());
        QCOMPARE(ids(data.devices), ids(*devices));
        QCOMPARE(data.devices.size(), 2);

        const QList<Session> sessions = allSessions(m_customer);
        QCOMPARE(ids(data.sessions), ids(sessions));
        QVERIFY(data.sessions.size() >= 2);
        QVERIFY(std::any_of(data.sessions.cbegin(), data.sessions.cend(),
                            [](const Session& s) { return s.revokedAt.isValid(); })); // inactive ones too

        const QList<LoginEvent> logins = allLoginEvents(m_customer);
        QCOMPARE(logins.size(), 505);
        QCOMPARE(ids(data.loginEvents), ids(logins)); // two pages of 500

        const QList<AuditEvent> audit = allAuditEvents(m_customer);
        QCOMPARE(ids(data.auditEvents), ids(audit));
        QStringList actions;
        for (const AuditEvent& e : data.auditEvents)
            actions << e.action;
        QVERIFY2(actions.contains(QStringLiteral("session.revoke")), qPrintable(actions.join(u',')));
        QVERIFY2(actions.contains(QStringLiteral("pii.reveal")), qPrintable(actions.join(u',')));

        QCOMPARE(data.records(), qint64(1 + 2 + 2 + sessions.size() + logins.size() + audit.size()));
    }

    void jsonHasEverySection()
    {
        const Result<CustomerReportData> report = collect(m_customer);
        QVERIFY(report.ok());
        const CustomerReportData& data = report.value();
        // Through text and back, as a file would be read.
        const QJsonObject json = QJsonDocument::fromJson(QJsonDocument(toJson(data)).toJson()).object();

        QCOMPARE(json.value(QStringLiteral("report")).toString(), QStringLiteral("customer-data"));
        QCOMPARE(api::parseTimestamp(json.value(QStringLiteral("generated_at")).toString()), data.generatedAt.toUTC());
        QCOMPARE(json.value(QStringLiteral("customer")).toObject(), api::toJson(data.customer));
        QCOMPARE(json.value(QStringLiteral("customer")).toObject().value(QStringLiteral("full_name")).toString(),
                 trickyName());
        QCOMPARE(ids(json.value(QStringLiteral("addresses")).toArray()), ids(data.addresses));
        QCOMPARE(ids(json.value(QStringLiteral("devices")).toArray()), ids(data.devices));
        QCOMPARE(ids(json.value(QStringLiteral("sessions")).toArray()), ids(data.sessions));
        QCOMPARE(ids(json.value(QStringLiteral("login_events")).toArray()), ids(data.loginEvents));
        QCOMPARE(ids(json.value(QStringLiteral("audit_events")).toArray()), ids(data.auditEvents));
        // The API's own objects, member for member.
        QCOMPARE(json.value(QStringLiteral("sessions")).toArray().first().toObject(),
                 api::toJson(data.sessions.first()));
        QCOMPARE(json.value(QStringLiteral("audit_events")).toArray().first().toObject(),
                 api::toJson(data.auditEvents.first()));
        QCOMPARE(json.keys().size(), 8);

        // A customer without anything but the account still has every section.
        const Result<CustomerReportData> bare = collect(test::fixtureCustomers().at(10).id);
        QVERIFY2(bare.ok(), qPrintable(bare.ok() ? QString() : bare.error().detail));
        const QJsonObject bareJson = toJson(bare.value());
        for (const char* key : {"addresses", "devices", "sessions", "login_events", "audit_events"}) {
            QVERIFY2(bareJson.value(QLatin1String(key)).isArray(), key);
            QVERIFY2(bareJson.value(QLatin1String(key)).toArray().isEmpty(), key);
        }
        QCOMPARE(bare->records(), qint64(1));
    }

    void unknownCustomerIsNotFound()
    {
        const Result<CustomerReportData> report =
            collect(QUuid::fromString(QStringLiteral("ffffffff-0000-4000-8000-000000000000")));
        QVERIFY(!report.ok());
        QVERIFY2(report.error().kind == ErrorKind::NotFound, qPrintable(report.error().detail));
    }

    void cancelledFlagIsCancelled()
    {
        std::atomic_bool cancelled = true;
        const Result<CustomerReportData> report = collect(m_customer, &cancelled);
        QVERIFY(!report.ok());
        QVERIFY2(report.error().kind == ErrorKind::Cancelled, qPrintable(report.error().detail));
    }

    void cancelledWhileReading()
    {
        // Cancelled once the first call is under way: whatever page comes next is not asked for.
        std::atomic_bool cancelled = false;
        ThreadCaller<IdentityBackend> caller(&backend());
        QFuture<Result<CustomerReportData>> future =
            QtConcurrent::run([&] { return collectCustomerReport(caller, m_customer, cancelled); });
        cancelled = true;
        QTRY_VERIFY_WITH_TIMEOUT(future.isFinished(), 60000);
        QVERIFY(!future.result().ok());
        QVERIFY2(future.result().error().kind == ErrorKind::Cancelled, qPrintable(future.result().error().detail));
    }

    void pdfIsReadable()
    {
        const Result<CustomerReportData> report = collect(m_customer);
        QVERIFY(report.ok());
        const CustomerReportData data = report.value();

        // Written on a worker thread, as the console does.
        QBuffer buffer;
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        QFuture<Status> written = QtConcurrent::run([&] { return writeCustomerReportPdf(data, &buffer); });
        QTRY_VERIFY_WITH_TIMEOUT(written.isFinished(), 120000);
        QVERIFY2(written.result().ok(),
                 qPrintable(written.result().ok() ? QString() : written.result().error().detail));
        buffer.close();
        const QByteArray pdf = buffer.data();
        QVERIFY(pdf.startsWith("%PDF-"));

        const QString text = pdfText(pdf);
        // The title may wrap; the name is text, not markup, there and in the account table.
        QVERIFY2(text.simplified().contains(QStringLiteral("Personal data held about ") + trickyName()),
                 qPrintable(text.left(500)));
        QVERIFY(text.count(trickyName()) >= 1);
        const Session session = data.sessions.first();
        QVERIFY(!session.ip.isEmpty());
        QVERIFY2(text.contains(session.ip), qPrintable(session.ip));
        QVERIFY(text.contains(QStringLiteral("185.220.101.47")));
        QVERIFY(text.contains(QStringLiteral("alice.nguyen@example.com")));
        QVERIFY(text.contains(QStringLiteral("Hà Nội")));
        QVERIFY(text.contains(QStringLiteral("pii.reveal")));
        QVERIFY(text.contains(QStringLiteral("<i>stolen</i> & co")));
        QVERIFY(text.contains(QStringLiteral("Sessions (%1)").arg(data.sessions.size())));
        QVERIFY(text.contains(QStringLiteral("Sign-in attempts (505)")));
        QVERIFY(!text.contains(QStringLiteral("None.")));

        // Several pages, each numbered out of all.
        const QString pages = pdfInfo(pdf).value(QStringLiteral("Pages"));
        QVERIFY(pages.toInt() > 1);
        QVERIFY2(text.contains(QStringLiteral("Page 1 of ") + pages), qPrintable(pages));
        QVERIFY(text.contains(QStringLiteral("Page %1 of %1").arg(pages)));

        const QHash<QString, QString> info = pdfInfo(pdf);
        QCOMPARE(info.value(QStringLiteral("Title")), QStringLiteral("Personal data held about ") + trickyName());
        QCOMPARE(info.value(QStringLiteral("Creator")), QStringLiteral("Identity Console"));
    }

    void pdfOfEmptyListsSaysNone()
    {
        const Result<CustomerReportData> report = collect(test::fixtureCustomers().at(10).id);
        QVERIFY(report.ok());
        QBuffer buffer;
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        const Status written = writeCustomerReportPdf(report.value(), &buffer);
        QVERIFY2(written.ok(), qPrintable(written.ok() ? QString() : written.error().detail));
        const QString text = pdfText(buffer.data());
        QCOMPARE(text.count(QStringLiteral("None.")), 5);
        QVERIFY(text.contains(QStringLiteral("bob.brown2@example.com")));
        QVERIFY(text.contains(QStringLiteral("Page 1 of 1")));
    }

    void pdfToAFullDeviceIsStorage()
    {
        const Result<CustomerReportData> report = collect(m_customer);
        QVERIFY(report.ok());
        FullDevice device(4096);
        QVERIFY(device.open(QIODevice::WriteOnly));
        const Status written = writeCustomerReportPdf(report.value(), &device);
        QVERIFY(!written.ok());
        QVERIFY2(written.error().kind == ErrorKind::FileAccess, qPrintable(written.error().detail));

        QBuffer readOnly;
        QVERIFY(readOnly.open(QIODevice::ReadOnly));
        const Status refused = writeCustomerReportPdf(report.value(), &readOnly);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().kind == ErrorKind::FileAccess, qPrintable(refused.error().detail));
    }

    void cleanupTestCase() { m_testBackend.reset(); }

private:
    IdentityBackend& backend() { return m_testBackend->backend(); }

    /// Markup and an entity if it were not escaped; Vietnamese, Greek and Cyrillic (DejaVu has them).
    static QString trickyName() { return QStringLiteral("Đào <b>Ωμέγα</b> & Иван"); }

    /// collectCustomerReport() on a worker thread while this one runs the event loop.
    Result<CustomerReportData> collect(const QUuid& customerId, std::atomic_bool* cancelled = nullptr)
    {
        std::atomic_bool notCancelled = false;
        const std::atomic_bool& flag = cancelled ? *cancelled : notCancelled;
        ThreadCaller<IdentityBackend> caller(&backend());
        QFutureWatcher<Result<CustomerReportData>> watcher;
        QSignalSpy finished(&watcher, &QFutureWatcherBase::finished);
        watcher.setFuture(QtConcurrent::run([&] { return collectCustomerReport(caller, customerId, flag); }));
        if (!finished.wait(120000) && !watcher.isFinished())
            return makeError(ErrorKind::Timeout, QStringLiteral("the report took more than two minutes"));
        return watcher.result();
    }

    Session firstActiveSession(const QUuid& customerId)
    {
        for (const Session& s : allSessions(customerId)) {
            if (s.isActive())
                return s;
        }
        return {};
    }

    // The backend's own list calls, paged with a page size other than the report's.

    QList<Session> allSessions(const QUuid& customerId)
    {
        SessionQuery query;
        query.customerId = customerId;
        query.activeOnly = false;
        return all<Session>([&](const PageCursor& c) { return backend().sessions(query, c, 3).result(); });
    }

    QList<LoginEvent> allLoginEvents(const QUuid& customerId)
    {
        LoginEventQuery query;
        query.customerId = customerId;
        return all<LoginEvent>([&](const PageCursor& c) { return backend().loginEvents(query, c, 200).result(); });
    }

    QList<AuditEvent> allAuditEvents(const QUuid& customerId)
    {
        AuditQuery query;
        query.customerId = customerId;
        return all<AuditEvent>([&](const PageCursor& c) { return backend().auditEvents(query, c, 2).result(); });
    }

    template <typename T, typename Fetch>
    static QList<T> all(Fetch fetch)
    {
        QList<T> items;
        PageCursor cursor;
        do {
            Result<Page<T>> page = fetch(cursor);
            if (!page.ok()) {
                qWarning("listing failed: %s", qPrintable(page.error().detail));
                return {};
            }
            items += page->items;
            cursor = page->next;
        } while (!cursor.isNull());
        return items;
    }

    /// `count` sign-in attempts of the customer, one a minute before fixtureNow(), every fifth a failure.
    bool insertLoginEvents(const QUuid& customerId, int count)
    {
        Status inserted =
            m_testBackend->direct()
                .pool()
                .run([customerId, count](QSqlDatabase& db) -> Status {
                    if (!db.transaction())
                        return makeError(ErrorKind::Storage, QStringLiteral("no transaction"));
                    QSqlQuery q(db);
                    q.prepare(QStringLiteral(
                        "INSERT INTO login_events (id, customer_id, email, occurred_at, ip, user_agent, device_id, "
                        "country, city, latitude, longitude, success, failure_reason, mfa_method) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
                    const QVariant nullText(QMetaType(QMetaType::QString));
                    for (int i = 0; i < count; ++i) {
                        const bool success = i % 5 != 0;
                        const QString id = QStringLiteral("f0000000-0000-4000-8000-%1").arg(i, 12, 10, QChar(u'0'));
                        for (const QVariant& v :
                             QVariantList{id, customerId.toString(QUuid::WithoutBraces),
                                          QStringLiteral("alice.nguyen@example.com"),
                                          SqlDialect::timestamp(test::fixtureNow().addSecs(-60 * (i + 1))),
                                          QStringLiteral("185.220.101.47"), QStringLiteral("Mozilla/5.0 (iPhone)"),
                                          QStringLiteral("d0000000-0000-4000-8000-000000000001"), QStringLiteral("VN"),
                                          QStringLiteral("Hà Nội"), 21.0341, 105.8516, success,
                                          success ? nullText : QVariant(QStringLiteral("bad_password")),
                                          success ? QVariant(QStringLiteral("totp")) : nullText})
                            q.addBindValue(v);
                        if (!q.exec()) {
                            db.rollback();
                            return makeError(ErrorKind::Storage, q.lastError().text());
                        }
                    }
                    if (!db.commit())
                        return makeError(ErrorKind::Storage, QStringLiteral("commit failed"));
                    return Done{};
                })
                .result();
        if (!inserted.ok())
            qWarning("%s", qPrintable(inserted.error().detail));
        return inserted.ok();
    }

    QString pdfText(const QByteArray& pdf)
    {
        QProcess process;
        process.start(m_pdftotext,
                      {QStringLiteral("-enc"), QStringLiteral("UTF-8"), QStringLiteral("-"), QStringLiteral("-")});
        process.write(pdf);
        process.closeWriteChannel();
        if (!process.waitForFinished(60000) || process.exitCode() != 0) {
            qWarning("pdftotext failed: %s", process.readAllStandardError().constData());
            return {};
        }
        // Compatibility forms undo typographic ligatures ("ﬁ") that the text layout chose.
        return QString::fromUtf8(process.readAllStandardOutput()).normalized(QString::NormalizationForm_KC);
    }

    QHash<QString, QString> pdfInfo(const QByteArray& pdf)
    {
        // pdfinfo reads a file, not standard input.
        QTemporaryDir dir;
        QFile file(dir.filePath(QStringLiteral("report.pdf")));
        if (!file.open(QIODevice::WriteOnly) || file.write(pdf) != pdf.size())
            return {};
        file.close();
        QProcess process;
        process.start(m_pdfinfo, {QStringLiteral("-enc"), QStringLiteral("UTF-8"), file.fileName()});
        if (!process.waitForFinished(60000) || process.exitCode() != 0)
            return {};
        QHash<QString, QString> info;
        for (const QString& line : QString::fromUtf8(process.readAllStandardOutput()).split(u'\n')) {
            const qsizetype colon = line.indexOf(u':');
            if (colon > 0)
                info.insert(line.left(colon), line.mid(colon + 1).trimmed());
        }
        return info;
    }

    QString m_backend;
    std::unique_ptr<test::TestBackend> m_testBackend;
    QUuid m_customer;
    QString m_pdftotext;
    QString m_pdfinfo;
};

int main(int argc, char** argv)
{
    const QString backend = test::TestDatabase::takeBackendArgument(argc, argv);
    // The PDF writer needs fonts, and fonts a QGuiApplication (offscreen under ctest).
    QGuiApplication app(argc, argv);
    TestCustomerReport test(backend);
    return QTest::qExec(&test, argc, argv);
}

#include "tst_customer_report.moc"
