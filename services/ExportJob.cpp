#include "ExportJob.h"

#include "ApiJson.h"
#include "BackendCaller.h"
#include "CredentialStore.h"
#include "CustomerReport.h"
#include "ExportWriters.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QMutex>
#include <QSaveFile>
#include <QSet>
#include <QUrlQuery>
#include <QtConcurrent/QtConcurrentRun>

#include <QScopeGuard>
#include <QThreadPool>

#include <openssl/crypto.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace idc {

namespace {

using BackendCaller = ThreadCaller<IdentityBackend>;
using KeychainCaller = ThreadCaller<CredentialStore>;

QMutex& pathsMutex()
{
    static QMutex mutex;
    return mutex;
}

/// The files exports are writing now (absolute paths).
QSet<QString>& pathsBeingWritten()
{
    static QSet<QString> paths;
    return paths;
}

/// Exports have threads of their own: a long one never holds up other QtConcurrent work.
QThreadPool* exportThreads()
{
    static QThreadPool pool;
    pool.setMaxThreadCount(4);
    return &pool;
}

Error cancelledError()
{
    return makeError(ErrorKind::Cancelled, QStringLiteral("the export was cancelled; no file was kept"));
}

QJsonObject toJsonObject(const QUrlQuery& query)
{
    QJsonObject object;
    for (const auto& [key, value] : query.queryItems(QUrl::FullyDecoded))
        object.insert(key, value);
    return object;
}

// The cells of a CSV row, written straight from the value (a row is a million times cheaper this
// way than through its JSON object); the same text csvCell() gives the API's JSON of the value,
// which the tests check.
QString uuidCell(const QUuid& id)
{
    return id.isNull() ? QString() : id.toString(QUuid::WithoutBraces);
}
QString timeCell(const QDateTime& time)
{
    return time.isValid() ? api::formatTimestamp(time) : QString();
}
QString boolCell(bool value)
{
    return value ? QStringLiteral("true") : QStringLiteral("false");
}
QString numberCell(const std::optional<double>& value)
{
    return value ? csvCell(QJsonValue(*value)) : QString();
}
QString stateCell(const QJsonValue& state)
{
    return state.isObject() || state.isArray() ? csvCell(state) : QString();
}

template <typename T>
struct CsvColumn
{
    const char* name;
    QString (*cell)(const T&);
};

const QList<CsvColumn<Customer>>& customerColumns()
{
    static const QList<CsvColumn<Customer>> columns{
        {"id", [](const Customer& c) { return uuidCell(c.id); }},
        {"email", [](const Customer& c) { return c.email; }},
        {"full_name", [](const Customer& c) { return c.fullName; }},
        {"phone", [](const Customer& c) { return c.phone; }},
        {"status", [](const Customer& c) { return toString(c.status); }},
        {"customer_type", [](const Customer& c) { return toString(c.customerType); }},
        {"customer_group", [](const Customer& c) { return c.customerGroup; }},
        {"loyalty_tier", [](const Customer& c) { return toString(c.loyaltyTier); }},
        {"loyalty_points", [](const Customer& c) { return QString::number(c.loyaltyPoints); }},
        {"total_spend_cents", [](const Customer& c) { return QString::number(c.totalSpendCents); }},
        {"country", [](const Customer& c) { return c.country; }},
        {"email_verified", [](const Customer& c) { return boolCell(c.emailVerified); }},
        {"phone_verified", [](const Customer& c) { return boolCell(c.phoneVerified); }},
        {"mfa_enabled", [](const Customer& c) { return boolCell(c.mfaEnabled); }},
        {"failed_login_attempts", [](const Customer& c) { return QString::number(c.failedLoginAttempts); }},
        {"locked_until", [](const Customer& c) { return timeCell(c.lockedUntil); }},
        {"marketing_consent", [](const Customer& c) { return boolCell(c.marketingConsent); }},
        {"data_processing_consent", [](const Customer& c) { return boolCell(c.dataProcessingConsent); }},
        {"created_at", [](const Customer& c) { return timeCell(c.createdAt); }},
        {"updated_at", [](const Customer& c) { return timeCell(c.updatedAt); }},
        {"last_login_at", [](const Customer& c) { return timeCell(c.lastLoginAt); }},
        {"deleted_at", [](const Customer& c) { return timeCell(c.deletedAt); }},
        {"version", [](const Customer& c) { return QString::number(c.version); }},
    };
    return columns;
}

const QList<CsvColumn<Session>>& sessionColumns()
{
    static const QList<CsvColumn<Session>> columns{
        {"id", [](const Session& s) { return uuidCell(s.id); }},
        {"customer_id", [](const Session& s) { return uuidCell(s.customerId); }},
        {"customer_email", [](const Session& s) { return s.customerEmail; }},
        {"device_id", [](const Session& s) { return uuidCell(s.deviceId); }},
        {"device_name", [](const Session& s) { return s.deviceName; }},
        {"device_type", [](const Session& s) { return s.deviceType; }},
        {"ip", [](const Session& s) { return s.ip; }},
        {"user_agent", [](const Session& s) { return s.userAgent; }},
        {"country", [](const Session& s) { return s.country; }},
        {"created_at", [](const Session& s) { return timeCell(s.createdAt); }},
        {"last_seen_at", [](const Session& s) { return timeCell(s.lastSeenAt); }},
        {"expires_at", [](const Session& s) { return timeCell(s.expiresAt); }},
        {"revoked_at", [](const Session& s) { return timeCell(s.revokedAt); }},
        {"revoked_by", [](const Session& s) { return s.revokedBy; }},
        {"revoke_reason", [](const Session& s) { return s.revokeReason ? toString(*s.revokeReason) : QString(); }},
        {"revoke_note", [](const Session& s) { return s.revokeNote; }},
    };
    return columns;
}

const QList<CsvColumn<LoginEvent>>& loginEventColumns()
{
    static const QList<CsvColumn<LoginEvent>> columns{
        {"id", [](const LoginEvent& e) { return uuidCell(e.id); }},
        {"customer_id", [](const LoginEvent& e) { return uuidCell(e.customerId); }},
        {"email", [](const LoginEvent& e) { return e.email; }},
        {"occurred_at", [](const LoginEvent& e) { return timeCell(e.occurredAt); }},
        {"ip", [](const LoginEvent& e) { return e.ip; }},
        {"user_agent", [](const LoginEvent& e) { return e.userAgent; }},
        {"device_id", [](const LoginEvent& e) { return uuidCell(e.deviceId); }},
        {"device_name", [](const LoginEvent& e) { return e.deviceName; }},
        {"country", [](const LoginEvent& e) { return e.country; }},
        {"city", [](const LoginEvent& e) { return e.city; }},
        {"latitude", [](const LoginEvent& e) { return numberCell(e.latitude); }},
        {"longitude", [](const LoginEvent& e) { return numberCell(e.longitude); }},
        {"success", [](const LoginEvent& e) { return boolCell(e.success); }},
        {"failure_reason",
         [](const LoginEvent& e) { return e.failureReason ? toString(*e.failureReason) : QString(); }},
        {"mfa_method", [](const LoginEvent& e) { return e.mfaMethod; }},
        {"flags", [](const LoginEvent& e) { return riskFlagNames(e.flags).join(u';'); }},
    };
    return columns;
}

const QList<CsvColumn<AuditEvent>>& auditEventColumns()
{
    static const QList<CsvColumn<AuditEvent>> columns{
        {"seq", [](const AuditEvent& a) { return QString::number(a.seq); }},
        {"id", [](const AuditEvent& a) { return uuidCell(a.id); }},
        {"occurred_at", [](const AuditEvent& a) { return timeCell(a.occurredAt); }},
        {"actor", [](const AuditEvent& a) { return a.actor; }},
        {"actor_role", [](const AuditEvent& a) { return a.actorRole; }},
        {"action", [](const AuditEvent& a) { return a.action; }},
        {"resource_type", [](const AuditEvent& a) { return a.resourceType; }},
        {"resource_id", [](const AuditEvent& a) { return a.resourceId; }},
        {"customer_id", [](const AuditEvent& a) { return uuidCell(a.customerId); }},
        {"reason", [](const AuditEvent& a) { return a.reason; }},
        {"before_state", [](const AuditEvent& a) { return stateCell(a.beforeState); }},
        {"after_state", [](const AuditEvent& a) { return stateCell(a.afterState); }},
        {"prev_hash", [](const AuditEvent& a) { return a.prevHash; }},
        {"hash", [](const AuditEvent& a) { return a.hash; }},
    };
    return columns;
}

template <typename T>
QStringList namesOf(const QList<CsvColumn<T>>& columns)
{
    QStringList names;
    for (const CsvColumn<T>& column : columns)
        names << QLatin1StringView(column.name);
    return names;
}

template <typename T>
const QList<CsvColumn<T>>& csvColumnsOf();
template <>
const QList<CsvColumn<Customer>>& csvColumnsOf<Customer>()
{
    return customerColumns();
}
template <>
const QList<CsvColumn<Session>>& csvColumnsOf<Session>()
{
    return sessionColumns();
}
template <>
const QList<CsvColumn<LoginEvent>>& csvColumnsOf<LoginEvent>()
{
    return loginEventColumns();
}
template <>
const QList<CsvColumn<AuditEvent>>& csvColumnsOf<AuditEvent>()
{
    return auditEventColumns();
}

/// Where rows go: the CSV or JSON Lines writer of the file being written.
class RowSink
{
public:
    /// `fileName` names the file behind `device` in errors.
    RowSink(QIODevice* device, QString fileName, const ExportRequest& request)
        : m_fileName(std::move(fileName))
        , m_columns(exportColumns(request.kind))
        , m_csv(request.format == ExportFormat::Csv
                    ? std::make_unique<CsvWriter>(device, CsvWriter::Options{request.byteOrderMark, true})
                    : nullptr)
        , m_jsonLines(request.format == ExportFormat::JsonLines ? std::make_unique<JsonLinesWriter>(device) : nullptr)
    {
    }

