#pragma once

#include "ConnectionProfile.h"
#include "Result.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace idc {

/// Logs an operator in to a REST profile: user name, password and, when the operator has MFA,
/// an authenticator code. The dialog stays open while the server answers: loginRequested() asks
/// for the login; setError() shows why it failed (an MfaRequired error reveals the code field),
/// and succeed() closes it. Rejecting it means the operator gave up.
class LoginDialog : public QDialog
{
    Q_OBJECT

public:
    LoginDialog(const ConnectionProfile& profile, const Error& reason, QWidget* parent = nullptr);
    ~LoginDialog() override;

    const ConnectionProfile& profile() const { return m_profile; }

    /// The last attempt failed: says why and lets the operator try again.
    void setError(const Error& error);
    /// The login worked.
    void succeed();

    void accept() override;

signals:
    void loginRequested(const QString& username, const QString& password, const QString& totpCode);

private:
    void updateOkButton();
    void setWaiting(bool waiting);

    ConnectionProfile m_profile;
    QLabel* m_promptLabel;
    QLabel* m_errorLabel;
    QLineEdit* m_userEdit;
    QLineEdit* m_passwordEdit;
    QLabel* m_codeLabel;
    QLineEdit* m_codeEdit;
    QDialogButtonBox* m_buttons;
    QPushButton* m_okButton;
    bool m_waiting = false;
};

} // namespace idc
