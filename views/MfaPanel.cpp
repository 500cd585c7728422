#include "MfaPanel.h"

#include "AccountActionDialog.h"
#include "Async.h"
#include "DisplayFormat.h"
#include "MfaEnrollmentDialog.h"
#include "RecoveryCodesWidget.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace idc {

MfaPanel::MfaPanel(QWidget* parent)
    : QGroupBox(tr("Authenticator app (TOTP)"), parent)
{
    setObjectName(QStringLiteral("mfaPanel"));
    auto* form = new QFormLayout(this);
    m_stateLabel = new QLabel(this);
    m_stateLabel->setObjectName(QStringLiteral("mfaStateLabel"));
    form->addRow(tr("Status:"), m_stateLabel);
    m_detailLabel = new QLabel(this);
    m_detailLabel->setObjectName(QStringLiteral("mfaDetailLabel"));
    m_detailLabel->setWordWrap(true);
    form->addRow(tr("Recovery codes:"), m_detailLabel);
    auto* buttons = new QHBoxLayout;
    m_setUpButton = new QPushButton(tr("Set up…"), this);
    m_setUpButton->setObjectName(QStringLiteral("mfaSetUpButton"));
    m_codesButton = new QPushButton(tr("New recovery codes…"), this);
    m_codesButton->setObjectName(QStringLiteral("mfaCodesButton"));
    m_resetButton = new QPushButton(tr("Reset…"), this);
    m_resetButton->setObjectName(QStringLiteral("mfaResetButton"));
    buttons->addWidget(m_setUpButton);
    buttons->addWidget(m_codesButton);
    buttons->addWidget(m_resetButton);
    buttons->addStretch(1);
    form->addRow(buttons);
    m_messageLabel = new QLabel(this);
    m_messageLabel->setObjectName(QStringLiteral("mfaMessageLabel"));
    m_messageLabel->setWordWrap(true);
    m_messageLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(m_messageLabel);

    connect(m_setUpButton, &QPushButton::clicked, this, &MfaPanel::setUp);
    connect(m_codesButton, &QPushButton::clicked, this, &MfaPanel::regenerate);
    connect(m_resetButton, &QPushButton::clicked, this, &MfaPanel::confirmReset);
    display();
}

QString MfaPanel::defaultCustomerIssuer()
{
    return QStringLiteral("Example Shop");
}

QString MfaPanel::customerIssuer(const QSettings& settings)
{
    const QString issuer = settings.value(QStringLiteral("mfa/issuer")).toString().trimmed();
    return issuer.isEmpty() ? defaultCustomerIssuer() : issuer;
}

void MfaPanel::setCustomerIssuer(QSettings& settings, const QString& issuer)
{
    if (issuer.trimmed().isEmpty() || issuer.trimmed() == defaultCustomerIssuer())
        settings.remove(QStringLiteral("mfa/issuer"));
    else
        settings.setValue(QStringLiteral("mfa/issuer"), issuer.trimmed());
}

void MfaPanel::setSubject(const MfaSubject& subject, const QString& who, const QString& issuer)
{
    if (subject.customerId != m_subject.customerId || !m_loaded)
        m_messageLabel->clear();
    m_subject = subject;
    m_busy = false; // a request for someone shown before answers into their own context
    m_who = who;
    m_issuer = issuer;
    reload();
}

void MfaPanel::setActionsAllowed(bool allowed)
{
    m_actionsAllowed = allowed;
    display();
}

void MfaPanel::reload()
{
    m_loaded = false;
    display();
    if (!m_backend)
        return;
    const quint64 request = ++m_request;
    whenFinished(m_backend->mfaStatus(m_subject), this, [this, request](const Result<MfaStatus>& status) {
        if (request != m_request)
            return;
        if (!status) {
            m_stateLabel->setText(tr("Unknown"));
            m_messageLabel->setText(tr("Could not read: %1").arg(DisplayFormat::errorMessage(status.error())));
            return;
        }
        m_status = status.value();
        m_loaded = true;
        display();
    });
}

void MfaPanel::display()
{
    const bool idle = m_loaded && !m_busy && m_actionsAllowed && m_backend;
    if (!m_loaded) {
        m_stateLabel->setText(tr("Loading…"));
        m_detailLabel->clear();
    } else {
        switch (m_status.state) {
        case MfaState::Off:
            m_stateLabel->setText(tr("Off"));
            m_detailLabel->setText(tr("none"));
            break;
        case MfaState::Pending:
            m_stateLabel->setText(
                tr("Being set up since %1 (waiting for the first code)").arg(DisplayFormat::dateTime(m_status.since)));
            m_detailLabel->setText(tr("none yet"));
            break;
        case MfaState::On:
            m_stateLabel->setText(m_status.since.isValid()
                                      ? tr("<b>On</b> since %1").arg(DisplayFormat::dateTime(m_status.since))
                                      : tr("<b>On</b> (set up before this console kept authenticators)"));
            if (m_status.recoveryCodesCreatedAt.isValid() || m_status.recoveryCodesLeft > 0)
                m_detailLabel->setText(tr("%1 of %2 unused, made %3")
                                           .arg(m_status.recoveryCodesLeft)
                                           .arg(recoveryCodeCount)
                                           .arg(DisplayFormat::dateTime(m_status.recoveryCodesCreatedAt)));
            else
                m_detailLabel->setText(tr("none on record"));
            break;
        }
    }
    m_setUpButton->setText(m_loaded && m_status.state == MfaState::Pending ? tr("Continue setup…") : tr("Set up…"));
    m_setUpButton->setEnabled(idle && m_status.state != MfaState::On);
    m_setUpButton->setToolTip(m_loaded && m_status.state == MfaState::On
                                  ? tr("Already on; reset it first to set up another phone")
                                  : tr("Show a QR code to scan with an authenticator app"));
    m_codesButton->setEnabled(idle && m_status.state == MfaState::On);
    m_codesButton->setToolTip(tr("Make a new set of recovery codes; the old ones stop working"));
    m_resetButton->setEnabled(idle && m_status.state != MfaState::Off);
    m_resetButton->setToolTip(tr("Turn the authenticator off, for example after a lost phone"));
}

