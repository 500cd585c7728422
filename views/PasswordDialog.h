#pragma once

#include "ConnectionProfile.h"
#include "Result.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace idc {

/// Asks for the password of a profile that needs one when the keychain has none (or has none to
/// offer). Show it with open(): it emits passwordEntered() when accepted, and password() still
/// holds the text until the dialog is destroyed (set Qt::WA_DeleteOnClose to drop it early).
class PasswordDialog : public QDialog
{
    Q_OBJECT

public:
    explicit PasswordDialog(const ConnectionProfile& profile, QWidget* parent = nullptr);
    ~PasswordDialog() override;

    const ConnectionProfile& profile() const { return m_profile; }
    QString password() const;

    /// Says why the password is asked again (for instance the server refused the last one).
    void setError(const Error& error);

    void accept() override;

signals:
    void passwordEntered(const idc::ConnectionProfile& profile, const QString& password);

private:
    void updateOkButton();

    ConnectionProfile m_profile;
    QLabel* m_promptLabel;
    QLabel* m_errorLabel;
    QLineEdit* m_passwordEdit;
    QDialogButtonBox* m_buttons;
    QPushButton* m_okButton;
};

} // namespace idc
