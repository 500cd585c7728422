#pragma once

#include <QString>

namespace idc {

/// Installs the console's translation (and Qt's own, where present) for `language` ("vi",
/// "en"), or for the system locale when `language` is empty. Returns the language applied.
QString installTranslations(const QString& language);

/// The languages the console ships, as codes.
QStringList availableLanguages();

} // namespace idc
