#include "RevokeSessionDialog.h"

#include "DisplayFormat.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace idc {

RevokeSessionDialog::RevokeSessionDialog(const QString& customerName, int sessionCount, bool all, QWidget* parent)
    : QDialog(parent)
{
    const QString name = customerName.isEmpty() ? tr("this customer") : customerName;
    QString summary;
    // English plurals spelled out: the source language has no translation file of its own.
    if (!all || sessionCount == 1)
        summary =
            all ? tr("Sign out the only active session of %1?").arg(name) : tr("Sign out 1 session of %1?").arg(name);
    else
        summary = tr("Sign out all %n active sessions of %1?", nullptr, sessionCount).arg(name);
    build(all ? tr("Sign out all sessions") : tr("Sign out session"), summary,
          all ? tr("Sign out all") : tr("Sign out"),
          tr("The customer has to sign in again on those devices. The audit trail records who signed them out "
             "and why."));
}

RevokeSessionDialog::RevokeSessionDialog(const QString& summary, const QString& okText, QWidget* parent)
    : QDialog(parent)
{
    build(tr("Sign out sessions"), summary, okText,
          tr("Each customer has to sign in again on those devices. The audit trail records every session "
             "signed out, by whom and why."));
}

void RevokeSessionDialog::build(const QString& title, const QString& summary, const QString& okText,
                                const QString& explanationText)
{
    setObjectName(QStringLiteral("revokeSessionDialog"));
    setWindowTitle(title);
    auto* layout = new QVBoxLayout(this);

    m_summaryLabel = new QLabel(summary, this);
    m_summaryLabel->setObjectName(QStringLiteral("summaryLabel"));
    m_summaryLabel->setWordWrap(true);
    layout->addWidget(m_summaryLabel);

    auto* form = new QFormLayout;
    m_reasonCombo = new QComboBox(this);
    m_reasonCombo->setObjectName(QStringLiteral("reasonComboBox"));
    m_reasonCombo->addItem(tr("Choose a reason…"));
    for (RevokeReason reason : selectableReasons())
        m_reasonCombo->addItem(DisplayFormat::revokeReasonName(reason), int(reason));
    m_reasonCombo->setCurrentIndex(0);
    form->addRow(tr("Reason:"), m_reasonCombo);

    m_noteEdit = new QLineEdit(this);
    m_noteEdit->setObjectName(QStringLiteral("noteLineEdit"));
    m_noteEdit->setMaxLength(Session::maxNoteLength);
    m_noteEdit->setPlaceholderText(tr("Optional, kept in the audit trail"));
    m_noteEdit->setMinimumWidth(320);
    form->addRow(tr("Note:"), m_noteEdit);
    layout->addLayout(form);

    auto* explanation = new QLabel(explanationText, this);
    explanation->setWordWrap(true);
    layout->addWidget(explanation);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_okButton = buttons->button(QDialogButtonBox::Ok);
    m_okButton->setObjectName(QStringLiteral("okButton"));
    m_okButton->setText(okText);
    m_cancelButton = buttons->button(QDialogButtonBox::Cancel);
    m_cancelButton->setObjectName(QStringLiteral("cancelButton"));
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_reasonCombo, &QComboBox::currentIndexChanged, this, &RevokeSessionDialog::updateOk);
    updateOk();
}

QList<RevokeReason> RevokeSessionDialog::selectableReasons()
{
    return {RevokeReason::AdminAction, RevokeReason::SecurityAlert, RevokeReason::UserLogout,
            RevokeReason::PasswordChange, RevokeReason::DeviceRemoved};
}

std::optional<RevokeReason> RevokeSessionDialog::reason() const
{
    const QVariant data = m_reasonCombo->currentData();
    if (!data.isValid())
        return std::nullopt;
    return RevokeReason(data.toInt());
}

QString RevokeSessionDialog::note() const
{
    return m_noteEdit->text().trimmed();
}

void RevokeSessionDialog::updateOk()
{
    m_okButton->setEnabled(reason().has_value());
}

} // namespace idc
