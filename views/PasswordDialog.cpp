#include "PasswordDialog.h"

#include "DisplayFormat.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace idc {

PasswordDialog::PasswordDialog(const ConnectionProfile& profile, QWidget* parent)
    : QDialog(parent)
    , m_profile(profile)
{
    setObjectName(QStringLiteral("passwordDialog"));
    setWindowTitle(tr("Password"));

    const QString where = QStringLiteral("%1@%2/%3").arg(profile.user, profile.host, profile.database);
    m_promptLabel = new QLabel(tr("Enter the password of <b>%1</b> for the profile “%2”.")
                                   .arg(where.toHtmlEscaped(), profile.name.toHtmlEscaped()),
                               this);
    m_promptLabel->setObjectName(QStringLiteral("promptLabel"));
    m_promptLabel->setTextFormat(Qt::RichText);
    m_promptLabel->setWordWrap(true);

    m_errorLabel = new QLabel(this);
    m_errorLabel->setObjectName(QStringLiteral("errorLabel"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorLabel->hide();

    m_passwordEdit = new QLineEdit(this);
    m_passwordEdit->setObjectName(QStringLiteral("passwordLineEdit"));
    m_passwordEdit->setEchoMode(QLineEdit::Password);

    auto* form = new QFormLayout;
    form->addRow(tr("&Password:"), m_passwordEdit);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(QStringLiteral("dialogButtonBox"));
    m_okButton = m_buttons->button(QDialogButtonBox::Ok);
    m_okButton->setObjectName(QStringLiteral("okButton"));
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_promptLabel);
    layout->addWidget(m_errorLabel);
    layout->addLayout(form);
    layout->addWidget(m_buttons);
    setMinimumWidth(380);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &PasswordDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &PasswordDialog::reject);
    connect(m_passwordEdit, &QLineEdit::textChanged, this, &PasswordDialog::updateOkButton);
    updateOkButton();
    m_passwordEdit->setFocus();
}

PasswordDialog::~PasswordDialog() = default;

QString PasswordDialog::password() const
{
    return m_passwordEdit->text();
}

void PasswordDialog::setError(const Error& error)
{
    m_errorLabel->setText(DisplayFormat::errorMessage(error));
    m_errorLabel->show();
}

void PasswordDialog::accept()
{
    // An empty password would only send the console back to the keychain, which has none.
    if (m_passwordEdit->text().isEmpty())
        return;
    emit passwordEntered(m_profile, m_passwordEdit->text());
    QDialog::accept();
}

void PasswordDialog::updateOkButton()
{
    m_okButton->setEnabled(!m_passwordEdit->text().isEmpty());
}

} // namespace idc