    bool writeHeader() { return !m_csv || m_csv->writeRow(m_columns); }

    template <typename T>
    bool write(const T& item)
    {
        if (m_jsonLines)
            return m_jsonLines->writeRow(api::toJson(item));
        const QList<CsvColumn<T>>& columns = csvColumnsOf<T>();
        m_fields.resize(columns.size());
        for (qsizetype i = 0; i < columns.size(); ++i)
            m_fields[i] = columns.at(i).cell(item);
        return m_csv->writeRow(m_fields);
    }

    QString errorString() const { return m_csv ? m_csv->errorString() : m_jsonLines->errorString(); }
    QString fileName() const { return m_fileName; }

private:
    QString m_fileName;
    QStringList m_columns;
    QStringList m_fields;
    std::unique_ptr<CsvWriter> m_csv;
    std::unique_ptr<JsonLinesWriter> m_jsonLines;
};

} // namespace

/// What the worker and the job object share; the worker keeps it alive after the job is gone.
struct ExportJob::Shared
{
    std::atomic_bool cancelled = false; ///< the operator cancelled, or the job or the application ends
    std::atomic_bool abandoned = false; ///< the job or the application ends: stop waiting for anything
    std::atomic_bool recording = false; ///< past the point of no return: the audit event is being written
};

namespace {

/// The worker's side of a job: everything it needs, copied, plus a way to report progress.
struct Run
{
    Run(IdentityBackend* backendObject, CredentialStore* keychainObject, ExportRequest exportRequest,
        std::shared_ptr<ExportJob::Shared> state)
        : backend(backendObject, &state->cancelled)
        , recorder(backendObject, &state->abandoned)
        , keychain(keychainObject, &state->cancelled)
        , request(std::move(exportRequest))
        , shared(std::move(state))
    {
    }

