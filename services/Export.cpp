#include "Export.h"

#include <QRegularExpression>

namespace idc {

namespace {

struct KindName
{
    ExportKind kind;
    const char* name;
};
constexpr KindName kindNames[] = {
    {ExportKind::Customers, "customers"},
    {ExportKind::Sessions, "sessions"},
    {ExportKind::LoginEvents, "login-events"},
    {ExportKind::AuditEvents, "audit-events"},
    {ExportKind::CustomerReport, "customer-report"},
};

struct FormatName
{
    ExportFormat format;
    const char* name;
};
constexpr FormatName formatNames[] = {
    {ExportFormat::Csv, "csv"},
    {ExportFormat::JsonLines, "jsonl"},
    {ExportFormat::Json, "json"},
    {ExportFormat::Pdf, "pdf"},
};

} // namespace

QString toString(ExportKind kind)
{
    for (const KindName& k : kindNames) {
        if (k.kind == kind)
            return QLatin1StringView(k.name);
    }
    return {};
}

QString toString(ExportFormat format)
{
    for (const FormatName& f : formatNames) {
        if (f.format == format)
            return QLatin1StringView(f.name);
    }
    return {};
}

std::optional<ExportKind> exportKindFromString(const QString& text)
{
    for (const KindName& k : kindNames) {
        if (text == QLatin1StringView(k.name))
            return k.kind;
    }
    return std::nullopt;
}

std::optional<ExportFormat> exportFormatFromString(const QString& text)
{
    for (const FormatName& f : formatNames) {
        if (text == QLatin1StringView(f.name))
            return f.format;
    }
    return std::nullopt;
}

QString fileExtension(ExportFormat format)
{
    return toString(format);
}

bool formatSuits(ExportKind kind, ExportFormat format)
{
    const bool report = kind == ExportKind::CustomerReport;
    const bool document = format == ExportFormat::Json || format == ExportFormat::Pdf;
    return report == document;
}

bool ExportRecord::isValid() const
{
    static const QRegularExpression hex64(QStringLiteral("^[0-9a-f]{64}$"));
    return formatSuits(kind, format) && !fileName.isEmpty() && fileName.size() <= 255 && !fileName.contains(u'/') &&
           !fileName.contains(u'\\') && rows >= 0 && bytes >= 0 && hex64.match(sha256).hasMatch() &&
           keyFingerprint.size() <= 128 && (kind == ExportKind::CustomerReport) != customerId.isNull();
}

} // namespace idc
