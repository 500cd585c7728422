#include "ExportDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonValue>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace idc {
namespace {

constexpr int formatRole = Qt::UserRole;
constexpr int byteOrderMarkRole = Qt::UserRole + 1;

/// `path` with the extension of `format`, replacing the extension of any export format it has.
QString withExtension(const QString& path, ExportFormat format)
{
    QString base = path;
    for (ExportFormat known : {ExportFormat::Csv, ExportFormat::JsonLines, ExportFormat::Json, ExportFormat::Pdf}) {
        const QString suffix = u'.' + fileExtension(known);
        if (base.endsWith(suffix, Qt::CaseInsensitive)) {
            base.chop(suffix.size());
            break;
        }
    }
    return base + u'.' + fileExtension(format);
}

/// The list's filter as the API names it ("country = DE · success = false"), without the sort order.
QString filterSummary(const ExportRequest& request)
{
    QStringList parts;
    const QJsonObject filter = exportFilterJson(request);
    for (auto it = filter.begin(); it != filter.end(); ++it) {
        if (it.key() == u"sort" || it.key() == u"order")
            continue;
        const QJsonValue value = it.value();
        parts << QStringLiteral("%1 = %2").arg(it.key(), value.isString() ? value.toString() : csvCell(value));
    }
    return parts.join(QStringLiteral(" · "));
}

} // namespace

ExportDialog::ExportDialog(const ExportRequest& request, const QString& description, QWidget* parent)
    : QDialog(parent)
    , m_request(request)
{
    setObjectName(QStringLiteral("exportDialog"));
    setWindowTitle(tr("Export"));
    setMinimumWidth(560);

    auto* layout = new QVBoxLayout(this);
    auto* what = new QLabel(description, this);
    what->setObjectName(QStringLiteral("exportDescriptionLabel"));
    what->setWordWrap(true);
    QFont bold = what->font();
    bold.setBold(true);
    what->setFont(bold);
    layout->addWidget(what);
    if (request.kind != ExportKind::CustomerReport) {
        const QString filters = filterSummary(request);
        auto* filterLabel =
            new QLabel(filters.isEmpty() ? tr("No filter: every row.") : tr("Filter: %1").arg(filters), this);
        filterLabel->setObjectName(QStringLiteral("exportFilterLabel"));
        filterLabel->setWordWrap(true);
        filterLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
        layout->addWidget(filterLabel);
    }

    auto* form = new QFormLayout;
    m_formatCombo = new QComboBox(this);
    m_formatCombo->setObjectName(QStringLiteral("exportFormatComboBox"));
    auto addFormat = [this](const QString& label, ExportFormat format, bool byteOrderMark) {
        m_formatCombo->addItem(label);
        const int index = m_formatCombo->count() - 1;
        m_formatCombo->setItemData(index, int(format), formatRole);
        m_formatCombo->setItemData(index, byteOrderMark, byteOrderMarkRole);
    };
    if (request.kind == ExportKind::CustomerReport) {
        addFormat(tr("PDF (readable)"), ExportFormat::Pdf, false);
        addFormat(tr("JSON"), ExportFormat::Json, false);
    } else {
        addFormat(tr("CSV"), ExportFormat::Csv, false);
        addFormat(tr("CSV for Excel (with byte order mark)"), ExportFormat::Csv, true);
        addFormat(tr("JSON Lines"), ExportFormat::JsonLines, false);
    }
    form->addRow(tr("&Format:"), m_formatCombo);

    auto* fileRow = new QHBoxLayout;
    m_pathEdit = new QLineEdit(this);
    m_pathEdit->setObjectName(QStringLiteral("exportPathLineEdit"));
    m_pathEdit->setMinimumWidth(380);
    m_browseButton = new QPushButton(tr("&Browse…"), this);
    m_browseButton->setObjectName(QStringLiteral("exportBrowseButton"));
    fileRow->addWidget(m_pathEdit, 1);
    fileRow->addWidget(m_browseButton);
    form->addRow(tr("F&ile:"), fileRow);
    layout->addLayout(form);

    m_noteLabel = new QLabel(this);
    m_noteLabel->setObjectName(QStringLiteral("exportNoteLabel"));
    m_noteLabel->setWordWrap(true);
    layout->addWidget(m_noteLabel);
    layout->addStretch();

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_exportButton = buttons->addButton(tr("&Export"), QDialogButtonBox::AcceptRole);
    m_exportButton->setObjectName(QStringLiteral("exportAcceptButton"));
    m_exportButton->setDefault(true);
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("exportRejectButton"));
    layout->addWidget(buttons);

    // A format the request already asks for is preselected (the first entry otherwise).
    for (int i = 0; i < m_formatCombo->count(); ++i) {
        if (ExportFormat(m_formatCombo->itemData(i, formatRole).toInt()) == request.format &&
            m_formatCombo->itemData(i, byteOrderMarkRole).toBool() == request.byteOrderMark) {
            m_formatCombo->setCurrentIndex(i);
            break;
        }
    }
    m_folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (m_folder.isEmpty())
        m_folder = QDir::homePath();
    const QString path =
        request.path.isEmpty()
            ? QDir(m_folder).filePath(defaultFileName(request.kind, currentFormat(), QDate::currentDate()))
            : withExtension(request.path, currentFormat());
    m_pathEdit->setText(QDir::toNativeSeparators(path));

    connect(m_formatCombo, &QComboBox::currentIndexChanged, this, &ExportDialog::onFormatChanged);
    connect(m_pathEdit, &QLineEdit::textChanged, this, &ExportDialog::updateState);
    connect(m_browseButton, &QPushButton::clicked, this, &ExportDialog::browse);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateState();
}

