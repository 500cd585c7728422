#include "MfaEnrollmentDialog.h"

#include "Async.h"
#include "DisplayFormat.h"
#include "QrCode.h"
#include "RecoveryCodesWidget.h"
#include "SecretClipboard.h"
#include "Totp.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QScreen>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <QWindow>

#include <cmath>

namespace idc {
namespace {

/// About how wide the QR code is on screen, in device-independent pixels.
constexpr int targetQrWidth = 264;

} // namespace

MfaEnrollmentDialog::MfaEnrollmentDialog(IdentityBackend* backend, const MfaSubject& subject, const QString& issuer,
                                         const QString& who, QWidget* parent)
    : QDialog(parent)
    , m_backend(backend)
    , m_subject(subject)
    , m_issuer(issuer)
    , m_who(who)
{
    setObjectName(QStringLiteral("mfaEnrollmentDialog"));
    setWindowTitle(tr("Set up an authenticator app"));
    auto* layout = new QVBoxLayout(this);
    m_pages = new QStackedWidget(this);
    layout->addWidget(m_pages);

    // Page 0: waiting for the backend, or a problem.
    auto* statusPage = new QWidget(m_pages);
    auto* statusLayout = new QVBoxLayout(statusPage);
    m_loadingLabel = new QLabel(tr("Preparing a new key…"), statusPage);
    m_loadingLabel->setObjectName(QStringLiteral("mfaStatusLabel"));
    m_loadingLabel->setWordWrap(true);
    m_loadingLabel->setMinimumWidth(420);
    statusLayout->addWidget(m_loadingLabel);
    m_restartButton = new QPushButton(tr("Start again with a new key"), statusPage);
    m_restartButton->setObjectName(QStringLiteral("restartButton"));
    m_restartButton->hide();
    statusLayout->addWidget(m_restartButton, 0, Qt::AlignLeft);
    statusLayout->addStretch(1);
    m_pages->addWidget(statusPage);

    // Page 1: the QR code, the key and the first code.
    auto* scanPage = new QWidget(m_pages);
    auto* scanLayout = new QHBoxLayout(scanPage);
    m_qrLabel = new QLabel(scanPage);
    m_qrLabel->setObjectName(QStringLiteral("qrLabel"));
    m_qrLabel->setAlignment(Qt::AlignTop | Qt::AlignHCenter);
    m_qrLabel->setAccessibleName(tr("QR code to scan with an authenticator app"));
    scanLayout->addWidget(m_qrLabel, 0, Qt::AlignTop);
    auto* steps = new QVBoxLayout;
    auto* intro = new QLabel(scanPage);
    intro->setObjectName(QStringLiteral("introLabel"));
    intro->setWordWrap(true);
    intro->setText(tr("<b>1.</b> In an authenticator app (Google Authenticator, Microsoft Authenticator, Aegis, "
                      "1Password…), add an account and scan this code.<br><b>2.</b> Or type the key below "
                      "instead (time-based)."));
    steps->addWidget(intro);
    m_accountText = new QLabel(scanPage);
    m_accountText->setObjectName(QStringLiteral("accountLabel"));
    m_accountText->setWordWrap(true);
    steps->addWidget(m_accountText);
    auto* keyRow = new QHBoxLayout;
    m_keyLabel = new QLabel(scanPage);
    m_keyLabel->setObjectName(QStringLiteral("keyLabel"));
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(mono.pointSizeF() * 1.2);
    m_keyLabel->setFont(mono);
    m_keyLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_copyKeyButton = new QPushButton(tr("Copy key"), scanPage);
    m_copyKeyButton->setObjectName(QStringLiteral("copyKeyButton"));
    m_copyKeyButton->setToolTip(tr("Copy the key; the clipboard is cleared again after %n second(s)", nullptr,
                                   int(SecretClipboard::lifetimeSeconds().count())));
    keyRow->addWidget(m_keyLabel);
    keyRow->addWidget(m_copyKeyButton);
    keyRow->addStretch(1);
    steps->addLayout(keyRow);
    auto* codePrompt = new QLabel(tr("<b>3.</b> Enter the 6-digit code the app shows now:"), scanPage);
    codePrompt->setWordWrap(true);
    steps->addWidget(codePrompt);
    auto* codeRow = new QHBoxLayout;
    m_codeEdit = new QLineEdit(scanPage);
    m_codeEdit->setObjectName(QStringLiteral("codeLineEdit"));
    m_codeEdit->setFont(mono);
    m_codeEdit->setMaxLength(9);
    m_codeEdit->setPlaceholderText(QStringLiteral("123 456"));
    m_codeEdit->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9 ]{0,9}")), m_codeEdit));
    m_codeEdit->setFixedWidth(m_codeEdit->fontMetrics().horizontalAdvance(QStringLiteral("000 0000")) + 24);
    m_confirmButton = new QPushButton(tr("Turn on"), scanPage);
    m_confirmButton->setObjectName(QStringLiteral("confirmButton"));
    m_confirmButton->setDefault(true);
    codeRow->addWidget(m_codeEdit);
    codeRow->addWidget(m_confirmButton);
    codeRow->addStretch(1);
    steps->addLayout(codeRow);
    m_messageLabel = new QLabel(scanPage);
    m_messageLabel->setObjectName(QStringLiteral("messageLabel"));
    m_messageLabel->setWordWrap(true);
    steps->addWidget(m_messageLabel);
    steps->addStretch(1);
    scanLayout->addLayout(steps, 1);
    m_pages->addWidget(scanPage);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_closeButton = buttons->button(QDialogButtonBox::Close);
    m_closeButton->setObjectName(QStringLiteral("closeButton"));
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_restartButton, &QPushButton::clicked, this, &MfaEnrollmentDialog::begin);
    connect(m_copyKeyButton, &QPushButton::clicked, this, [this] {
        SecretClipboard::copy(base32Encode(m_secret));
        m_messageLabel->setText(tr("Key copied. The clipboard is cleared in %n second(s).", nullptr,
                                   int(SecretClipboard::lifetimeSeconds().count())));
    });
    connect(m_codeEdit, &QLineEdit::textChanged, this, &MfaEnrollmentDialog::updateConfirmButton);
    connect(m_codeEdit, &QLineEdit::returnPressed, this, &MfaEnrollmentDialog::confirm);
    connect(m_confirmButton, &QPushButton::clicked, this, &MfaEnrollmentDialog::confirm);

    begin();
}

