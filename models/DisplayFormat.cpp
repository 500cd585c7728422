#include "DisplayFormat.h"

#include <QLocale>

#include <algorithm>

namespace idc {

QString DisplayFormat::maskedEmail(const QString& email)
{
    const qsizetype at = email.lastIndexOf(u'@');
    if (at <= 0)
        return QString(qMax<qsizetype>(email.size(), 3), QChar(0x2022));
    return email.left(1) + QString(std::clamp<qsizetype>(at - 1, 3, 8), QChar(0x2022)) + email.mid(at);
}

QString DisplayFormat::maskedPhone(const QString& phone)
{
    if (phone.isEmpty())
        return {};
    const qsizetype keep = qMin<qsizetype>(3, phone.size() / 3);
    const QString prefix = phone.startsWith(u'+') ? phone.left(3) : QString();
    const QString bullets(3, QChar(0x2022));
    return (prefix.isEmpty() ? QString() : prefix + u' ') + bullets + u' ' + bullets + u' ' + phone.right(keep);
}

QString DisplayFormat::statusName(CustomerStatus status)
{
    switch (status) {
    case CustomerStatus::Active:
        return tr("Active");
    case CustomerStatus::Suspended:
        return tr("Suspended");
    case CustomerStatus::Deleted:
        return tr("Deleted");
    }
    return {};
}

QString DisplayFormat::customerTypeName(CustomerType type)
{
    return type == CustomerType::Business ? tr("Business") : tr("Individual");
}

QString DisplayFormat::tierName(LoyaltyTier tier)
{
    switch (tier) {
    case LoyaltyTier::Bronze:
        return tr("Bronze");
    case LoyaltyTier::Silver:
        return tr("Silver");
    case LoyaltyTier::Gold:
        return tr("Gold");
    case LoyaltyTier::Platinum:
        return tr("Platinum");
    }
    return {};
}

QString DisplayFormat::addressTagName(AddressTag tag)
{
    switch (tag) {
    case AddressTag::Home:
        return tr("Home");
    case AddressTag::Work:
        return tr("Work");
    case AddressTag::Other:
        return tr("Other");
    }
    return {};
}

QString DisplayFormat::countryName(const QString& isoCode)
{
    const QLocale::Territory territory = QLocale::codeToTerritory(isoCode);
    if (territory == QLocale::AnyTerritory)
        return isoCode;
    return QLocale::territoryToString(territory) + QStringLiteral(" (") + isoCode + u')';
}

QString DisplayFormat::yesNo(bool value)
{
    return value ? tr("Yes") : tr("No");
}

QString DisplayFormat::money(qint64 cents)
{
    return QLocale().toCurrencyString(double(cents) / 100.0, QStringLiteral("€"));
}

QString DisplayFormat::date(const QDateTime& value)
{
    return value.isValid() ? QLocale().toString(value.toLocalTime().date(), QLocale::ShortFormat) : QString();
}

QString DisplayFormat::dateTime(const QDateTime& value)
{
    return value.isValid() ? QLocale().toString(value.toLocalTime(), QLocale::ShortFormat) : QString();
}

QString DisplayFormat::clockDuration(qint64 seconds)
{
    const qint64 h = seconds / 3600;
    const qint64 m = (seconds % 3600) / 60;
    const qint64 s = seconds % 60;
    if (h > 0)
        return QStringLiteral("%1:%2:%3").arg(h).arg(m, 2, 10, QLatin1Char('0')).arg(s, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(m).arg(s, 2, 10, QLatin1Char('0'));
}

QString DisplayFormat::operatorRoleName(const QString& role)
{
    if (role == u"support_agent")
        return tr("Support agent");
    if (role == u"security_officer")
        return tr("Security officer");
    if (role == u"admin")
        return tr("Administrator");
    return role;
}

QString DisplayFormat::revokeReasonName(RevokeReason reason)
{
    switch (reason) {
    case RevokeReason::UserLogout:
        return tr("Signed out by the customer");
    case RevokeReason::AdminAction:
        return tr("Administrative action");
    case RevokeReason::SecurityAlert:
        return tr("Security alert");
    case RevokeReason::SessionLimit:
        return tr("Evicted: over the 5-session limit");
    case RevokeReason::PasswordChange:
        return tr("Password changed");
    case RevokeReason::DeviceRemoved:
        return tr("Device removed");
    }
    return {};
}

QString DisplayFormat::loginFailureName(LoginFailureReason reason)
{
    switch (reason) {
    case LoginFailureReason::BadPassword:
        return tr("Wrong password");
    case LoginFailureReason::UnknownUser:
        return tr("Unknown e-mail address");
    case LoginFailureReason::MfaFailed:
        return tr("Wrong authenticator code");
    case LoginFailureReason::Locked:
        return tr("Refused: account locked");
    case LoginFailureReason::Suspended:
        return tr("Refused: account suspended");
    case LoginFailureReason::RateLimited:
        return tr("Refused: too many attempts");
    }
    return {};
}

QString DisplayFormat::riskFlagName(RiskFlag flag)
{
    switch (flag) {
    case RiskFlag::NewDevice:
        return tr("New device");
    case RiskFlag::NewCountry:
        return tr("New country");
    case RiskFlag::ImpossibleTravel:
        return tr("Impossible travel");
    case RiskFlag::FailureBurst:
        return tr("Failure burst");
    case RiskFlag::Lockout:
        return tr("Lockout");
    }
    return {};
}

QStringList DisplayFormat::riskFlagNames(RiskFlags flags)
{
    QStringList names;
    for (RiskFlag flag : allRiskFlags)
        if (flags.testFlag(flag))
            names << riskFlagName(flag);
    return names;
}

QStringList DisplayFormat::riskFlagExplanations(RiskFlags flags)
{
    QStringList lines;
    for (RiskFlag flag : allRiskFlags) {
        if (!flags.testFlag(flag))
            continue;
        switch (flag) {
        case RiskFlag::NewDevice:
            lines << tr("New device: the first sign-in from this device, or from no known device.");
            break;
        case RiskFlag::NewCountry:
            lines << tr("New country: none of the customer's earlier attempts came from this country.");
            break;
        case RiskFlag::ImpossibleTravel:
            lines << tr("Impossible travel: too far from the previous sign-in for the time between them.");
            break;
        case RiskFlag::FailureBurst:
            lines << tr("Failure burst: many failures from this IP address within minutes.");
            break;
        case RiskFlag::Lockout:
            lines << tr("Lockout: refused because the account was locked.");
            break;
        }
    }
    return lines;
}

QString DisplayFormat::sessionStateName(const Session& session, const QDateTime& now)
{
    if (session.revokedAt.isValid())
        return tr("Revoked", "session state");
    return session.isActive(now) ? tr("Active", "session state") : tr("Expired", "session state");
}

QString DisplayFormat::deviceTypeName(const QString& type)
{
    if (type == u"mobile")
        return tr("Mobile");
    if (type == u"desktop")
        return tr("Desktop");
    if (type == u"tablet")
        return tr("Tablet");
    return type;
}

QString DisplayFormat::deviceName(const QString& name, const QString& type)
{
    if (name.isEmpty() && type.isEmpty())
        return tr("Unknown device");
    if (type.isEmpty())
        return name;
    if (name.isEmpty())
        return deviceTypeName(type);
    return tr("%1 (%2)").arg(name, deviceTypeName(type));
}

QString DisplayFormat::errorMessage(const Error& error)
{
    QString sentence;
    switch (error.kind) {
    case ErrorKind::Internal:
        sentence = tr("Something went wrong inside the console.");
        break;
    case ErrorKind::InvalidInput:
        sentence = tr("The request was refused as invalid.");
        break;
    case ErrorKind::NotFound:
        sentence = tr("It no longer exists.");
        break;
    case ErrorKind::Conflict:
        sentence = tr("Someone else changed it in the meantime. Reload and try again.");
        break;
    case ErrorKind::Unauthorized:
        sentence = tr("The user name or password was not accepted.");
        break;
    case ErrorKind::Forbidden:
        sentence = tr("Your role does not allow this.");
        break;
    case ErrorKind::Unavailable:
        sentence = tr("The database or server cannot be reached.");
        break;
    case ErrorKind::Timeout:
        sentence = tr("No answer came in time.");
        break;
    case ErrorKind::Protocol:
        sentence = tr("The server answered with something the console does not understand.");
        break;
    case ErrorKind::Storage:
        sentence = tr("The database refused the request.");
        break;
    case ErrorKind::SchemaTooNew:
        sentence = tr("This database was set up by a newer version of Identity Console. Update the console to use it.");
        break;
    case ErrorKind::KeychainUnavailable:
        sentence = tr("No system keychain is available, so passwords cannot be remembered.");
        break;
    case ErrorKind::Cancelled:
        sentence = tr("Cancelled.");
        break;
    case ErrorKind::MfaRequired:
        sentence = tr("Enter the code from your authenticator app.");
        break;
    case ErrorKind::Certificate:
        sentence = tr("The server's certificate was refused, so the connection was not made.");
        break;
    case ErrorKind::SecretKey:
        sentence = tr("The key that protects authenticator secrets is missing or does not open them.");
        break;
    case ErrorKind::FileAccess:
        sentence = tr("The file could not be written or read.");
        break;
    case ErrorKind::RateLimited:
        sentence = error.retryAfterSeconds > 0
                       ? tr("Too many attempts. Try again in %n second(s).", nullptr, error.retryAfterSeconds)
                       : tr("Too many attempts. Try again later.");
        break;
    }
    if (error.detail.isEmpty())
        return sentence;
    return tr("%1 (%2)").arg(sentence, error.detail);
}

} // namespace idc
