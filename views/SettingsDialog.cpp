#include "SettingsDialog.h"

#include "LoginEventTableModel.h"
#include "MfaPanel.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
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

    // The risk flags of the login history follow these limits.
    const RiskThresholds risk = RiskSettings::load(*m_settings);
    auto* riskBox = new QGroupBox(tr("Login risk flags"), this);
    auto* riskForm = new QFormLayout(riskBox);
    m_travelSpin = new QSpinBox(riskBox);
    m_travelSpin->setObjectName(QStringLiteral("travelSpinBox"));
    m_travelSpin->setRange(100, 5000);
    m_travelSpin->setSingleStep(50);
    m_travelSpin->setSuffix(tr(" km/h"));
    m_travelSpin->setValue(risk.impossibleTravelKmh);
    m_travelSpin->setToolTip(tr("Two successful sign-ins further apart than this speed allows are impossible travel"));
    riskForm->addRow(tr("Impossible travel above:"), m_travelSpin);
    m_burstSpin = new QSpinBox(riskBox);
    m_burstSpin->setObjectName(QStringLiteral("burstFailuresSpinBox"));
    m_burstSpin->setRange(2, 1000);
    m_burstSpin->setSuffix(tr(" failures"));
    m_burstSpin->setValue(risk.burstFailures);
    riskForm->addRow(tr("Failure burst from:"), m_burstSpin);
    m_windowSpin = new QSpinBox(riskBox);
    m_windowSpin->setObjectName(QStringLiteral("burstMinutesSpinBox"));
    m_windowSpin->setRange(1, 1440);
    m_windowSpin->setSuffix(tr(" minutes"));
    m_windowSpin->setValue(risk.burstWindowMinutes);
    m_windowSpin->setToolTip(tr("…from one IP address within this many minutes"));
    riskForm->addRow(tr("Within:"), m_windowSpin);

    auto* mfaBox = new QGroupBox(tr("Authenticator apps"), this);
    auto* mfaForm = new QFormLayout(mfaBox);
    m_issuerEdit = new QLineEdit(MfaPanel::customerIssuer(*m_settings), mfaBox);
    m_issuerEdit->setObjectName(QStringLiteral("issuerLineEdit"));
    m_issuerEdit->setMaxLength(64);
    m_issuerEdit->setPlaceholderText(MfaPanel::defaultCustomerIssuer());
    m_issuerEdit->setToolTip(tr("The name customers see beside the account in their authenticator app: your shop's"));
    mfaForm->addRow(tr("Issuer shown to customers:"), m_issuerEdit);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->setObjectName(QStringLiteral("dialogButtonBox"));
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("okButton"));
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(riskBox);
    layout->addWidget(mfaBox);
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
    RiskSettings::save(*m_settings, {m_travelSpin->value(), m_burstSpin->value(), m_windowSpin->value()});
    MfaPanel::setCustomerIssuer(*m_settings, m_issuerEdit->text());
    QDialog::accept();
}

} // namespace idc