    BackendCaller backend;
    BackendCaller recorder; ///< the audit append: waited for even when cancelled, unless abandoned
    KeychainCaller keychain;
    ExportRequest request;
    std::shared_ptr<ExportJob::Shared> shared;
    std::function<void(const ExportProgress&)> onProgress;

    QElapsedTimer clock;
    qint64 lastReportMs = -1;
    qint64 expectedRows = -1;
    QFuture<Result<CustomerCount>> count; ///< arrives while rows are written
    qint64 rowsWritten = 0;               ///< by every lane (under reportMutex)
    QMutex reportMutex;
    int lanes = 1;

    bool cancelled() const { return shared->cancelled.load(); }

    /// Counts `newRows` more rows written (by any lane) and reports progress at most 5 times a second.
    void report(qint64 newRows, bool force)
    {
        const QMutexLocker lock(&reportMutex); // two lanes may report at once
        const qint64 rows = rowsWritten += newRows;
        const qint64 now = clock.elapsed();
        if (!force && lastReportMs >= 0 && now - lastReportMs < 200)
            return;
        lastReportMs = now;
        if (expectedRows < 0 && count.isValid() && count.isFinished() && count.resultCount() > 0 && count.result() &&
            !count.result()->capped)
            expectedRows = count.result()->count;
        ExportProgress progress;
        progress.rows = rows;
        progress.expectedRows = expectedRows;
        progress.elapsedMs = now;
        progress.recording = shared->recording.load();
        progress.rowsPerSecond = now > 0 ? double(rows) * 1000.0 / double(now) : 0.0;
        if (expectedRows > rows && progress.rowsPerSecond > 0 && rows >= 100)
            progress.secondsLeft = qint64(std::ceil(double(expectedRows - rows) / progress.rowsPerSecond));
        else if (expectedRows >= 0 && rows >= expectedRows)
            progress.secondsLeft = 0;
        onProgress(progress);
    }

