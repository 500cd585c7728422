#pragma once

#include "IdentityBackend.h"

#include <QDialog>
#include <QPointer>

class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;

namespace idc {

class RecoveryCodesWidget;

/// Turns on an authenticator app for a customer or for the signed-in operator. Starts an
/// enrollment as it opens, shows its QR code (whole-pixel modules, sharp at any device pixel
/// ratio) beside the key in groups of four with a Copy button, and takes the first code; the
/// factor is on only once the backend accepted that code. Wrong codes say how many tries are
/// left; after the last one the enrollment is void and can be started again with a new key.
/// Then the recovery codes are shown, once. The key is wiped from memory when the dialog goes.
class MfaEnrollmentDialog : public QDialog
{
    Q_OBJECT

public:
    /// `issuer` names the service in the authenticator app; `who` names the person in the text.
    MfaEnrollmentDialog(IdentityBackend* backend, const MfaSubject& subject, const QString& issuer, const QString& who,
                        QWidget* parent = nullptr);
    ~MfaEnrollmentDialog() override;

    /// Device pixels per QR module, for tests that decode the code.
    int qrPixelsPerModule() const { return m_pixelsPerModule; }
    bool isEnrolled() const { return m_enrolled; }

    /// Waits while a code is being checked; asks first when the recovery codes are shown and not
    /// yet marked as stored.
    void reject() override;

protected:
    void showEvent(QShowEvent* event) override;

signals:
    /// The factor is on (the backend accepted the code).
    void enrolled();

private:
    void begin();
    void showEnrollment(const MfaEnrollment& enrollment);
    void confirm();
    void showRecoveryCodes(const QStringList& codes);
    void showProblem(const QString& text, bool canRestart);
    void updateConfirmButton();
    void renderQr();

    QPointer<IdentityBackend> m_backend;
    MfaSubject m_subject;
    QString m_issuer;
    QString m_who;
    QUuid m_enrollmentId;
    QByteArray m_secret;
    QString m_accountLabel;
    QString m_keyText;
    int m_digits = 6;
    int m_pixelsPerModule = 0;
    bool m_busy = false;
    bool m_enrolled = false;
    bool m_screenWatched = false;

    QStackedWidget* m_pages;
    QLabel* m_loadingLabel;
    QLabel* m_qrLabel;
    QLabel* m_accountText;
    QLabel* m_keyLabel;
    QPushButton* m_copyKeyButton;
    QLineEdit* m_codeEdit;
    QPushButton* m_confirmButton;
    QLabel* m_messageLabel;
    QPushButton* m_restartButton;
    QPushButton* m_closeButton;
    RecoveryCodesWidget* m_codesWidget = nullptr;
};

} // namespace idc
