#include "AccountActionDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace idc {

AccountActionDialog::AccountActionDialog(const QString& title, const QString& summary, const QString& okText,
                                         bool reasonRequired, QWidget* parent)
    : QDialog(parent)
    , m_reasonRequired(reasonRequired)
{
    setObjectName(QStringLiteral("accountActionDialog"));
    setWindowTitle(title);
    auto* layout = new QVBoxLayout(this);
    auto* summaryLabel = new QLabel(summary, this);
    summaryLabel->setObjectName(QStringLiteral("summaryLabel"));
    summaryLabel->setWordWrap(true);
    layout->addWidget(summaryLabel);

    auto* form = new QFormLayout;
    m_reasonEdit = new QLineEdit(this);
    m_reasonEdit->setObjectName(QStringLiteral("reasonLineEdit"));
    m_reasonEdit->setMaxLength(maxReasonLength);
    m_reasonEdit->setMinimumWidth(360);
    m_reasonEdit->setPlaceholderText(reasonRequired ? tr("Required, kept in the audit trail")
                                                    : tr("Optional, kept in the audit trail"));
    form->addRow(tr("Reason:"), m_reasonEdit);
    layout->addLayout(form);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_okButton = buttons->button(QDialogButtonBox::Ok);
    m_okButton->setObjectName(QStringLiteral("okButton"));
    m_okButton->setText(okText);
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_reasonEdit, &QLineEdit::textChanged, this, &AccountActionDialog::updateOk);
    updateOk();
}

QString AccountActionDialog::reason() const
{
    return m_reasonEdit->text().trimmed();
}

void AccountActionDialog::updateOk()
{
    m_okButton->setEnabled(!m_reasonRequired || !reason().isEmpty());
}

} // namespace idc
