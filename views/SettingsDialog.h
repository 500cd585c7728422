#pragma once

#include <QDialog>

#include <memory>

class QComboBox;
class QLineEdit;
class QSettings;
class QSpinBox;

namespace idc {

/// The console's preferences: the user-interface language, which overrides the system's and
/// takes effect at the next start (translators are installed before any window exists), and
/// the thresholds of the login history's risk flags, and the issuer customers' authenticator apps
/// show.
class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    /// Reads and writes `settings` (not owned); with nullptr, a default QSettings.
    explicit SettingsDialog(QSettings* settings = nullptr, QWidget* parent = nullptr);
    ~SettingsDialog() override;

    /// The QSettings key of the language override: "" (the system's), "en" or "vi".
    static QString languageKey();

    /// Writes the choices to the settings and closes.
    void accept() override;

private:
    std::unique_ptr<QSettings> m_ownedSettings;
    QSettings* m_settings;
    QComboBox* m_languageCombo;
    QSpinBox* m_travelSpin;
    QSpinBox* m_burstSpin;
    QSpinBox* m_windowSpin;
    QLineEdit* m_issuerEdit;
};

} // namespace idc
