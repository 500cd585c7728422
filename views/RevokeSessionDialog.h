#pragma once

#include "Session.h"

#include <QDialog>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace idc {

/// Asks why one session, or all active sessions, of a customer should be signed out, and for an
/// optional note for the audit trail. OK stays disabled until a reason is chosen: there is no
/// default, so the audit trail never records a reason nobody picked.
class RevokeSessionDialog : public QDialog
{
    Q_OBJECT

public:
    /// `sessionCount` sessions of `customerName`; `all` when the operator signs out every active one.
    RevokeSessionDialog(const QString& customerName, int sessionCount, bool all, QWidget* parent = nullptr);
    /// Sessions of many customers: `summary` says which and how many, `okText` labels the button.
    RevokeSessionDialog(const QString& summary, const QString& okText, QWidget* parent = nullptr);

    /// The chosen reason; none until the operator picks one.
    std::optional<RevokeReason> reason() const;
    QString note() const;

    /// The reasons an operator may give (not the backend's own SessionLimit).
    static QList<RevokeReason> selectableReasons();

private:
    void build(const QString& title, const QString& summary, const QString& okText, const QString& explanationText);
    void updateOk();

    QLabel* m_summaryLabel;
    QComboBox* m_reasonCombo;
    QLineEdit* m_noteEdit;
    QPushButton* m_okButton;
    QPushButton* m_cancelButton;
};

} // namespace idc
