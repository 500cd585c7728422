#include "SettingsDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace idc {

SettingsDialog::SettingsDialog(QSettings* settings, QWidget* parent)
    : QDialog(parent)
    , m_ownedSettings(settings ? nullptr : std::make_unique<QSettings>())
    , m_settings(settings ? settings : m_ownedSettings.get())
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));

    m_languageCombo = new QComboBox(this);
    m_languageCombo->setObjectName(QStringLiteral("languageComboBox"));
    m_languageCombo->addItem(tr("System default"), QString());
    // Each language is named in itself, whatever the current one, so that someone who cannot
    // read the current language still finds their own: these names are deliberately not tr().
    m_languageCombo->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_languageCombo->addItem(QStringLiteral("Tiếng Việt"), QStringLiteral("vi"));
    const int current = m_languageCombo->findData(m_settings->value(languageKey()).toString());
    m_languageCombo->setCurrentIndex(current < 0 ? 0 : current);

    auto* note = new QLabel(tr("The language applies the next time Identity Console starts."), this);
    note->setObjectName(QStringLiteral("languageNoteLabel"));
    note->setWordWrap(true);

    auto* form = new QFormLayout;
    form->addRow(tr("&Language:"), m_languageCombo);
    form->addRow(QString(), note);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->setObjectName(QStringLiteral("dialogButtonBox"));
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("okButton"));
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addStretch();
    layout->addWidget(buttons);
    setMinimumWidth(420);

    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
}

SettingsDialog::~SettingsDialog() = default;

QString SettingsDialog::languageKey()
{
    return QStringLiteral("ui/language");
}

void SettingsDialog::accept()
{
    const QString language = m_languageCombo->currentData().toString();
    if (language.isEmpty())
        m_settings->remove(languageKey());
    else
        m_settings->setValue(languageKey(), language);
    QDialog::accept();
}

} // namespace idc