MfaEnrollmentDialog::~MfaEnrollmentDialog()
{
    m_secret.fill('\0');
    m_keyText.fill(u'\0');
}

void MfaEnrollmentDialog::begin()
{
    if (!m_backend)
        return;
    m_busy = true;
    m_restartButton->hide();
    m_loadingLabel->setText(tr("Preparing a new key…"));
    m_pages->setCurrentIndex(0);
    whenFinished(m_backend->beginMfaEnrollment(m_subject), this, [this](const Result<MfaEnrollment>& enrollment) {
        m_busy = false;
        if (!enrollment) {
            showProblem(
                tr("The authenticator could not be set up: %1").arg(DisplayFormat::errorMessage(enrollment.error())),
                enrollment.error().kind != ErrorKind::InvalidInput);
            return;
        }
        showEnrollment(enrollment.value());
    });
}

void MfaEnrollmentDialog::showEnrollment(const MfaEnrollment& enrollment)
{
    m_secret.fill('\0');
    m_enrollmentId = enrollment.id;
    m_secret = enrollment.secret;
    m_accountLabel = enrollment.accountLabel;
    m_digits = enrollment.digits;
    m_keyText = groupedKey(base32Encode(m_secret));
    m_keyLabel->setText(m_keyText);
    m_accountText->setText(
        m_issuer.isEmpty()
            ? tr("Account: %1").arg(m_accountLabel.toHtmlEscaped())
            : tr("Account: %1 · Issuer: %2").arg(m_accountLabel.toHtmlEscaped(), m_issuer.toHtmlEscaped()));
    renderQr();
    m_codeEdit->clear();
    m_codeEdit->setEnabled(true);
    m_messageLabel->setText(tr("Tries left: %n.", nullptr, enrollment.attemptsLeft));
    updateConfirmButton();
    m_pages->setCurrentIndex(1);
    m_codeEdit->setFocus();
}

void MfaEnrollmentDialog::renderQr()
{
    if (m_secret.isEmpty())
        return;
    const QString uri = otpauthUri(m_issuer, m_accountLabel, m_secret);
    const int modules = qrModuleCount(uri) + 8;
    if (modules <= 8) {
        m_qrLabel->setText(tr("The key is too long for a QR code; type it instead."));
        return;
    }
    // Whole device pixels per module, drawn 1:1 on the screen's pixels: no module is blurred or
    // a pixel narrower than its neighbour, whatever the scale (1, 1.25, 1.5, 2…).
    const qreal ratio = devicePixelRatioF();
    m_pixelsPerModule = qMax(3, int(std::floor(targetQrWidth * ratio / modules)));
    Result<QImage> image = qrImage(uri, m_pixelsPerModule);
    if (!image) {
        m_qrLabel->setText(DisplayFormat::errorMessage(image.error()));
        return;
    }
    QPixmap pixmap = QPixmap::fromImage(image.value(), Qt::NoFormatConversion | Qt::ThresholdDither);
    pixmap.setDevicePixelRatio(ratio);
    m_qrLabel->setPixmap(pixmap);
}

