#include "Mfa.h"

#include <QCryptographicHash>

#include <openssl/rand.h>

namespace idc {

QString toString(MfaState state)
{
    switch (state) {
    case MfaState::Off:
        return QStringLiteral("off");
    case MfaState::Pending:
        return QStringLiteral("pending");
    case MfaState::On:
        return QStringLiteral("on");
    }
    return {};
}

std::optional<MfaState> mfaStateFromString(const QString& text)
{
    for (const MfaState state : {MfaState::Off, MfaState::Pending, MfaState::On}) {
        if (text == toString(state))
            return state;
    }
    return std::nullopt;
}

QString toString(MfaCodeOutcome outcome)
{
    switch (outcome) {
    case MfaCodeOutcome::Accepted:
        return QStringLiteral("accepted");
    case MfaCodeOutcome::Wrong:
        return QStringLiteral("wrong");
    case MfaCodeOutcome::TooManyAttempts:
        return QStringLiteral("too_many_attempts");
    }
    return {};
}

std::optional<MfaCodeOutcome> mfaCodeOutcomeFromString(const QString& text)
{
    for (const MfaCodeOutcome outcome :
         {MfaCodeOutcome::Accepted, MfaCodeOutcome::Wrong, MfaCodeOutcome::TooManyAttempts}) {
        if (text == toString(outcome))
            return outcome;
    }
    return std::nullopt;
}

QStringList generateRecoveryCodes(int count)
{
    // 30 symbols without 0/o, 1/l/i: easy to read aloud and to type from paper.
    static constexpr char alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
    static constexpr int symbols = sizeof(alphabet) - 1;
    static constexpr int length = 12;
    QStringList codes;
    for (int i = 0; i < count; ++i) {
        QString code;
        while (code.size() < length + 2) {
            unsigned char byte = 0;
            if (RAND_bytes(&byte, 1) != 1)
                return {};
            // Rejection sampling keeps every symbol equally likely.
            if (byte >= 256 - 256 % symbols)
                continue;
            if (code.size() == 4 || code.size() == 9)
                code += u'-';
            code += QLatin1Char(alphabet[byte % symbols]);
        }
        codes << code;
    }
    return codes;
}

QString normalizeRecoveryCode(const QString& code)
{
    QString text = code.toLower();
    text.remove(u' ');
    text.remove(u'-');
    return text;
}

QString recoveryCodeHash(const QUuid& owner, const QString& code)
{
    const QByteArray input =
        owner.toString(QUuid::WithoutBraces).toLatin1() + ':' + normalizeRecoveryCode(code).toUtf8();
    return QString::fromLatin1(QCryptographicHash::hash(input, QCryptographicHash::Sha256).toHex());
}

} // namespace idc
