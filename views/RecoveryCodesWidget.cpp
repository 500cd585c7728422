#include "RecoveryCodesWidget.h"

#include "DisplayFormat.h"
#include "SecretClipboard.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPrintDialog>
#include <QPrinter>
#include <QPushButton>
#include <QSaveFile>
#include <QTextDocument>
#include <QVBoxLayout>

namespace idc {

RecoveryCodesWidget::RecoveryCodesWidget(const QStringList& codes, const QString& accountLabel, const QString& issuer,
                                         const QDateTime& createdAt, QWidget* parent)
    : QWidget(parent)
    , m_codes(codes)
    , m_accountLabel(accountLabel)
    , m_issuer(issuer)
    , m_createdAt(createdAt)
{
    setObjectName(QStringLiteral("recoveryCodesWidget"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* intro = new QLabel(tr("<b>Save these %1 recovery codes now.</b> They are shown only this once. Each "
                                "works one time in place of an authenticator code, for example after losing the "
                                "phone.")
                                 .arg(codes.size()),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto* grid = new QGridLayout;
    grid->setHorizontalSpacing(32);
    grid->setVerticalSpacing(6);
    grid->setContentsMargins(16, 10, 16, 10);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(mono.pointSizeF() * 1.25);
    const int rows = int((codes.size() + 1) / 2);
    for (int i = 0; i < codes.size(); ++i) {
        auto* label = new QLabel(codes.at(i), this);
        label->setObjectName(QStringLiteral("recoveryCode%1").arg(i));
        label->setFont(mono);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        // Room for descenders whichever monospace face the font falls back to.
        label->setMinimumHeight(QFontMetrics(mono).height() + 8);
        grid->addWidget(label, i % rows, i / rows);
    }
    auto* codesBox = new QWidget(this);
    codesBox->setLayout(grid);
    codesBox->setAutoFillBackground(true);
    codesBox->setBackgroundRole(QPalette::Base);
    layout->addWidget(codesBox, 0, Qt::AlignHCenter);

    auto* buttons = new QHBoxLayout;
    auto* copyButton = new QPushButton(tr("Copy"), this);
    copyButton->setObjectName(QStringLiteral("copyCodesButton"));
    copyButton->setToolTip(tr("Copy the codes; the clipboard is cleared again after %n second(s)", nullptr,
                              int(SecretClipboard::lifetimeSeconds().count())));
    auto* saveButton = new QPushButton(tr("Save as text…"), this);
    saveButton->setObjectName(QStringLiteral("saveCodesButton"));
    auto* printButton = new QPushButton(tr("Print…"), this);
    printButton->setObjectName(QStringLiteral("printCodesButton"));
    buttons->addWidget(copyButton);
    buttons->addWidget(saveButton);
    buttons->addWidget(printButton);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(QStringLiteral("codesStatusLabel"));
    m_statusLabel->setWordWrap(true);
    layout->addWidget(m_statusLabel);

    m_acknowledged = new QCheckBox(tr("The codes are stored where they will be found when needed"), this);
    m_acknowledged->setObjectName(QStringLiteral("codesStoredCheckBox"));
    layout->addWidget(m_acknowledged);

    connect(copyButton, &QPushButton::clicked, this, &RecoveryCodesWidget::copy);
    connect(saveButton, &QPushButton::clicked, this, &RecoveryCodesWidget::save);
    connect(printButton, &QPushButton::clicked, this, &RecoveryCodesWidget::print);
    connect(m_acknowledged, &QCheckBox::toggled, this, &RecoveryCodesWidget::acknowledgedChanged);
}

RecoveryCodesWidget::~RecoveryCodesWidget()
{
    for (QString& code : m_codes)
        code.fill(u'\0');
}

QString RecoveryCodesWidget::text() const
{
    QString text = tr("Recovery codes for %1").arg(m_accountLabel);
    if (!m_issuer.isEmpty())
        text += QStringLiteral(" (%1)").arg(m_issuer);
    text += u'\n' +
            tr("Created %1. Each code works once; a new set replaces all of them.")
                .arg(DisplayFormat::dateTime(m_createdAt)) +
            QStringLiteral("\n\n");
    for (const QString& code : m_codes)
        text += code + u'\n';
    return text;
}

QString RecoveryCodesWidget::saveTo(const QString& path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return file.errorString();
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const QByteArray bytes = text().toUtf8();
    if (file.write(bytes) != bytes.size() || !file.commit())
        return file.errorString();
    return {};
}

bool RecoveryCodesWidget::isAcknowledged() const
{
    return m_acknowledged->isChecked();
}

bool RecoveryCodesWidget::mayDiscard(RecoveryCodesWidget* codes)
{
    if (!codes || codes->isAcknowledged())
        return true;
    const auto answer = QMessageBox::question(codes, tr("Recovery codes not stored?"),
                                              tr("The recovery codes cannot be shown again. Close anyway? (New ones "
                                                 "can be made later; they replace these.)"),
                                              QMessageBox::Close | QMessageBox::Cancel, QMessageBox::Cancel);
    return answer == QMessageBox::Close;
}

RecoveryCodesDialog::RecoveryCodesDialog(const QStringList& codes, const QString& accountLabel, const QString& issuer,
                                         const QDateTime& createdAt, QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("recoveryCodesDialog"));
    setWindowTitle(tr("New recovery codes"));
    auto* layout = new QVBoxLayout(this);
    m_codes = new RecoveryCodesWidget(codes, accountLabel, issuer, createdAt, this);
    layout->addWidget(m_codes);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton* close = buttons->button(QDialogButtonBox::Close);
    close->setObjectName(QStringLiteral("closeButton"));
    close->setEnabled(false);
    close->setToolTip(tr("Tick the box once the recovery codes are stored"));
    connect(m_codes, &RecoveryCodesWidget::acknowledgedChanged, close, &QPushButton::setEnabled);
    connect(buttons, &QDialogButtonBox::rejected, this, &RecoveryCodesDialog::reject);
    layout->addWidget(buttons);
}

void RecoveryCodesDialog::reject()
{
    if (RecoveryCodesWidget::mayDiscard(m_codes))
        QDialog::reject();
}

void RecoveryCodesWidget::copy()
{
    SecretClipboard::copy(text());
    m_statusLabel->setText(tr("Copied. The clipboard is cleared in %n second(s).", nullptr,
                              int(SecretClipboard::lifetimeSeconds().count())));
}

void RecoveryCodesWidget::save()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save recovery codes"), tr("recovery-codes.txt"),
                                                      tr("Text files (*.txt)"));
    if (path.isEmpty())
        return;
    const QString error = saveTo(path);
    m_statusLabel->setText(error.isEmpty() ? tr("Saved to %1.").arg(QDir::toNativeSeparators(path))
                                           : tr("Not saved: %1").arg(error));
}

void RecoveryCodesWidget::print()
{
    QPrinter printer;
    QPrintDialog dialog(&printer, this);
    dialog.setWindowTitle(tr("Print recovery codes"));
    if (dialog.exec() != QDialog::Accepted)
        return;
    QTextDocument document;
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSize(12);
    document.setDefaultFont(mono);
    document.setPlainText(text());
    document.print(&printer);
    m_statusLabel->setText(tr("Sent to the printer."));
}

} // namespace idc