void MfaEnrollmentDialog::showEvent(QShowEvent* event)
{
    QDialog::showEvent(event);
    // Moved to a screen with another scale: draw the code again for its pixels.
    if (QWindow* window = windowHandle(); window && !m_screenWatched) {
        m_screenWatched = true;
        connect(window, &QWindow::screenChanged, this, &MfaEnrollmentDialog::renderQr);
    }
    renderQr();
}

void MfaEnrollmentDialog::updateConfirmButton()
{
    QString code = m_codeEdit->text();
    code.remove(u' ');
    m_confirmButton->setEnabled(!m_busy && !m_enrolled && code.size() == m_digits);
}

void MfaEnrollmentDialog::confirm()
{
    QString code = m_codeEdit->text();
    code.remove(u' ');
    if (!m_backend || m_busy || code.size() != m_digits)
        return;
    m_busy = true;
    updateConfirmButton();
    m_codeEdit->setEnabled(false);
    m_messageLabel->setText(tr("Checking…"));
    whenFinished(m_backend->confirmMfaEnrollment(m_subject, m_enrollmentId, code), this,
                 [this](const Result<MfaConfirmation>& answer) {
                     m_busy = false;
                     m_codeEdit->setEnabled(true);
                     if (!answer) {
                         if (answer.error().kind == ErrorKind::Conflict)
                             showProblem(tr("This setup is no longer valid: it was finished, reset or replaced "
                                            "elsewhere in the meantime."),
                                         true);
                         else
                             m_messageLabel->setText(
                                 tr("Not turned on: %1").arg(DisplayFormat::errorMessage(answer.error())));
                         updateConfirmButton();
                         return;
                     }
                     switch (answer->outcome) {
                     case MfaCodeOutcome::Accepted:
                         m_enrolled = true;
                         emit enrolled();
                         showRecoveryCodes(answer->recoveryCodes);
                         return;
                     case MfaCodeOutcome::Wrong:
                         m_messageLabel->setText(
                             tr("<span style='color:#c62828'>That code is not right.</span> Check that the phone's "
                                "clock is set automatically and enter the code the app shows now. Tries left: %n.",
                                nullptr, answer->attemptsLeft));
                         m_codeEdit->selectAll();
                         m_codeEdit->setFocus();
                         updateConfirmButton();
                         return;
                     case MfaCodeOutcome::TooManyAttempts:
                         m_secret.fill('\0');
                         showProblem(tr("%1 wrong codes: this setup is void and its key no longer works. Remove "
                                        "the account from the app, then start again with a new key.")
                                         .arg(mfaEnrollmentAttempts),
                                     true);
                         return;
                     }
                 });
}

void MfaEnrollmentDialog::showRecoveryCodes(const QStringList& codes)
{
    m_secret.fill('\0');
    m_keyText.fill(u'\0');
    m_keyLabel->clear();
    m_qrLabel->clear();
    setWindowTitle(tr("Authenticator app turned on"));
    auto* page = new QWidget(m_pages);
    auto* layout = new QVBoxLayout(page);
    auto* done = new QLabel(tr("<b>Two-step sign-in is on for %1.</b> From now on, signing in needs the code from "
                               "the authenticator app.")
                                .arg(m_who.toHtmlEscaped()),
                            page);
    done->setObjectName(QStringLiteral("doneLabel"));
    done->setWordWrap(true);
    layout->addWidget(done);
    m_codesWidget = new RecoveryCodesWidget(codes, m_accountLabel, m_issuer, QDateTime::currentDateTimeUtc(), page);
    layout->addWidget(m_codesWidget);
    m_pages->addWidget(page);
    m_pages->setCurrentWidget(page);
    m_closeButton->setEnabled(false);
    m_closeButton->setToolTip(tr("Tick the box once the recovery codes are stored"));
    connect(m_codesWidget, &RecoveryCodesWidget::acknowledgedChanged, m_closeButton, &QPushButton::setEnabled);
}

void MfaEnrollmentDialog::reject()
{
    // A code being checked may turn MFA on and bring the recovery codes: they must be seen.
    if (m_busy && m_backend) {
        m_messageLabel->setText(tr("Waiting for the answer before closing…"));
        return;
    }
    if (m_codesWidget && !RecoveryCodesWidget::mayDiscard(m_codesWidget))
        return;
    QDialog::reject();
}

void MfaEnrollmentDialog::showProblem(const QString& text, bool canRestart)
{
    m_loadingLabel->setText(text);
    m_restartButton->setVisible(canRestart);
    m_pages->setCurrentIndex(0);
}

} // namespace idc
