#pragma once

#include "IdentityBackend.h"

#include <QGroupBox>
#include <QPointer>

class QLabel;
class QSettings;
class QPushButton;

namespace idc {

/// A customer's or the signed-in operator's authenticator app: whether it is on (since when,
/// recovery codes left) or being set up, with Set up…, New recovery codes… and Reset…. Each
/// change goes through the backend, which audits it; `changed` follows so the owner can reload.
class MfaPanel : public QGroupBox
{
    Q_OBJECT

public:
    explicit MfaPanel(QWidget* parent = nullptr);

    void setBackend(IdentityBackend* backend) { m_backend = backend; }
    /// Shows `subject`; `who` names them in the dialogs, `issuer` is what authenticator apps show.
    void setSubject(const MfaSubject& subject, const QString& who, const QString& issuer);
    /// Turns the actions off (e.g. for a deleted customer); the status stays visible.
    void setActionsAllowed(bool allowed);
    void reload();

    const MfaStatus& status() const { return m_status; }

    /// The issuer customers' authenticator apps show (setting `mfa/issuer`, "Example Shop" when
    /// unset: set it to the shop's name).
    static QString customerIssuer(const QSettings& settings);
    static void setCustomerIssuer(QSettings& settings, const QString& issuer);
    static QString defaultCustomerIssuer();

signals:
    void changed();
    /// A dialog of this panel opened (tests look at it).
    void dialogOpened(QDialog* dialog);

private:
    void display();
    void setUp();
    void regenerate();
    void runRegenerate();
    void confirmReset();

    QPointer<IdentityBackend> m_backend;
    MfaSubject m_subject;
    QString m_who;
    QString m_issuer;
    MfaStatus m_status;
    bool m_loaded = false;
    bool m_busy = false;
    bool m_actionsAllowed = true;
    quint64 m_request = 0;

    QLabel* m_stateLabel;
    QLabel* m_detailLabel;
    QPushButton* m_setUpButton;
    QPushButton* m_codesButton;
    QPushButton* m_resetButton;
    QLabel* m_messageLabel;
};

} // namespace idc
