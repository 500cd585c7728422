#pragma once

#include <QString>

#include <chrono>

namespace idc {

/// Copies secrets (an authenticator key, recovery codes) to the clipboard and clears it again
/// after lifetime(), unless something else was copied meanwhile. The clearing outlives the
/// dialog that copied.
class SecretClipboard
{
public:
    static void copy(const QString& secret);
    /// 30 seconds; tests shorten it.
    static std::chrono::milliseconds lifetime();
    static std::chrono::seconds lifetimeSeconds()
    {
        return std::chrono::duration_cast<std::chrono::seconds>(lifetime());
    }
    static void setLifetime(std::chrono::milliseconds lifetime);
};

} // namespace idc