    /// Writes every page of a list: the next page is asked for before the rows in hand are written.
    template <typename T, typename Fetch>
    Result<qint64> writeList(RowSink& sink, Fetch fetch, const std::atomic_bool* stop = nullptr)
    {
        QFuture<Result<Page<T>>> pending = backend.start([&](IdentityBackend& b) { return fetch(b, PageCursor{}); });
        qint64 rows = 0;
        for (;;) {
            Result<Page<T>> page = backend.wait(pending);
            if (cancelled())
                return cancelledError();
            if (stop && stop->load())
                return makeError(ErrorKind::Cancelled, QStringLiteral("stopped: the other half of the export failed"));
            if (!page)
                return page.error();
            const PageCursor next = page->next;
            if (!next.isNull())
                pending = backend.start([&, next](IdentityBackend& b) { return fetch(b, next); });
            for (const T& item : std::as_const(page->items)) {
                if (!sink.write(item))
                    return makeError(ErrorKind::FileAccess,
                                     QStringLiteral("cannot write %1: %2").arg(sink.fileName(), sink.errorString()));
                ++rows;
            }
            report(page->items.size(), false);
            if (next.isNull())
                return rows;
        }
    }

    /// Starts counting the rows (for the time left), when the backend can count them cheaply.
    QFuture<Result<CustomerCount>> startCount()
    {
        // The API counts up to 100,000; a database as far as there are rows.
        const qint64 cap = request.backend.kind == BackendKind::Rest ? 100'000 : 100'000'000;
        switch (request.kind) {
        case ExportKind::Customers:
            return backend.start([&](IdentityBackend& b) { return b.countCustomers(request.customers, cap); });
        case ExportKind::Sessions:
            return backend.start([&](IdentityBackend& b) { return b.countSessions(request.sessions, cap); });
        case ExportKind::LoginEvents:
            // Risk flags as a filter make counting cost as much as the export itself.
            if (request.loginEvents.requiredFlags)
                break;
            return backend.start([&](IdentityBackend& b) { return b.countLoginEvents(request.loginEvents, cap); });
        case ExportKind::AuditEvents:
        case ExportKind::CustomerReport:
            break;
        }
        return {};
    }

    /// Where to cut a long login event export in two, so that the backend reads both halves at
    /// once: the start of the UTC day (from the daily histogram) with about half of the events on
    /// or after it. None for a short export, a risk flag filter (its count is as dear as the export)
    /// or a history too lopsided to halve.
    std::optional<QDateTime> laneSplit()
    {
        const LoginEventQuery& query = request.loginEvents;
        if (request.twoLanesFromRows <= 0 || query.requiredFlags || !count.isValid())
            return std::nullopt;
        const Result<CustomerCount> counted = backend.wait(count);
        if (!counted || (!counted->capped && counted->count < request.twoLanesFromRows))
            return std::nullopt;
        Result<LoginEventPage> newest = backend.call([&](IdentityBackend& b) { return b.loginEvents(query, {}, 1); });
        if (!newest || newest->items.isEmpty())
            return std::nullopt;
        LoginEventQuery span = query;
        span.to = newest->items.first().occurredAt.addMSecs(1);
        const QDateTime earliest = span.to.addDays(-399);
        if (!span.from.isValid() || span.from < earliest)
            span.from = earliest;
        Result<QList<LoginHistogramBin>> bins =
            backend.call([&](IdentityBackend& b) { return b.loginHistogram(span, HistogramBucket::Day); });
        if (!bins || cancelled())
            return std::nullopt;
        qint64 inBins = 0;
        for (const LoginHistogramBin& bin : std::as_const(*bins))
            inBins += bin.successes + bin.failures;
        // A capped count (the API counts up to 100,000) leaves the days to say how many there are.
        const qint64 total = counted->capped ? inBins : counted->count;
        // Exact when the histogram saw the whole filter (days before `span.from` are not in it).
        if (counted->capped && query.from.isValid() && query.from >= span.from) {
            const QMutexLocker lock(&reportMutex);
            expectedRows = inBins;
        }
        if (total < request.twoLanesFromRows)
            return std::nullopt;
        qint64 seen = 0;
        for (auto bin = bins->crbegin(); bin != bins->crend(); ++bin) {
            seen += bin->successes + bin->failures;
            if (seen * 2 >= total) {
                // Both halves worth a lane: neither holds less than a fifth of the rows.
                if (seen * 5 > total * 4 || !bin->start.isValid() || bin->start <= span.from)
                    return std::nullopt;
                return bin->start;
            }
        }
        return std::nullopt;
    }

