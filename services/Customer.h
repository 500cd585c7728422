#pragma once

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QUuid>

#include <optional>

namespace idc {

enum class CustomerStatus
{
    Active,
    Suspended,
    Deleted
};
enum class CustomerType
{
    Individual,
    Business
};
enum class LoyaltyTier
{
    Bronze,
    Silver,
    Gold,
    Platinum
};
enum class AddressTag
{
    Home,
    Work,
    Other
};

/// One customer account as the identity backend stores it.
struct Customer
{
    /// An account action's reason (suspend, activate, unlock) longer than this is refused
    /// (InvalidInput) by every backend.
    static constexpr int maxReasonLength = 500;

    QUuid id;
    QString email;
    QString fullName;
    QString phone;
    CustomerStatus status = CustomerStatus::Active;
    CustomerType customerType = CustomerType::Individual;
    QString customerGroup;
    LoyaltyTier loyaltyTier = LoyaltyTier::Bronze;
    qint64 loyaltyPoints = 0;
    qint64 totalSpendCents = 0;
    QString country; ///< ISO 3166-1 alpha-2
    bool emailVerified = false;
    bool phoneVerified = false;
    bool mfaEnabled = false;
    int failedLoginAttempts = 0;
    QDateTime lockedUntil;
    bool marketingConsent = false;
    bool dataProcessingConsent = false;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime lastLoginAt;
    QDateTime deletedAt;
    qint64 version = 1;

    /// Locked while `lockedUntil` lies after `now`.
    bool isLocked(const QDateTime& now = QDateTime::currentDateTimeUtc()) const
    {
        return lockedUntil.isValid() && lockedUntil > now;
    }
};

struct Address
{
    QUuid id;
    QUuid customerId;
    AddressTag tag = AddressTag::Home;
    QString recipient;
    QString lines; ///< street lines, separated by '\n'
    QString city;
    QString region;
    QString postalCode;
    QString country;
    std::optional<double> latitude;
    std::optional<double> longitude;
    QString deliveryInstructions;
    bool defaultShipping = false;
    bool defaultBilling = false;
};

/// Columns a customer list can be ordered by (server side).
enum class CustomerSortKey
{
    FullName,
    Email,
    Country,
    LoyaltyTier,
    Status,
    TotalSpend,
    CreatedAt,
    LastLoginAt
};

enum class TriState
{
    Any,
    Yes,
    No
};

/// A customer search: free text plus filters. Empty members do not filter.
struct CustomerQuery
{
    /// Longer search texts are refused (InvalidInput) by every backend; no stored value needs more.
    static constexpr int maxTextLength = 200;

    QString text; ///< case-insensitive substring of id, e-mail, name or phone; matched literally
    std::optional<CustomerStatus> status;
    std::optional<LoyaltyTier> tier;
    QString country;
    TriState mfaEnabled = TriState::Any;
    TriState locked = TriState::Any;
    QDateTime createdFrom; ///< inclusive
    QDateTime createdTo;   ///< exclusive
    // Newest first by default: creation time is unrelated to what is typed, so even a common
    // fragment finds its first page quickly (see the README's search notes).
    CustomerSortKey sortKey = CustomerSortKey::CreatedAt;
    bool descending = true;

    bool operator==(const CustomerQuery&) const = default;
};

/// Opaque keyset position: where the next page starts. Empty means "from the top".
struct PageCursor
{
    QString token;
    bool isNull() const { return token.isEmpty(); }
    bool operator==(const PageCursor&) const = default;
};

template <typename T>
struct Page
{
    QList<T> items;
    PageCursor next; ///< null when this was the last page
};

using CustomerPage = Page<Customer>;

/// How many customers match, counted up to a cap so a broad search stays cheap.
struct CustomerCount
{
    qint64 count = 0;
    bool capped = false; ///< true when there are more than `count`
};

// String forms used in the database, in the API and on the command line.
QString toString(CustomerStatus status);
QString toString(CustomerType type);
QString toString(LoyaltyTier tier);
QString toString(AddressTag tag);
QString toString(CustomerSortKey key);
std::optional<CustomerStatus> customerStatusFromString(const QString& text);
std::optional<CustomerType> customerTypeFromString(const QString& text);
std::optional<LoyaltyTier> loyaltyTierFromString(const QString& text);
std::optional<AddressTag> addressTagFromString(const QString& text);
std::optional<CustomerSortKey> customerSortKeyFromString(const QString& text);

} // namespace idc

Q_DECLARE_METATYPE(idc::Customer)
Q_DECLARE_METATYPE(idc::Address)
