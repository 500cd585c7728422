#include "CustomerFixtures.h"

#include "SqlConnectionPool.h"

#include <QCryptographicHash>
#include <QSqlError>
#include <QSqlQuery>

namespace idc::test {

QDateTime fixtureNow()
{
    return QDateTime(QDate(2026, 6, 1), QTime(12, 0), Qt::UTC);
}

QList<Customer> fixtureCustomers()
{
    struct Row
    {
        const char* id;
        const char* email;
        const char* name;
        const char* phone;
        CustomerStatus status;
        LoyaltyTier tier;
        qint64 spend;
        const char* country;
        bool mfa;
        int lockedHours; // > 0: locked until now + hours
        int createdDaysAgo;
        int lastLoginDaysAgo; // < 0: never
    };
    static const Row rows[] = {
        {"0b6f4c1e-0d5e-4c86-9a51-2f1c6a0e7a01", "alice.nguyen@example.com", "Alice Nguyen", "+84912345678",
         CustomerStatus::Active, LoyaltyTier::Gold, 1250000, "VN", true, 0, 400, 1},
        {"1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e02", "dao.nguyen@example.com", "Nguyễn Thị Đào", "+84987654321",
         CustomerStatus::Active, LoyaltyTier::Silver, 320000, "VN", false, 0, 300, 5},
        {"2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f03", "percent@example.com", "100% Cotton Ltd", "+4930123456",
         CustomerStatus::Active, LoyaltyTier::Platinum, 9900000, "DE", true, 0, 900, 2},
        {"3e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a04", "under_score@example.com", "Uma Under_Score", "+441632960001",
         CustomerStatus::Suspended, LoyaltyTier::Bronze, 1000, "GB", false, 0, 30, -1},
        {"4f5a6b7c-8d9e-4f0a-9b2c-3d4e5f6a7b05", "obrien@example.com", "Conor O'Brien", "+353851234567",
         CustomerStatus::Active, LoyaltyTier::Bronze, 5000, "IE", false, 3, 60, 10},
        {"5a6b7c8d-9e0f-4a1b-8c3d-4e5f6a7b8c06", "back.slash@example.com", "Back\\Slash Trading", "+12025550143",
         CustomerStatus::Active, LoyaltyTier::Silver, 450000, "US", false, 0, 720, 40},
        {"6b7c8d9e-0f1a-4b2c-9d4e-5f6a7b8c9d07", "ann-marie@example.com", "Ann--Marie Dupont", "+33612345678",
         CustomerStatus::Deleted, LoyaltyTier::Bronze, 0, "FR", false, 0, 1000, 500},
        {"7c8d9e0f-1a2b-4c3d-8e5f-6a7b8c9d0e08", "ivan.petrov@example.com", "Иван Петров", "+79161234567",
         CustomerStatus::Active, LoyaltyTier::Gold, 2100000, "RU", true, 5, 200, 3},
        {"8d9e0f1a-2b3c-4d4e-9f6a-7b8c9d0e1f09", "zoe.zhang@example.com", "zoe zhang", "+6591234567",
         CustomerStatus::Active, LoyaltyTier::Silver, 300000, "SG", false, 0, 10, 0},
        {"9e0f1a2b-3c4d-4e5f-8a7b-8c9d0e1f2a10", "bob.brown@example.com", "Bob Brown", "+12025550100",
         CustomerStatus::Active, LoyaltyTier::Bronze, 1000, "US", true, 0, 100, 20},
        {"a0f1a2b3-4d5e-4f6a-9b8c-9d0e1f2a3b11", "bob.brown2@example.com", "Bob Brown", "+12025550101",
         CustomerStatus::Active, LoyaltyTier::Bronze, 1000, "US", false, 0, 100, -1},
        {"b1a2b3c4-5e6f-4a7b-8c9d-0e1f2a3b4c12", "quote\"double@example.com", "Dana \"DJ\" Jones", "+61412345678",
         CustomerStatus::Active, LoyaltyTier::Platinum, 7500000, "AU", false, 0, 50, 7},
    };
    QList<Customer> customers;
    const QDateTime now = fixtureNow();
    for (const Row& row : rows) {
        Customer c;
        c.id = QUuid::fromString(QLatin1String(row.id));
        c.email = QString::fromUtf8(row.email);
        c.fullName = QString::fromUtf8(row.name);
        c.phone = QString::fromUtf8(row.phone);
        c.status = row.status;
        c.loyaltyTier = row.tier;
        c.totalSpendCents = row.spend;
        c.loyaltyPoints = row.spend / 100;
        c.country = QString::fromLatin1(row.country);
        c.mfaEnabled = row.mfa;
        if (row.lockedHours > 0) {
            c.lockedUntil = QDateTime::currentDateTimeUtc().addSecs(row.lockedHours * 3600);
            c.failedLoginAttempts = 5;
        }
        c.createdAt = now.addDays(-row.createdDaysAgo);
        c.updatedAt = c.createdAt;
        if (row.lastLoginDaysAgo >= 0)
            c.lastLoginAt = now.addDays(-row.lastLoginDaysAgo);
        c.emailVerified = true;
        c.dataProcessingConsent = true;
        c.customerGroup = QStringLiteral("retail");
        customers.append(c);
    }
    return customers;
}

QList<Address> fixtureAddresses()
{
    const QUuid owner = fixtureCustomers().first().id;
    Address home;
    home.id = QUuid::fromString(QStringLiteral("c0000000-0000-4000-8000-000000000001"));
    home.customerId = owner;
    home.tag = AddressTag::Home;
    home.recipient = QStringLiteral("Alice Nguyen");
    home.lines = QStringLiteral("12 Hàng Bạc\nApartment 3");
    home.city = QStringLiteral("Hà Nội");
    home.postalCode = QStringLiteral("100000");
    home.country = QStringLiteral("VN");
    home.latitude = 21.0341;
    home.longitude = 105.8516;
    home.deliveryInstructions = QStringLiteral("Ring twice; the bell is broken on Sundays");
    home.defaultShipping = true;
    Address work = home;
    work.id = QUuid::fromString(QStringLiteral("c0000000-0000-4000-8000-000000000002"));
    work.tag = AddressTag::Work;
    work.lines = QStringLiteral("1 Tràng Tiền");
    work.latitude.reset();
    work.longitude.reset();
    work.deliveryInstructions.clear();
    work.defaultShipping = false;
    work.defaultBilling = true;
    return {work, home};
}

namespace {

struct FixtureDevice
{
    const char* id;
    int customer; // index into fixtureCustomers()
    const char* name;
    const char* type;
};

constexpr FixtureDevice fixtureDevices[] = {
    {"d0000000-0000-4000-8000-000000000001", 0, "Alice's iPhone", "mobile"},
    {"d0000000-0000-4000-8000-000000000002", 0, "Alice's MacBook", "desktop"},
    {"d0000000-0000-4000-8000-000000000003", 1, "Galaxy Tab S9", "tablet"},
    {"d0000000-0000-4000-8000-000000000004", 7, "Work PC", "desktop"},
    {"d0000000-0000-4000-8000-000000000005", 9, "Pixel 8", "mobile"},
};

const FixtureDevice* fixtureDevice(const char* id)
{
    for (const FixtureDevice& device : fixtureDevices) {
        if (id && qstrcmp(device.id, id) == 0)
            return &device;
    }
    return nullptr;
}

} // namespace

QList<Session> fixtureSessions()
{
    enum class State
    {
        Active,
        Revoked,
        Expired
    };
    struct Row
    {
        const char* id;
        int customer;
        const char* device; // nullptr: none
        const char* ip;
        const char* country; // nullptr: unknown
        const char* userAgent;
        int createdHoursAgo; // before fixtureNow()
        State state;
        RevokeReason reason;
        const char* note;
    };
    static const Row rows[] = {
        {"e0000000-0000-4000-8000-000000000001",
         0,
         "d0000000-0000-4000-8000-000000000001",
         "185.220.101.47",
         "VN",
         "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)",
         24,
         State::Active,
         {},
         nullptr},
        // Created at the same moment as the one above: the id orders them.
        {"e0000000-0000-4000-8000-000000000010",
         2,
         nullptr,
         "192.0.2.77",
         "DE",
         "curl/8.5.0",
         24,
         State::Active,
         {},
         nullptr},
        {"e0000000-0000-4000-8000-000000000002",
         0,
         "d0000000-0000-4000-8000-000000000002",
         "2001:db8::1",
         "VN",
         "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) Safari/605.1.15",
         48,
         State::Active,
         {},
         nullptr},
        {"e0000000-0000-4000-8000-000000000003",
         1,
         "d0000000-0000-4000-8000-000000000003",
         "185.220.101.47",
         "DE",
         "Mozilla/5.0 (Linux; Android 14; SM-X710)",
         72,
         State::Active,
         {},
         nullptr},
        {"e0000000-0000-4000-8000-000000000004", 7, "d0000000-0000-4000-8000-000000000004", "185.220.101.47", "RU",
         "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", 96, State::Revoked, RevokeReason::SecurityAlert, "Tor exit node"},
        {"e0000000-0000-4000-8000-000000000005",
         7,
         nullptr,
         "185.220.101.9",
         "RU",
         "python-requests/2.31",
         120,
         State::Active,
         {},
         nullptr},
        {"e0000000-0000-4000-8000-000000000006",
         9,
         "d0000000-0000-4000-8000-000000000005",
         "2001:db8::abcd",
         "US",
         "Mozilla/5.0 (Linux; Android 14; Pixel 8)",
         144,
         State::Active,
         {},
         nullptr},
        {"e0000000-0000-4000-8000-000000000007",
         9,
         "d0000000-0000-4000-8000-000000000005",
         "2001:db8:1::5",
         "US",
         "Mozilla/5.0 (Linux; Android 14; Pixel 8)",
         168,
         State::Expired,
         {},
         nullptr},
        {"e0000000-0000-4000-8000-000000000008", 0, "d0000000-0000-4000-8000-000000000001", "203.0.113.5", "VN",
         "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)", 240, State::Revoked, RevokeReason::UserLogout,
         nullptr},
        {"e0000000-0000-4000-8000-000000000009",
         1,
         nullptr,
         "198.51.100.23",
         nullptr,
         nullptr,
         288,
         State::Active,
         {},
         nullptr},
    };
    const QList<Customer> customers = fixtureCustomers();
    const QDateTime now = fixtureNow();
    // Whole days on the real clock, so that every call gives the same values all day.
    const QDateTime today(QDateTime::currentDateTimeUtc().date(), QTime(0, 0), Qt::UTC);
    QList<Session> sessions;
    for (const Row& row : rows) {
        Session s;
        s.id = QUuid::fromString(QLatin1String(row.id));
        s.customerId = customers.at(row.customer).id;
        s.customerEmail = customers.at(row.customer).email;
        if (const FixtureDevice* device = fixtureDevice(row.device)) {
            s.deviceId = QUuid::fromString(QLatin1String(device->id));
            s.deviceName = QString::fromUtf8(device->name);
            s.deviceType = QString::fromLatin1(device->type);
        }
        s.ip = QString::fromLatin1(row.ip);
        s.userAgent = row.userAgent ? QString::fromLatin1(row.userAgent) : QString();
        s.country = row.country ? QString::fromLatin1(row.country) : QString();
        s.createdAt = now.addSecs(-qint64(row.createdHoursAgo) * 3600);
        s.lastSeenAt = s.createdAt.addSecs(1800);
        s.expiresAt = row.state == State::Expired ? today.addDays(-1) : today.addDays(31);
        if (row.state == State::Revoked) {
            s.revokedAt = s.createdAt.addSecs(3600);
            s.revokedBy = row.reason == RevokeReason::UserLogout ? QStringLiteral("customer")
                                                                 : QStringLiteral("security-monitor");
            s.revokeReason = row.reason;
            s.revokeNote = row.note ? QString::fromUtf8(row.note) : QString();
        }
        sessions.append(s);
    }
    return sessions;
}

Status insertFixtures(SqlConnectionPool& pool)
{
    return pool
        .run([](QSqlDatabase& db) -> Status {
            QSqlQuery q(db);
            auto fail = [&q] { return makeError(ErrorKind::Storage, q.lastError().text()); };
            q.prepare(QStringLiteral(
                "INSERT INTO customers (id, email, full_name, phone, status, customer_type, customer_group, "
                "loyalty_tier, loyalty_points, total_spend_cents, country, email_verified, phone_verified, "
                "mfa_enabled, "
                "failed_login_attempts, locked_until, marketing_consent, data_processing_consent, created_at, "
                "updated_at, last_login_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "?, ?, ?)"));
            for (const Customer& c : fixtureCustomers()) {
                for (const QVariant& v : QVariantList{c.id.toString(QUuid::WithoutBraces),
                                                      c.email,
                                                      c.fullName,
                                                      c.phone,
                                                      toString(c.status),
                                                      toString(c.customerType),
                                                      c.customerGroup,
                                                      toString(c.loyaltyTier),
                                                      c.loyaltyPoints,
                                                      c.totalSpendCents,
                                                      c.country,
                                                      c.emailVerified,
                                                      c.phoneVerified,
                                                      c.mfaEnabled,
                                                      c.failedLoginAttempts,
                                                      SqlDialect::timestamp(c.lockedUntil),
                                                      c.marketingConsent,
                                                      c.dataProcessingConsent,
                                                      SqlDialect::timestamp(c.createdAt),
                                                      SqlDialect::timestamp(c.updatedAt),
                                                      SqlDialect::timestamp(c.lastLoginAt),
                                                      c.version})
                    q.addBindValue(v);
                if (!q.exec())
                    return fail();
            }
            q.prepare(QStringLiteral("INSERT INTO addresses (id, customer_id, tag, recipient, lines, city, region, "
                                     "postal_code, country, latitude, longitude, delivery_instructions, "
                                     "is_default_shipping, is_default_billing) "
                                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
            for (const Address& a : fixtureAddresses()) {
                const QVariant nullDouble(QMetaType(QMetaType::Double));
                for (const QVariant& v :
                     QVariantList{a.id.toString(QUuid::WithoutBraces), a.customerId.toString(QUuid::WithoutBraces),
                                  toString(a.tag), a.recipient, a.lines, a.city, a.region, a.postalCode, a.country,
                                  a.latitude ? QVariant(*a.latitude) : nullDouble,
                                  a.longitude ? QVariant(*a.longitude) : nullDouble, a.deliveryInstructions,
                                  a.defaultShipping, a.defaultBilling})
                    q.addBindValue(v);
                if (!q.exec())
                    return fail();
            }
            const QList<Customer> customers = fixtureCustomers();
            q.prepare(QStringLiteral("INSERT INTO devices (id, customer_id, fingerprint, name, device_type, "
                                     "first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)"));
            for (const FixtureDevice& device : fixtureDevices) {
                const QString id = QString::fromLatin1(device.id);
                for (const QVariant& v :
                     QVariantList{id, customers.at(device.customer).id.toString(QUuid::WithoutBraces),
                                  QString(QStringLiteral("fp-") + id), QString::fromUtf8(device.name),
                                  QString::fromLatin1(device.type), SqlDialect::timestamp(fixtureNow().addDays(-30)),
                                  SqlDialect::timestamp(fixtureNow())})
                    q.addBindValue(v);
                if (!q.exec())
                    return fail();
            }
            q.prepare(QStringLiteral(
                "INSERT INTO sessions (id, customer_id, device_id, token_hash, ip, user_agent, country, created_at, "
                "last_seen_at, expires_at, revoked_at, revoked_by, revoke_reason, revoke_note) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
            const QVariant nullText(QMetaType(QMetaType::QString));
            const auto text = [&nullText](const QString& value) {
                return value.isEmpty() ? nullText : QVariant(value);
            };
            for (const Session& s : fixtureSessions()) {
                const QString id = s.id.toString(QUuid::WithoutBraces);
                const QString tokenHash =
                    QString::fromLatin1(QCryptographicHash::hash(id.toUtf8(), QCryptographicHash::Sha256).toHex());
                for (const QVariant& v : QVariantList{
                         id, s.customerId.toString(QUuid::WithoutBraces),
                         s.deviceId.isNull() ? nullText : QVariant(s.deviceId.toString(QUuid::WithoutBraces)),
                         tokenHash, s.ip, text(s.userAgent), text(s.country), SqlDialect::timestamp(s.createdAt),
                         SqlDialect::timestamp(s.lastSeenAt), SqlDialect::timestamp(s.expiresAt),
                         SqlDialect::timestamp(s.revokedAt), text(s.revokedBy),
                         s.revokeReason ? QVariant(toString(*s.revokeReason)) : nullText, text(s.revokeNote)})
                    q.addBindValue(v);
                if (!q.exec())
                    return fail();
            }
            return Done{};
        })
        .result();
}

} // namespace idc::test