    /// The events on or after `split` go straight to `file`, the older ones at the same time to
    /// `NAME.part.2`, which is appended once both are read: the backend works on both halves at
    /// once, the order is the list's, and memory holds a page per half.
    Result<qint64> writeLoginEventsInTwoLanes(ExportFile& file, RowSink& newerSink, const QDateTime& split, int limit)
    {
        LoginEventQuery newer = request.loginEvents;
        newer.from = split;
        LoginEventQuery older = request.loginEvents;
        older.to = split;
        QFile olderFile(file.partPath() + QStringLiteral(".2"));
        const auto removeOlder = qScopeGuard([&] {
            olderFile.close();
            QFile::remove(olderFile.fileName());
        });
        if (!olderFile.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return makeError(ErrorKind::FileAccess,
                             QStringLiteral("cannot write %1: %2").arg(olderFile.fileName(), olderFile.errorString()));
        lanes = 2;
        ExportRequest olderRequest = request;
        olderRequest.byteOrderMark = false; // the rows continue the first file
        RowSink olderSink(&olderFile, olderFile.fileName(), olderRequest);
        std::atomic_bool stop = false;
        QFuture<Result<qint64>> olderLane = QtConcurrent::run(exportThreads(), [&] {
            Result<qint64> rows = writeList<LoginEvent>(
                olderSink,
                [&](IdentityBackend& b, const PageCursor& after) { return b.loginEvents(older, after, limit); }, &stop);
            if (!rows)
                stop = true;
            return rows;
        });
        Result<qint64> newerRows = writeList<LoginEvent>(
            newerSink, [&](IdentityBackend& b, const PageCursor& after) { return b.loginEvents(newer, after, limit); },
            &stop);
        if (!newerRows)
            stop = true;
        olderLane.waitForFinished();
        const Result<qint64> olderRows = olderLane.result();
        // The error that stopped the other lane, not the other lane's "stopped".
        if (!newerRows && !(newerRows.error().kind == ErrorKind::Cancelled && !olderRows && !cancelled()))
            return newerRows.error();
        if (!olderRows)
            return olderRows.error();
        if (!olderFile.flush())
            return makeError(ErrorKind::FileAccess,
                             QStringLiteral("cannot write %1: %2").arg(olderFile.fileName(), olderFile.errorString()));
        olderFile.close();
        if (!olderFile.open(QIODevice::ReadOnly))
            return makeError(ErrorKind::FileAccess,
                             QStringLiteral("cannot read %1: %2").arg(olderFile.fileName(), olderFile.errorString()));
        QByteArray block;
        while (!(block = olderFile.read(1 << 20)).isEmpty()) {
            if (file.device()->write(block) != block.size())
                return makeError(
                    ErrorKind::FileAccess,
                    QStringLiteral("cannot write %1: %2").arg(file.partPath(), file.device()->errorString()));
        }
        if (olderFile.error() != QFileDevice::NoError)
            return makeError(ErrorKind::FileAccess,
                             QStringLiteral("cannot read %1: %2").arg(olderFile.fileName(), olderFile.errorString()));
        return *newerRows + *olderRows;
    }

    /// Writes the rows (or the report) into `file`; the number of rows (records) written.
    Result<qint64> writeRows(ExportFile& file, QStringList& columns)
    {
        const int limit = qBound(1, request.pageSize, 500);
        if (request.kind == ExportKind::CustomerReport) {
            columns = {QStringLiteral("customer"), QStringLiteral("addresses"),    QStringLiteral("devices"),
                       QStringLiteral("sessions"), QStringLiteral("login_events"), QStringLiteral("audit_events")};
            Result<CustomerReportData> data = collectCustomerReport(backend, request.customerId, shared->cancelled);
            if (!data)
                return data.error();
            if (cancelled())
                return cancelledError();
            if (request.format == ExportFormat::Pdf) {
                if (Status written = writeCustomerReportPdf(*data, file.device()); !written)
                    return written.error();
            } else {
                const QByteArray json = QJsonDocument(toJson(*data)).toJson(QJsonDocument::Indented);
                if (file.device()->write(json) != json.size())
                    return makeError(
                        ErrorKind::FileAccess,
                        QStringLiteral("cannot write %1: %2").arg(file.partPath(), file.device()->errorString()));
            }
            return data->records();
        }
        columns = exportColumns(request.kind);
        RowSink sink(file.device(), file.partPath(), request);
        if (!sink.writeHeader())
            return makeError(ErrorKind::FileAccess,
                             QStringLiteral("cannot write %1: %2").arg(file.partPath(), sink.errorString()));
        switch (request.kind) {
        case ExportKind::Customers:
            return writeList<Customer>(sink, [&](IdentityBackend& b, const PageCursor& after) {
                return b.searchCustomers(request.customers, after, limit);
            });
        case ExportKind::Sessions:
            return writeList<Session>(sink, [&](IdentityBackend& b, const PageCursor& after) {
                return b.sessions(request.sessions, after, limit);
            });
        case ExportKind::LoginEvents:
            if (const std::optional<QDateTime> split = laneSplit())
                return writeLoginEventsInTwoLanes(file, sink, *split, limit);
            return writeList<LoginEvent>(sink, [&](IdentityBackend& b, const PageCursor& after) {
                return b.loginEvents(request.loginEvents, after, limit);
            });
        case ExportKind::AuditEvents:
            return writeList<AuditEvent>(sink, [&](IdentityBackend& b, const PageCursor& after) {
                return b.auditEvents(request.auditEvents, after, limit);
            });
        case ExportKind::CustomerReport:
            break;
        }
        return makeError(ErrorKind::Internal, QStringLiteral("unknown export kind"));
    }

    Result<ExportOutcome> run()
    {
        clock.start();
        // Two exports writing one file would mix their rows and remove each other's parts.
        const QString absolutePath = QFileInfo(request.path).absoluteFilePath();
        {
            const QMutexLocker lock(&pathsMutex());
            if (pathsBeingWritten().contains(absolutePath))
                return makeError(ErrorKind::Conflict, QStringLiteral("another export is writing %1").arg(absolutePath));
            pathsBeingWritten().insert(absolutePath);
        }
        const auto release = qScopeGuard([&absolutePath] {
            const QMutexLocker lock(&pathsMutex());
            pathsBeingWritten().remove(absolutePath);
        });
        if (!formatSuits(request.kind, request.format))
            return makeError(
                ErrorKind::InvalidInput,
                QStringLiteral("%1 cannot be exported as %2").arg(toString(request.kind), toString(request.format)));
        const QFileInfo target(request.path);
        if (request.path.isEmpty() || target.fileName().isEmpty() || target.isDir())
            return makeError(ErrorKind::InvalidInput, QStringLiteral("no file name to write"));
        // Asked first: an operator who may not export learns it before a row is read.
        if (Status allowed = backend.call([](IdentityBackend& b) { return b.authorizeExport(); }); !allowed)
            return allowed.error();
        count = startCount();

        ExportFile file(request.path);
        if (Status opened = file.open(); !opened)
            return opened.error();
        QStringList columns;
        qint64 rows = 0;
        {
            Result<qint64> written = writeRows(file, columns);
            if (!written)
                return written.error();
            rows = *written;
        }
        report(0, true);
        if (cancelled())
            return cancelledError();
        if (Status finished = file.finish(); !finished)
            return finished.error();

        // Hashed as it was written: every byte now on disk went through the file's device.
        ExportManifest manifest;
        const qint64 bytes = file.bytesWritten();
        manifest.file = target.fileName();
        manifest.sha256 = file.sha256();
        manifest.bytes = bytes;
        manifest.rows = rows;
        manifest.format = toString(request.format);
        manifest.columns = columns;
        manifest.filter = exportFilterJson(request);
        manifest.profile = request.profileName;
        manifest.backend = toString(request.backend.kind);
        manifest.operatorName = request.operatorName;
        manifest.createdAt = QDateTime::currentDateTimeUtc();
        manifest.schemaVersion = request.backend.schemaVersion;

        // Two first exports at once would each make a key, and one would overwrite the other's.
        static QMutex signingKeyMutex;
        QMutexLocker signingKeyLock(&signingKeyMutex);
        Result<SigningKey> key = loadOrCreateSigningKey(
            [&] { return keychain.call([](CredentialStore& s) { return s.readSigningKey(); }); },
            [&](const QByteArray& private32) {
                return keychain.call([&](CredentialStore& s) { return s.writeSigningKey(private32); });
            });
        signingKeyLock.unlock();
        if (!key)
            return key.error();
        const QString fingerprint = keyFingerprint(key->publicKey32);
        Status signedOk = sign(manifest, *key);
        key.value().wipe();
        if (!signedOk)
            return signedOk.error();

        const QString manifestPath = manifestPathFor(request.path);
        const QString manifestPart = manifestPath + QStringLiteral(".part");
        {
            QFile out(manifestPart);
            const QByteArray json = toJson(manifest);
            if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate) || out.write(json) != json.size() ||
                !out.flush() || ::fsync(out.handle()) != 0) {
                const Error error = makeError(
                    ErrorKind::FileAccess, QStringLiteral("cannot write %1: %2").arg(manifestPart, out.errorString()));
                out.close();
                QFile::remove(manifestPart);
                return error;
            }
        }
        const auto dropManifest = qScopeGuard([&] { QFile::remove(manifestPart); });

