#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

namespace idc {

/// Confirms an action on a customer's account (suspend, reactivate, unlock) and asks for the
/// reason the audit trail keeps. With `reasonRequired`, OK stays disabled until one is typed.
class AccountActionDialog : public QDialog
{
    Q_OBJECT

public:
    AccountActionDialog(const QString& title, const QString& summary, const QString& okText, bool reasonRequired,
                        QWidget* parent = nullptr);

    QString reason() const;

    /// Longest reason every backend accepts.
    static constexpr int maxReasonLength = 500;

private:
    void updateOk();

    bool m_reasonRequired;
    QLineEdit* m_reasonEdit;
    QPushButton* m_okButton;
};

} // namespace idc
