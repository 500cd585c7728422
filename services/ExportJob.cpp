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
#include <QSaveFile>
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

/// Where rows go: the CSV or JSON Lines writer of the file being written.
class RowSink
{
public:
    RowSink(QIODevice* device, const ExportRequest& request)
        : m_columns(exportColumns(request.kind))
        , m_csv(request.format == ExportFormat::Csv
                    ? std::make_unique<CsvWriter>(device, CsvWriter::Options{request.byteOrderMark, true})
                    : nullptr)
        , m_jsonLines(request.format == ExportFormat::JsonLines ? std::make_unique<JsonLinesWriter>(device) : nullptr)
    {
    }

    bool writeHeader() { return !m_csv || m_csv->writeRow(m_columns); }

    bool write(const QJsonObject& row)
    {
        if (m_jsonLines)
            return m_jsonLines->writeRow(row);
        m_fields.resize(m_columns.size());
        for (qsizetype i = 0; i < m_columns.size(); ++i)
            m_fields[i] = csvCell(row.value(m_columns.at(i)));
        return m_csv->writeRow(m_fields);
    }

    QString errorString() const { return m_csv ? m_csv->errorString() : m_jsonLines->errorString(); }

private:
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

    bool cancelled() const { return shared->cancelled.load(); }

    void report(qint64 rows, bool force)
    {
        const qint64 now = clock.elapsed();
        if (!force && lastReportMs >= 0 && now - lastReportMs < 200)
            return;
        lastReportMs = now;
        if (expectedRows < 0 && count.isValid() && count.isFinished() && count.resultCount() > 0 && count.result())
            expectedRows = count.result()->count;
        ExportProgress progress;
        progress.rows = rows;
        progress.expectedRows = expectedRows;
        progress.elapsedMs = now;
        progress.rowsPerSecond = now > 0 ? double(rows) * 1000.0 / double(now) : 0.0;
        if (expectedRows > rows && progress.rowsPerSecond > 0 && rows >= 100)
            progress.secondsLeft = qint64(std::ceil(double(expectedRows - rows) / progress.rowsPerSecond));
        else if (expectedRows >= 0 && rows >= expectedRows)
            progress.secondsLeft = 0;
        onProgress(progress);
    }

    /// Writes every page of a list: the next page is asked for before the rows in hand are written.
    template <typename T, typename Fetch>
    Result<qint64> writeList(RowSink& sink, Fetch fetch)
    {
        QFuture<Result<Page<T>>> pending = backend.start([&](IdentityBackend& b) { return fetch(b, PageCursor{}); });
        qint64 rows = 0;
        for (;;) {
            Result<Page<T>> page = backend.wait(pending);
            if (cancelled())
                return cancelledError();
            if (!page)
                return page.error();
            const PageCursor next = page->next;
            if (!next.isNull())
                pending = backend.start([&, next](IdentityBackend& b) { return fetch(b, next); });
            for (const T& item : std::as_const(page->items)) {
                if (!sink.write(api::toJson(item)))
                    return makeError(ErrorKind::FileAccess,
                                     QStringLiteral("cannot write %1.part: %2").arg(request.path, sink.errorString()));
                ++rows;
            }
            report(rows, false);
            if (next.isNull())
                return rows;
        }
    }

    /// Starts counting the rows (for the time left), when the backend can count them cheaply.
    QFuture<Result<CustomerCount>> startCount()
    {
        constexpr qint64 cap = 100'000'000;
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
        RowSink sink(file.device(), request);
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
        report(rows, true);
        if (cancelled())
            return cancelledError();
        if (Status finished = file.finish(); !finished)
            return finished.error();

        ExportManifest manifest;
        qint64 bytes = 0;
        Result<QByteArray> digest = sha256OfFile(file.partPath(), &bytes);
        if (!digest)
            return digest.error();
        manifest.file = target.fileName();
        manifest.sha256 = QString::fromLatin1(*digest);
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

        Result<SigningKey> key = loadOrCreateSigningKey(
            [&] { return keychain.call([](CredentialStore& s) { return s.readSigningKey(); }); },
            [&](const QByteArray& private32) {
                return keychain.call([&](CredentialStore& s) { return s.writeSigningKey(private32); });
            });
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
    const auto list = [](std::initializer_list<const char*> names) {
        QStringList columns;
        for (const char* name : names)
            columns << QLatin1StringView(name);
        return columns;
    };
    switch (kind) {
    case ExportKind::Customers:
        return list({"id",
                     "email",
                     "full_name",
                     "phone",
                     "status",
                     "customer_type",
                     "customer_group",
                     "loyalty_tier",
                     "loyalty_points",
                     "total_spend_cents",
                     "country",
                     "email_verified",
                     "phone_verified",
                     "mfa_enabled",
                     "failed_login_attempts",
                     "locked_until",
                     "marketing_consent",
                     "data_processing_consent",
                     "created_at",
                     "updated_at",
                     "last_login_at",
                     "deleted_at",
                     "version"});
    case ExportKind::Sessions:
        return list({"id", "customer_id", "customer_email", "device_id", "device_name", "device_type", "ip",
                     "user_agent", "country", "created_at", "last_seen_at", "expires_at", "revoked_at", "revoked_by",
                     "revoke_reason", "revoke_note"});
    case ExportKind::LoginEvents:
        return list({"id", "customer_id", "email", "occurred_at", "ip", "user_agent", "device_id", "device_name",
                     "country", "city", "latitude", "longitude", "success", "failure_reason", "mfa_method", "flags"});
    case ExportKind::AuditEvents:
        return list({"seq", "id", "occurred_at", "actor", "actor_role", "action", "resource_type", "resource_id",
                     "customer_id", "reason", "before_state", "after_state", "prev_hash", "hash"});
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

void ExportJob::cancel()
{
    m_shared->cancelled = true;
}

bool ExportJob::isCancelRequested() const
{
    return m_shared->cancelled.load();
}

} // namespace idc