        if (cancelled())
            return cancelledError();
        // From here on the export completes: a cancel no longer interrupts the audit append (only
        // the job's end, or the application's, abandons the wait for its answer).
        shared->recording = true;
        report(0, true);
        ExportRecord record;
        record.kind = request.kind;
        record.format = request.format;
        record.filter = manifest.filter;
        record.fileName = manifest.file;
        record.rows = rows;
        record.bytes = bytes;
        record.sha256 = manifest.sha256;
        record.keyFingerprint = fingerprint;
        record.customerId = request.kind == ExportKind::CustomerReport ? request.customerId : QUuid();
        Result<AuditEvent> audited = recorder.call([&](IdentityBackend& b) { return b.recordExport(record); });
        if (!audited) {
            Error error = audited.error();
            // A request lost on its way back may have been recorded all the same.
            if (error.kind == ErrorKind::Unavailable || error.kind == ErrorKind::Timeout ||
                error.kind == ErrorKind::Cancelled)
                error.detail += QStringLiteral("; the audit trail may hold an export.create event for %1, which "
                                               "was not kept")
                                    .arg(record.fileName);
            return error;
        }
        const auto recordedBut = [&](Error error) {
            error.detail =
                QStringLiteral("recorded in the audit trail as event #%1, but %2").arg(audited->seq).arg(error.detail);
            return error;
        };

