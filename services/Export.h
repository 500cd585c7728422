#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QUuid>

#include <optional>

namespace idc {

/// What an export takes out: one of the lists the console shows, or one customer's data report
/// (for a data subject's access request).
enum class ExportKind
{
    Customers,
    Sessions,
    LoginEvents,
    AuditEvents,
    CustomerReport,
};

enum class ExportFormat
{
    Csv,       ///< RFC 4180, UTF-8
    JsonLines, ///< one JSON object per line
    Json,      ///< one JSON document (the customer report)
    Pdf,       ///< a readable document (the customer report)
};

/// One finished export as the audit trail keeps it (`export.create`).
struct ExportRecord
{
    ExportKind kind = ExportKind::Customers;
    ExportFormat format = ExportFormat::Csv;
    QJsonObject filter;     ///< the list's filter in the API's names; {"customer_id": …} for a report
    QString fileName;       ///< the file's name without its folder
    qint64 rows = 0;        ///< data rows (a report: the records it holds)
    qint64 bytes = 0;       ///< the file's size
    QString sha256;         ///< the file's SHA-256, 64 lowercase hex digits
    QString keyFingerprint; ///< the signing key's fingerprint (ExportManifest's keyFingerprint())
    QUuid customerId;       ///< the customer a report is about; null for a list

    bool operator==(const ExportRecord&) const = default;
    /// Everything filled in and within bounds (what every backend checks before it appends).
    bool isValid() const;
};

// String forms used in manifests, in the API and on the command line ("login-events", "jsonl").
QString toString(ExportKind kind);
QString toString(ExportFormat format);
std::optional<ExportKind> exportKindFromString(const QString& text);
std::optional<ExportFormat> exportFormatFromString(const QString& text);
/// The file name extension of a format, without the dot ("csv", "jsonl", "json", "pdf").
QString fileExtension(ExportFormat format);
/// Whether `format` can carry `kind`: the lists as CSV or JSON Lines, the report as JSON or PDF.
bool formatSuits(ExportKind kind, ExportFormat format);

} // namespace idc

Q_DECLARE_METATYPE(idc::ExportRecord)
