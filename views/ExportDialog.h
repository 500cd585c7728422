#pragma once

#include "ExportJob.h"

#include <QDate>
#include <QDialog>

#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace idc {

/// Asks how to export what the operator is looking at: the format, the file, and says what else
/// happens (a signed manifest beside the file, a record in the audit trail). The request it is
/// given carries the kind and the list's current query (or the report's customer); request()
/// adds the operator's choices.
class ExportDialog : public QDialog
{
    Q_OBJECT

public:
    /// `description` is one line saying what will be exported ("Login events matching the
    /// current filter").
    ExportDialog(const ExportRequest& request, const QString& description, QWidget* parent = nullptr);

    /// The template with the chosen format, byte order mark and path filled in.
    ExportRequest request() const;

    /// What an export of `kind` is called ("Login events").
    static QString kindName(ExportKind kind);
    /// "login-events-2026-11-24.csv": the kind, the day and the format's extension.
    static QString defaultFileName(ExportKind kind, ExportFormat format, const QDate& day);

    /// Asked before an existing file (or its manifest) is replaced; true replaces it. A question
    /// box by default; tests answer it themselves.
    void setConfirmReplace(std::function<bool(const QString& path)> confirm) { m_confirmReplace = std::move(confirm); }

public slots:
    void accept() override;

private:
    ExportFormat currentFormat() const;
    void onFormatChanged();
    void browse();
    void updateState();

    ExportRequest m_request;
    QString m_folder; ///< where a name without a folder goes
    std::function<bool(const QString&)> m_confirmReplace;
    QComboBox* m_formatCombo;
    QLineEdit* m_pathEdit;
    QPushButton* m_browseButton;
    QLabel* m_noteLabel;
    QPushButton* m_exportButton;
};

} // namespace idc