        // The manifest first: a data file under its final name always has its manifest beside it.
        if (std::rename(QFile::encodeName(manifestPart).constData(), QFile::encodeName(manifestPath).constData()) != 0)
            return recordedBut(
                makeError(ErrorKind::FileAccess,
                          QStringLiteral("cannot rename %1 to %2: %3")
                              .arg(manifestPart, manifestPath, QString::fromLocal8Bit(std::strerror(errno)))));
        if (Status committed = file.commit(); !committed) {
            QFile::remove(manifestPath);
            return recordedBut(committed.error());
        }
        ExportOutcome outcome;
        outcome.path = request.path;
        outcome.manifestPath = manifestPath;
        outcome.rows = rows;
        outcome.bytes = bytes;
        outcome.sha256 = manifest.sha256;
        outcome.keyFingerprint = fingerprint;
        outcome.auditSeq = audited->seq;
        outcome.lanes = lanes;
        outcome.elapsedMs = clock.elapsed();
        return outcome;
    }
};

} // namespace

QString manifestPathFor(const QString& exportPath)
{
    return exportPath + QStringLiteral(".manifest.json");
}

QJsonObject exportFilterJson(const ExportRequest& request)
{
    switch (request.kind) {
    case ExportKind::Customers:
        return toJsonObject(api::toUrlQuery(request.customers));
    case ExportKind::Sessions:
        return toJsonObject(api::toUrlQuery(request.sessions));
    case ExportKind::LoginEvents:
        return toJsonObject(api::toUrlQuery(request.loginEvents));
    case ExportKind::AuditEvents:
        return toJsonObject(api::toUrlQuery(request.auditEvents));
    case ExportKind::CustomerReport:
        return QJsonObject{{QStringLiteral("customer_id"), request.customerId.toString(QUuid::WithoutBraces)}};
    }
    return {};
}

