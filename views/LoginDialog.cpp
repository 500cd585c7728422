#include "LoginDialog.h"

#include "DisplayFormat.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QVBoxLayout>

namespace idc {

LoginDialog::LoginDialog(const ConnectionProfile& profile, const Error& reason, QWidget* parent)
    : QDialog(parent)
    , m_profile(profile)
{
    setObjectName(QStringLiteral("loginDialog"));
    setWindowTitle(tr("Sign in"));

    m_promptLabel = new QLabel(
        tr("Sign in to <b>%1</b> (%2).").arg(profile.name.toHtmlEscaped(), profile.baseUrl.toHtmlEscaped()), this);
    m_promptLabel->setObjectName(QStringLiteral("promptLabel"));
    m_promptLabel->setTextFormat(Qt::RichText);
    m_promptLabel->setWordWrap(true);

    m_errorLabel = new QLabel(this);
    m_errorLabel->setObjectName(QStringLiteral("errorLabel"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorLabel->hide();

    m_userEdit = new QLineEdit(profile.user, this);
    m_userEdit->setObjectName(QStringLiteral("userLineEdit"));
    m_passwordEdit = new QLineEdit(this);
    m_passwordEdit->setObjectName(QStringLiteral("passwordLineEdit"));
    m_passwordEdit->setEchoMode(QLineEdit::Password);
    m_codeEdit = new QLineEdit(this);
    m_codeEdit->setObjectName(QStringLiteral("codeLineEdit"));
    m_codeEdit->setPlaceholderText(tr("6-digit code or a recovery code"));
    m_codeEdit->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9A-Za-z-]{0,32}")), m_codeEdit));

    auto* form = new QFormLayout;
    form->addRow(tr("&User name:"), m_userEdit);
    form->addRow(tr("&Password:"), m_passwordEdit);
    m_codeLabel = new QLabel(tr("Authenticator &code:"), this);
    m_codeLabel->setBuddy(m_codeEdit);
    form->addRow(m_codeLabel, m_codeEdit);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(QStringLiteral("dialogButtonBox"));
    m_okButton = m_buttons->button(QDialogButtonBox::Ok);
    m_okButton->setObjectName(QStringLiteral("okButton"));
    m_okButton->setText(tr("Sign in"));
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_promptLabel);
    layout->addWidget(m_errorLabel);
    layout->addLayout(form);
    layout->addWidget(m_buttons);
    setMinimumWidth(420);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &LoginDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &LoginDialog::reject);
    connect(m_userEdit, &QLineEdit::textChanged, this, &LoginDialog::updateOkButton);
    connect(m_passwordEdit, &QLineEdit::textChanged, this, &LoginDialog::updateOkButton);

    m_codeLabel->setVisible(reason.kind == ErrorKind::MfaRequired);
    m_codeEdit->setVisible(reason.kind == ErrorKind::MfaRequired);
    // At open with no token there is nothing to explain; an expired session is worth a word.
    if (reason.kind == ErrorKind::Unauthorized && !reason.detail.isEmpty()) {
        m_errorLabel->setText(tr("Your session has ended. Sign in again to continue."));
        m_errorLabel->show();
    }
    updateOkButton();
    (m_userEdit->text().isEmpty() ? m_userEdit : m_passwordEdit)->setFocus();
}

LoginDialog::~LoginDialog()
{
    // The password is not kept once the dialog goes.
    m_passwordEdit->clear();
}

void LoginDialog::setError(const Error& error)
{
    setWaiting(false);
    if (error.kind == ErrorKind::MfaRequired) {
        m_codeLabel->show();
        m_codeEdit->show();
        m_codeEdit->setFocus();
    } else {
        m_passwordEdit->clear();
        m_codeEdit->clear();
        m_passwordEdit->setFocus();
    }
    m_errorLabel->setText(error.kind == ErrorKind::Unauthorized
                              ? tr("The user name, password or code was not accepted.")
                              : DisplayFormat::errorMessage(error));
    m_errorLabel->show();
}

void LoginDialog::succeed()
{
    setWaiting(false);
    m_passwordEdit->clear();
    QDialog::accept();
}

void LoginDialog::accept()
{
    if (m_waiting || m_userEdit->text().trimmed().isEmpty() || m_passwordEdit->text().isEmpty())
        return;
    setWaiting(true);
    emit loginRequested(m_userEdit->text().trimmed(), m_passwordEdit->text(), m_codeEdit->text().trimmed());
}

void LoginDialog::setWaiting(bool waiting)
{
    m_waiting = waiting;
    m_userEdit->setEnabled(!waiting);
    m_passwordEdit->setEnabled(!waiting);
    m_codeEdit->setEnabled(!waiting);
    m_okButton->setText(waiting ? tr("Signing in…") : tr("Sign in"));
    updateOkButton();
}

void LoginDialog::updateOkButton()
{
    m_okButton->setEnabled(!m_waiting && !m_userEdit->text().trimmed().isEmpty() && !m_passwordEdit->text().isEmpty());
}

} // namespace idc
