#include "Customer.h"

#include <array>
#include <utility>

namespace idc {
namespace {

template <typename Enum, std::size_t N>
using NameTable = std::array<std::pair<Enum, const char*>, N>;

constexpr NameTable<CustomerStatus, 3> statusNames{{
    {CustomerStatus::Active, "active"},
    {CustomerStatus::Suspended, "suspended"},
    {CustomerStatus::Deleted, "deleted"},
}};
constexpr NameTable<CustomerType, 2> typeNames{{
    {CustomerType::Individual, "individual"},
    {CustomerType::Business, "business"},
}};
constexpr NameTable<LoyaltyTier, 4> tierNames{{
    {LoyaltyTier::Bronze, "bronze"},
    {LoyaltyTier::Silver, "silver"},
    {LoyaltyTier::Gold, "gold"},
    {LoyaltyTier::Platinum, "platinum"},
}};
constexpr NameTable<AddressTag, 3> tagNames{{
    {AddressTag::Home, "home"},
    {AddressTag::Work, "work"},
    {AddressTag::Other, "other"},
}};
constexpr NameTable<CustomerSortKey, 8> sortKeyNames{{
    {CustomerSortKey::FullName, "full_name"},
    {CustomerSortKey::Email, "email"},
    {CustomerSortKey::Country, "country"},
    {CustomerSortKey::LoyaltyTier, "loyalty_tier"},
    {CustomerSortKey::Status, "status"},
    {CustomerSortKey::TotalSpend, "total_spend_cents"},
    {CustomerSortKey::CreatedAt, "created_at"},
    {CustomerSortKey::LastLoginAt, "last_login_at"},
}};

template <typename Enum, std::size_t N>
QString nameOf(const NameTable<Enum, N>& table, Enum value)
{
    for (const auto& [e, name] : table) {
        if (e == value)
            return QString::fromLatin1(name);
    }
    return {};
}

template <typename Enum, std::size_t N>
std::optional<Enum> valueOf(const NameTable<Enum, N>& table, const QString& text)
{
    for (const auto& [e, name] : table) {
        if (text == QLatin1String(name))
            return e;
    }
    return std::nullopt;
}

} // namespace

QString toString(CustomerStatus status)
{
    return nameOf(statusNames, status);
}
QString toString(CustomerType type)
{
    return nameOf(typeNames, type);
}
QString toString(LoyaltyTier tier)
{
    return nameOf(tierNames, tier);
}
QString toString(AddressTag tag)
{
    return nameOf(tagNames, tag);
}
QString toString(CustomerSortKey key)
{
    return nameOf(sortKeyNames, key);
}

std::optional<CustomerStatus> customerStatusFromString(const QString& text)
{
    return valueOf(statusNames, text);
}
std::optional<CustomerType> customerTypeFromString(const QString& text)
{
    return valueOf(typeNames, text);
}
std::optional<LoyaltyTier> loyaltyTierFromString(const QString& text)
{
    return valueOf(tierNames, text);
}
std::optional<AddressTag> addressTagFromString(const QString& text)
{
    return valueOf(tagNames, text);
}
std::optional<CustomerSortKey> customerSortKeyFromString(const QString& text)
{
    return valueOf(sortKeyNames, text);
}

} // namespace idc