void MfaPanel::setUp()
{
    auto* dialog = new MfaEnrollmentDialog(m_backend, m_subject, m_issuer, m_who, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &MfaEnrollmentDialog::enrolled, this, [this] {
        m_messageLabel->setText(tr("Authenticator turned on."));
        reload();
        emit changed();
    });
    // A setup left half-way stays pending; show that.
    connect(dialog, &QDialog::finished, this, [this] { reload(); });
    dialog->open();
    emit dialogOpened(dialog);
}

void MfaPanel::regenerate()
{
    auto* question =
        new QMessageBox(QMessageBox::Question, tr("New recovery codes"),
                        tr("Make new recovery codes for %1? The %n unused code(s) of the current set stop working.",
                           nullptr, m_status.recoveryCodesLeft)
                            .arg(m_who),
                        QMessageBox::Cancel, this);
    question->setObjectName(QStringLiteral("regenerateQuestion"));
    question->setAttribute(Qt::WA_DeleteOnClose);
    auto* make = question->addButton(tr("Make new codes"), QMessageBox::AcceptRole);
    make->setObjectName(QStringLiteral("makeCodesButton"));
    question->setDefaultButton(QMessageBox::Cancel);
    connect(make, &QPushButton::clicked, this, &MfaPanel::runRegenerate);
    question->open();
    emit dialogOpened(question);
}

void MfaPanel::runRegenerate()
{
    if (!m_backend)
        return;
    m_busy = true;
    display();
    m_messageLabel->setText(tr("Working…"));
    // The codes belong to whoever was shown when asked, even if someone else is shown by now.
    const MfaSubject subject = m_subject;
    const QString who = m_who;
    const QString issuer = m_issuer;
    whenFinished(m_backend->regenerateRecoveryCodes(subject), this,
                 [this, subject, who, issuer](const Result<RecoveryCodeSet>& set) {
                     const bool sameSubject = subject.customerId == m_subject.customerId;
                     if (sameSubject)
                         m_busy = false;
                     if (!set) {
                         if (sameSubject) {
                             m_messageLabel->setText(
                                 tr("No new codes: %1").arg(DisplayFormat::errorMessage(set.error())));
                             display();
                         }
                         return;
                     }
                     if (sameSubject) {
                         m_messageLabel->setText(tr("New recovery codes made; the old ones no longer work."));
                         reload();
                     }
                     emit changed();
                     auto* dialog = new RecoveryCodesDialog(set->codes, who, issuer, set->createdAt, this);
                     dialog->setAttribute(Qt::WA_DeleteOnClose);
                     dialog->setWindowTitle(tr("New recovery codes for %1").arg(who));
                     dialog->open();
                     emit dialogOpened(dialog);
                 });
}

void MfaPanel::confirmReset()
{
    const QString summary =
        m_status.state == MfaState::Pending
            ? tr("Cancel the authenticator setup of %1? The key shown for it stops working.").arg(m_who)
            : tr("Turn off the authenticator of %1? Signing in then needs the password alone until an authenticator "
                 "is set up again, and the recovery codes stop working. Do this only once you are sure who you "
                 "are helping.")
                  .arg(m_who);
    auto* dialog = new AccountActionDialog(tr("Reset authenticator"), summary, tr("Reset"), true, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (!m_backend)
            return;
        m_busy = true;
        display();
        m_messageLabel->setText(tr("Working…"));
        const MfaSubject subject = m_subject;
        whenFinished(
            m_backend->resetMfa(subject, dialog->reason()), this, [this, subject](const Result<MfaStatus>& after) {
                if (subject.customerId != m_subject.customerId)
                    return; // someone else is shown by now
                m_busy = false;
                if (!after) {
                    m_messageLabel->setText(tr("Not reset: %1").arg(DisplayFormat::errorMessage(after.error())));
                    display();
                    return;
                }
                m_status = after.value();
                m_messageLabel->setText(tr("Authenticator reset."));
                display();
                emit changed();
            });
    });
    dialog->open();
    emit dialogOpened(dialog);
}

} // namespace idc
