#pragma once

#include "AuditEvent.h"
#include "Customer.h"
#include "Export.h"
#include "ExportManifest.h"
#include "IdentityBackend.h"
#include "LoginEvent.h"
#include "Result.h"
#include "Session.h"

#include <QFuture>
#include <QJsonObject>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>

namespace idc {

class CredentialStore;

/// What to export, and where.
struct ExportRequest
{
    ExportKind kind = ExportKind::Customers;
    ExportFormat format = ExportFormat::Csv;
    bool byteOrderMark = false; ///< CSV: a UTF-8 BOM first, for spreadsheet tools that need one
    // The list's filter (the member of `kind`), or the report's customer.
    CustomerQuery customers;
    SessionQuery sessions;
    LoginEventQuery loginEvents;
    AuditQuery auditEvents;
    QUuid customerId;
    QString path;         ///< the file to write; its manifest goes to manifestPathFor(path)
    QString profileName;  ///< for the manifest
    QString operatorName; ///< for the manifest: who exported
    BackendInfo backend;  ///< for the manifest: what the rows came from (kind, schema version)
    int pageSize = 500;   ///< rows per backend call (every backend accepts up to 500)
    /// Login events from this many rows on are read in two halves at once (0: never).
    qint64 twoLanesFromRows = 50'000;
};

/// How far an export has come. `expectedRows` is -1 until known (and stays so where the backend
/// cannot count); `secondsLeft` is -1 while it cannot be estimated.
struct ExportProgress
{
    qint64 rows = 0;
    qint64 expectedRows = -1;
    double rowsPerSecond = 0;
    qint64 secondsLeft = -1;
    qint64 elapsedMs = 0;
    bool recording = false; ///< every row is in: signing and the audit record; cancel no longer stops it
};

/// A finished export.
struct ExportOutcome
{
    QString path;
    QString manifestPath;
    qint64 rows = 0;
    qint64 bytes = 0;
    QString sha256;
    QString keyFingerprint;
    qint64 auditSeq = 0; ///< the `export.create` event
    int lanes = 1;       ///< 2 when the rows were read in two halves at once
    qint64 elapsedMs = 0;
};

/// `NAME.manifest.json` beside `NAME`.
QString manifestPathFor(const QString& exportPath);

/// The filter of a request as its manifest and audit event record it: the list call's query
/// parameters as the API names them, or {"customer_id": …} for a report.
QJsonObject exportFilterJson(const ExportRequest& request);

/// The columns of a list's CSV (and the members of its JSON Lines), in the API's names.
QStringList exportColumns(ExportKind kind);

/// A JSON value as one CSV cell: strings as they are, null as empty, numbers in their shortest
/// exact form, true/false, arrays of strings joined with `;`, other arrays and objects as compact JSON.
QString csvCell(const QJsonValue& value);

/// The operator's Ed25519 signing key: read from the keychain, or made and kept there on first
/// use. `readKey` and `writeKey` run CredentialStore::readSigningKey() and writeSigningKey() and
/// wait for them the way the caller can.
Result<SigningKey> loadOrCreateSigningKey(const std::function<Result<QByteArray>()>& readKey,
                                          const std::function<Status(const QByteArray&)>& writeKey);

/// One export, run on a worker thread while the backend and the keychain stay on the main thread
/// (which runs an event loop): rows are read page by page, the next page asked for while the
/// current one is written, so memory stays flat however many rows there are.
///
/// The file is written as `NAME.part`. When every row is in, the file is synced and hashed, the
/// manifest signed with the operator's key, the export recorded in the audit trail
/// (`export.create`), and only then are `NAME.part` and the manifest renamed to `NAME` and
/// `NAME.manifest.json`. Cancelled, failed or refused (no permission, the audit trail refusing the
/// record): the `.part` files are removed, and the error says why.
class ExportJob : public QObject
{
    Q_OBJECT

public:
    /// `backend` and `credentials` live on the main thread. They may be closed while the job runs;
    /// it then fails as Unavailable. Deleting the job cancels it.
    ExportJob(IdentityBackend* backend, CredentialStore* credentials, ExportRequest request, QObject* parent = nullptr);
    ~ExportJob() override;

    /// Starts the export on a pool thread. Call once, from the main thread.
    QFuture<Result<ExportOutcome>> start();
    /// Asks the job to stop; it ends with Cancelled after the page in hand (thread-safe). Once the
    /// export is being recorded in the audit trail, it completes instead.
    void cancel();

    /// Waits for every export's worker to end. For main() after the event loop returned: the jobs
    /// were told to stop (aboutToQuit), so this takes a moment, and no worker outlives the
    /// application it calls through.
    static void waitForAll();

    /// What the job and its worker share (the worker keeps it after the job is gone).
    struct Shared;

signals:
    /// Several times a second while rows come in, and once when the last row is written.
    void progressed(const idc::ExportProgress& progress);

private:
    void abandon();

    QPointer<IdentityBackend> m_backend;
    QPointer<CredentialStore> m_credentials;
    ExportRequest m_request;
    std::shared_ptr<Shared> m_shared;
    QFuture<Result<ExportOutcome>> m_future;
};

} // namespace idc

Q_DECLARE_METATYPE(idc::ExportProgress)
