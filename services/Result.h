#pragma once

#include <QMetaType>
#include <QString>

#include <utility>
#include <variant>

namespace idc {

/// What went wrong, as a kind the views can turn into a translated message.
enum class ErrorKind
{
    Internal,            ///< a bug or an unexpected state
    InvalidInput,        ///< the caller passed something the backend refuses
    NotFound,            ///< the resource does not exist
    Conflict,            ///< changed by someone else since it was loaded
    Unauthorized,        ///< credentials missing, wrong or expired
    Forbidden,           ///< the operator's role does not allow it
    Unavailable,         ///< the database or server cannot be reached
    Timeout,             ///< no answer in time
    Protocol,            ///< the other side answered with something malformed
    Storage,             ///< the database refused a statement
    SchemaTooNew,        ///< the database was migrated by a newer console
    KeychainUnavailable, ///< no OS keychain to keep secrets in
    Cancelled,           ///< the operator cancelled
    RateLimited,         ///< too many attempts; `Error::retryAfterSeconds` says when to try again
    Certificate,         ///< the server's TLS certificate was refused; the detail says why
    MfaRequired,         ///< the password was right, and an authenticator code is needed too
    SecretKey,           ///< no key for MFA secrets, or one that does not open them
    FileAccess,          ///< a local file could not be read or written (a full disk…); the detail names it
};

/// An error value. `detail` is technical and untranslated (driver text, HTTP status…);
/// views put a translated sentence in front of it.
struct Error
{
    ErrorKind kind = ErrorKind::Internal;
    QString detail;
    int retryAfterSeconds = 0; ///< for RateLimited: how long the other side asked us to wait
};

/// A value or an error. Services return it instead of throwing, so that nothing
/// crosses a thread boundary as an exception.
template <typename T>
class Result
{
public:
    Result()
        : m_data(Error{})
    {
    }
    Result(T value)
        : m_data(std::move(value))
    {
    }
    Result(Error error)
        : m_data(std::move(error))
    {
    }

    bool ok() const { return std::holds_alternative<T>(m_data); }
    explicit operator bool() const { return ok(); }

    const T& value() const& { return std::get<T>(m_data); }
    T& value() & { return std::get<T>(m_data); }
    T&& value() && { return std::get<T>(std::move(m_data)); }
    const T* operator->() const { return &std::get<T>(m_data); }
    const T& operator*() const { return value(); }

    const Error& error() const { return std::get<Error>(m_data); }

private:
    std::variant<T, Error> m_data;
};

/// The value of an operation that returns nothing but can fail.
struct Done
{
};

using Status = Result<Done>;

/// The kind's name as written in this header ("Unavailable"), for logs and diagnostics. (Not an
/// overload of toString(): QCOMPARE would find it by ADL and stop comparing kinds as enums.)
QString errorKindName(ErrorKind kind);

inline Error makeError(ErrorKind kind, QString detail = {})
{
    return Error{kind, std::move(detail)};
}

} // namespace idc

Q_DECLARE_METATYPE(idc::Error)
