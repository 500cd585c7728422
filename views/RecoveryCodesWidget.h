#pragma once

#include <QDateTime>
#include <QDialog>
#include <QStringList>
#include <QWidget>

class QCheckBox;
class QLabel;

namespace idc {

/// A new set of recovery codes, shown once: in two columns, with Copy (the clipboard is cleared
/// again after a while), Save as text…, Print…, and a box the operator ticks once the codes are
/// stored, which is what lets the dialog around it close.
class RecoveryCodesWidget : public QWidget
{
    Q_OBJECT

public:
    RecoveryCodesWidget(const QStringList& codes, const QString& accountLabel, const QString& issuer,
                        const QDateTime& createdAt, QWidget* parent = nullptr);
    ~RecoveryCodesWidget() override;

    /// The codes as the text file and the printout have them.
    QString text() const;
    /// Writes text() to `path` (atomically: complete or not at all). Returns an error to show, or
    /// an empty string.
    QString saveTo(const QString& path) const;
    bool isAcknowledged() const;

    /// Whether a window showing `codes` may close: they are marked as stored, or the operator
    /// confirms that they may be lost.
    static bool mayDiscard(RecoveryCodesWidget* codes);

signals:
    void acknowledgedChanged(bool acknowledged);

private:
    void copy();
    void save();
    void print();

    QStringList m_codes;
    QString m_accountLabel;
    QString m_issuer;
    QDateTime m_createdAt;
    QLabel* m_statusLabel;
    QCheckBox* m_acknowledged;
};

/// A new set of recovery codes in a window of its own; it closes (Close, Esc or the window's
/// button) once the codes are marked as stored, or after the operator confirmed losing them.
class RecoveryCodesDialog : public QDialog
{
    Q_OBJECT

public:
    RecoveryCodesDialog(const QStringList& codes, const QString& accountLabel, const QString& issuer,
                        const QDateTime& createdAt, QWidget* parent = nullptr);
    RecoveryCodesWidget* codes() const { return m_codes; }
    void reject() override;

private:
    RecoveryCodesWidget* m_codes;
};

} // namespace idc
