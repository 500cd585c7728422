#pragma once

#include "ExportJob.h"

#include <QDialog>

class QLabel;
class QProgressBar;
class QPushButton;

namespace idc {

class CredentialStore;
class IdentityBackend;

/// One export running while the console stays usable: what goes where, progress with rows, speed
/// and time left, and Cancel; then what was written and signed (with "Show in folder"), or why
/// nothing was kept. Non-modal and deleted on close. Closed while the export runs, it asks the job
/// to stop and hides, and goes once the job has ended (it never waits for the job).
class ExportProgressDialog : public QDialog
{
    Q_OBJECT

public:
    /// Starts the export at once. `backend` lives on the main thread.
    ExportProgressDialog(IdentityBackend* backend, const ExportRequest& request, QWidget* parent = nullptr);
    ~ExportProgressDialog() override;

    bool isRunning() const { return m_running; }

    /// "12,345 of 1,000,000 rows · 45,678 rows/s · about 0:21 left", leaving out what is unknown.
    static QString progressText(const ExportProgress& progress);

signals:
    /// The job has ended, however it ended (the text says how).
    void exportEnded(bool succeeded);

public slots:
    void reject() override;

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void onProgress(const ExportProgress& progress);
    void onFinished(const Result<ExportOutcome>& outcome);
    void cancelAndHide();
    void showEnd(const QString& heading, const QString& text, bool error);

    CredentialStore* m_credentials;
    ExportJob* m_job;
    bool m_running = true;
    bool m_deleteWhenDone = false; ///< closed while running: goes when the job ends
    QString m_folder;

    QLabel* m_headingLabel;
    QLabel* m_whatLabel;
    QProgressBar* m_progress;
    QLabel* m_statusLabel;
    QPushButton* m_cancelButton;
    QPushButton* m_showFolderButton;
    QPushButton* m_closeButton;
};

} // namespace idc
