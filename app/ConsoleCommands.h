#pragma once

#include <QStringList>

namespace idc {

/// The console's headless verbs (no display needed): `generate-demo`, `search`, `profiles`,
/// `mfa-key`, `verify`, `signing-key`, `export`.
/// Returns the process exit code; messages go to stdout and stderr.
class ConsoleCommands
{
public:
    /// True when `arguments` (argv without the program) start with a verb.
    static bool isCommand(const QStringList& arguments);
    /// Runs the verb inside the running QCoreApplication's event loop.
    static int run(const QStringList& arguments);
};

} // namespace idc
