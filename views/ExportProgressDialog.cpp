#include "ExportProgressDialog.h"

#include "Async.h"
#include "CredentialStore.h"
#include "DisplayFormat.h"
#include "ExportDialog.h"

#include <QCloseEvent>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

#include <limits>

namespace idc {
ExportProgressDialog::ExportProgressDialog(IdentityBackend* backend, const ExportRequest& request, QWidget* parent)
    : QDialog(parent)
    , m_credentials(new CredentialStore(this))
    , m_job(new ExportJob(backend, m_credentials, request, this))
    , m_folder(QFileInfo(request.path).absolutePath())
{
    setObjectName(QStringLiteral("exportProgressDialog"));
    setWindowModality(Qt::NonModal);
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowTitle(tr("Exporting…"));
    setMinimumWidth(520);

    auto* layout = new QVBoxLayout(this);
    layout->setSpacing(10);
    m_headingLabel = new QLabel(tr("Exporting…"), this);
    m_headingLabel->setObjectName(QStringLiteral("exportHeadingLabel"));
    QFont heading = m_headingLabel->font();
    heading.setBold(true);
    heading.setPointSizeF(heading.pointSizeF() * 1.2);
    m_headingLabel->setFont(heading);
    layout->addWidget(m_headingLabel);

    m_whatLabel =
        new QLabel(tr("%1 → %2").arg(ExportDialog::kindName(request.kind), QFileInfo(request.path).fileName()), this);
    m_whatLabel->setObjectName(QStringLiteral("exportWhatLabel"));
    m_whatLabel->setToolTip(QDir::toNativeSeparators(request.path));
    m_whatLabel->setWordWrap(true);
    layout->addWidget(m_whatLabel);

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("exportProgressBar"));
    m_progress->setRange(0, 0); // busy until the number of rows is known
    m_progress->setTextVisible(false);
    layout->addWidget(m_progress);

    m_statusLabel = new QLabel(tr("Starting…"), this);
    m_statusLabel->setObjectName(QStringLiteral("exportStatusLabel"));
    m_statusLabel->setWordWrap(true);
    m_statusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_statusLabel);
    layout->addStretch();

    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    m_showFolderButton = new QPushButton(tr("Show in &folder"), this);
    m_showFolderButton->setObjectName(QStringLiteral("exportShowFolderButton"));
    m_showFolderButton->hide();
    m_closeButton = new QPushButton(tr("&Close"), this);
    m_closeButton->setObjectName(QStringLiteral("exportCloseButton"));
    m_closeButton->hide();
    m_cancelButton = new QPushButton(tr("&Cancel"), this);
    m_cancelButton->setObjectName(QStringLiteral("exportCancelButton"));
    buttons->addWidget(m_showFolderButton);
    buttons->addWidget(m_closeButton);
    buttons->addWidget(m_cancelButton);
    layout->addLayout(buttons);

    connect(m_cancelButton, &QPushButton::clicked, this, [this] {
        m_job->cancel();
        m_cancelButton->setEnabled(false);
        m_statusLabel->setText(tr("Cancelling…"));
    });
    connect(m_closeButton, &QPushButton::clicked, this, &QDialog::accept);
    connect(m_showFolderButton, &QPushButton::clicked, this,
            [this] { QDesktopServices::openUrl(QUrl::fromLocalFile(m_folder)); });
    connect(m_job, &ExportJob::progressed, this, &ExportProgressDialog::onProgress);
    whenFinished(m_job->start(), this, [this](const Result<ExportOutcome>& outcome) { onFinished(outcome); });
}

ExportProgressDialog::~ExportProgressDialog() = default;

QString ExportProgressDialog::progressText(const ExportProgress& progress)
{
    const QLocale locale = QLocale::system();
    QStringList parts;
    if (progress.expectedRows >= 0)
        parts << tr("%1 of %2 rows").arg(locale.toString(progress.rows), locale.toString(progress.expectedRows));
    else
        parts << tr("%1 rows").arg(locale.toString(progress.rows));
    if (progress.rowsPerSecond > 0)
        parts << tr("%1 rows/s").arg(locale.toString(qRound64(progress.rowsPerSecond)));
    if (progress.secondsLeft >= 0)
        parts << tr("about %1 left").arg(DisplayFormat::clockDuration(progress.secondsLeft));
    return parts.join(QStringLiteral(" · "));
}