QStringList exportColumns(ExportKind kind)
{
    switch (kind) {
    case ExportKind::Customers:
        return namesOf(customerColumns());
    case ExportKind::Sessions:
        return namesOf(sessionColumns());
    case ExportKind::LoginEvents:
        return namesOf(loginEventColumns());
    case ExportKind::AuditEvents:
        return namesOf(auditEventColumns());
    case ExportKind::CustomerReport:
        break;
    }
    return {};
}

QString csvCell(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        // Integers as stored (exact beyond 2^53), fractions in the shortest digits that read back
        // the same, never in exponent form (a spreadsheet or a script reads 0.00005, not 5e-05).
        if (value.toVariant().typeId() == QMetaType::LongLong)
            return QString::number(value.toInteger());
        const double d = value.toDouble();
        if (std::floor(d) == d && std::abs(d) < 9007199254740992.0)
            return QString::number(qint64(d));
        return QString::number(d, 'f', QLocale::FloatingPointShortest);
    }
    case QJsonValue::Array: {
        const QJsonArray array = value.toArray();
        QStringList parts;
        for (const QJsonValue& item : array) {
            // Names joined with ';' (risk flags); anything the join would blur stays JSON.
            if (!item.isString() || item.toString().contains(u';'))
                return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
            parts << item.toString();
        }
        return parts.join(u';');
    }
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return {};
}

Result<SigningKey> loadOrCreateSigningKey(const std::function<Result<QByteArray>()>& readKey,
                                          const std::function<Status(const QByteArray&)>& writeKey)
{
    Result<QByteArray> stored = readKey();
    if (!stored && stored.error().kind == ErrorKind::NotFound) {
        Result<SigningKey> made = generateSigningKey();
        if (!made)
            return made.error();
        if (Status kept = writeKey(made->privateKey32); !kept) {
            made.value().wipe();
            return kept.error();
        }
        return made;
    }
    if (!stored)
        return stored.error();
    Result<SigningKey> key = signingKeyFromPrivate(stored.value());
    OPENSSL_cleanse(stored.value().data(), size_t(stored->size()));
    return key;
}

ExportJob::ExportJob(IdentityBackend* backend, CredentialStore* credentials, ExportRequest request, QObject* parent)
    : QObject(parent)
    , m_backend(backend)
    , m_credentials(credentials)
    , m_request(std::move(request))
    , m_shared(std::make_shared<Shared>())
{
    qRegisterMetaType<ExportProgress>();
    // The worker must not wait for a main thread that stopped answering.
    connect(QCoreApplication::instance(), &QCoreApplication::aboutToQuit, this, [this] { abandon(); });
}

ExportJob::~ExportJob()
{
    // The worker notices, removes its .part file and ends on its own; it holds nothing of ours.
    abandon();
}

void ExportJob::abandon()
{
    m_shared->abandoned = true;
    m_shared->cancelled = true;
}

QFuture<Result<ExportOutcome>> ExportJob::start()
{
    Q_ASSERT(!m_future.isValid());
    auto run = std::make_shared<Run>(m_backend.data(), m_credentials.data(), m_request, m_shared);
    QPointer<ExportJob> self(this);
    run->onProgress = [self](const ExportProgress& progress) {
        // Emitted on the main thread, where `self` can be checked safely.
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, progress] {
                if (self)
                    emit self->progressed(progress);
            },
            Qt::QueuedConnection);
    };
    m_future = QtConcurrent::run(exportThreads(), [run] { return run->run(); });
    return m_future;
}

void ExportJob::waitForAll()
{
    exportThreads()->waitForDone();
}

void ExportJob::cancel()
{
    m_shared->cancelled = true;
}

} // namespace idc