ExportRequest ExportDialog::request() const
{
    ExportRequest request = m_request;
    request.format = currentFormat();
    request.byteOrderMark = m_formatCombo->currentData(byteOrderMarkRole).toBool();
    // A bare name goes where the suggested one would have, not to the process's working folder.
    request.path = QDir(m_folder).absoluteFilePath(QDir::fromNativeSeparators(m_pathEdit->text().trimmed()));
    return request;
}

void ExportDialog::accept()
{
    const QString path = request().path;
    if (QFileInfo::exists(path) || QFileInfo::exists(manifestPathFor(path))) {
        const auto confirm = m_confirmReplace ? m_confirmReplace : [this](const QString& file) {
            return QMessageBox::question(
                       this, tr("Replace export?"),
                       tr("%1 exists already. Replace it and its manifest?").arg(QDir::toNativeSeparators(file)),
                       QMessageBox::Yes | QMessageBox::No, QMessageBox::No) == QMessageBox::Yes;
        };
        if (!confirm(path))
            return;
    }
    QDialog::accept();
}

QString ExportDialog::kindName(ExportKind kind)
{
    switch (kind) {
    case ExportKind::Customers:
        return tr("Customers");
    case ExportKind::Sessions:
        return tr("Sessions");
    case ExportKind::LoginEvents:
        return tr("Login events");
    case ExportKind::AuditEvents:
        return tr("Audit events");
    case ExportKind::CustomerReport:
        return tr("Customer data report");
    }
    return toString(kind);
}

QString ExportDialog::defaultFileName(ExportKind kind, ExportFormat format, const QDate& day)
{
    // Untranslated on purpose: the names match what `identity-console export` writes.
    return QStringLiteral("%1-%2.%3").arg(toString(kind), day.toString(Qt::ISODate), fileExtension(format));
}

ExportFormat ExportDialog::currentFormat() const
{
    return ExportFormat(m_formatCombo->currentData(formatRole).toInt());
}

void ExportDialog::onFormatChanged()
{
    const QString path = m_pathEdit->text().trimmed();
    if (!path.isEmpty())
        m_pathEdit->setText(QDir::toNativeSeparators(withExtension(QDir::fromNativeSeparators(path), currentFormat())));
}

void ExportDialog::browse()
{
    const ExportFormat format = currentFormat();
    const QString ext = fileExtension(format);
    const QString filter = tr("%1 files (*.%2)").arg(m_formatCombo->currentText(), ext);
    QString path = QFileDialog::getSaveFileName(this, tr("Export to"), m_pathEdit->text(), filter);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += u'.' + ext;
    m_pathEdit->setText(QDir::toNativeSeparators(path));
}

void ExportDialog::updateState()
{
    const QString path = m_pathEdit->text().trimmed();
    m_exportButton->setEnabled(!path.isEmpty());
    const QString manifest = path.isEmpty() ? tr("FILE.manifest.json")
                                            : QFileInfo(manifestPathFor(QDir::fromNativeSeparators(path))).fileName();
    m_noteLabel->setText(tr("A signed manifest (%1) is written beside the file. The export is recorded in the audit "
                            "trail.")
                             .arg(manifest));
}

} // namespace idc