void ExportProgressDialog::onProgress(const ExportProgress& progress)
{
    if (!m_running)
        return; // a report queued before the end
    if (progress.expectedRows >= 0) {
        // QProgressBar counts in int: very large exports are shown in ten-thousandths.
        const bool scaled = progress.expectedRows > std::numeric_limits<int>::max();
        const int maximum = scaled ? 10000 : int(progress.expectedRows);
        const qint64 rows = std::min(progress.rows, progress.expectedRows);
        m_progress->setRange(0, std::max(maximum, 1));
        m_progress->setValue(progress.expectedRows == 0 ? 1
                             : scaled                   ? int(rows * 10000 / progress.expectedRows)
                                                        : int(rows));
    }
    if (progress.recording) {
        // Past the point where Cancel could stop it: the file will be kept.
        m_cancelButton->setEnabled(false);
        m_statusLabel->setText(tr("%1 rows written. Signing the file and recording the export in the audit trail…")
                                   .arg(QLocale::system().toString(progress.rows)));
    } else if (m_cancelButton->isEnabled()) {
        m_statusLabel->setText(progressText(progress));
    }
}

void ExportProgressDialog::onFinished(const Result<ExportOutcome>& outcome)
{
    m_running = false;
    m_cancelButton->hide();
    m_closeButton->show();
    m_closeButton->setDefault(true);
    if (outcome) {
        const ExportOutcome& done = outcome.value();
        m_folder = QFileInfo(done.path).absolutePath();
        m_progress->setRange(0, 1);
        m_progress->setValue(1);
        m_showFolderButton->show();
        m_statusLabel->setToolTip(QDir::toNativeSeparators(done.path));
        showEnd(tr("Export finished"),
                tr("Exported %1 rows to %2 (%3). Signed by key %4; the manifest lies beside it.")
                    .arg(QLocale::system().toString(done.rows), QFileInfo(done.path).fileName(),
                         QLocale::system().formattedDataSize(done.bytes), done.keyFingerprint),
                false);
    } else {
        // Nothing was kept: the bar says so too (and a busy indicator stops).
        m_progress->setRange(0, 1);
        m_progress->setValue(0);
        if (outcome.error().kind == ErrorKind::Cancelled)
            showEnd(tr("Export cancelled"), tr("Cancelled. No file was kept."), false);
        else
            showEnd(tr("Export failed"),
                    tr("The export failed: %1").arg(DisplayFormat::errorMessage(outcome.error())) + u'\n' +
                        tr("No file was kept."),
                    true);
    }
    emit exportEnded(outcome.ok());
    if (m_deleteWhenDone && outcome) {
        // Closed too late to stop it: a file was kept after all, so say where.
        m_deleteWhenDone = false;
        show();
    } else if (m_deleteWhenDone) {
        deleteLater();
    }
}

void ExportProgressDialog::showEnd(const QString& heading, const QString& text, bool error)
{
    setWindowTitle(heading);
    m_headingLabel->setText(heading);
    m_statusLabel->setText(text);
    m_statusLabel->setStyleSheet(error ? QStringLiteral("QLabel { color: #b00020; }") : QString());
}

void ExportProgressDialog::reject()
{
    if (m_running)
        cancelAndHide();
    else
        QDialog::reject();
}

void ExportProgressDialog::closeEvent(QCloseEvent* event)
{
    if (m_running) {
        // Waiting here would deadlock: the job reaches the backend through this thread.
        event->ignore();
        cancelAndHide();
        return;
    }
    QDialog::closeEvent(event);
}

void ExportProgressDialog::cancelAndHide()
{
    m_job->cancel();
    m_deleteWhenDone = true;
    hide();
}

} // namespace idc
