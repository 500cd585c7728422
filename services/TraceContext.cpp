#include "TraceContext.h"

#include <QRandomGenerator>

#include <algorithm>
#include <array>

namespace idc {
namespace {

constexpr qsizetype traceIdLength = 32;
constexpr qsizetype parentIdLength = 16;
// "00-" + trace id + "-" + parent id + "-" + flags
constexpr qsizetype version00Length = 3 + traceIdLength + 1 + parentIdLength + 1 + 2;

bool isLowerHex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

bool isLowerHex(QByteArrayView text)
{
    return std::all_of(text.begin(), text.end(), [](char c) { return isLowerHex(c); });
}

bool isAllZero(QByteArrayView text)
{
    return std::all_of(text.begin(), text.end(), [](char c) { return c == '0'; });
}

bool isValidId(QByteArrayView id, qsizetype length)
{
    return id.size() == length && isLowerHex(id) && !isAllZero(id);
}

int hexValue(char c)
{
    return c <= '9' ? c - '0' : c - 'a' + 10;
}

// Random lower-case hex of `bytes` (at most 16) bytes that is never all zero, which the
// specification reserves for "invalid".
QByteArray randomId(qsizetype bytes)
{
    std::array<quint32, 4> words{};
    QByteArray raw;
    do {
        QRandomGenerator::system()->fillRange(words.data(), qsizetype(words.size()));
        raw = QByteArray(reinterpret_cast<const char*>(words.data()), bytes);
    } while (std::all_of(raw.cbegin(), raw.cend(), [](char c) { return c == 0; }));
    return raw.toHex();
}

QByteArrayView trimmed(QByteArrayView text)
{
    // HTTP allows optional white space (spaces and tabs) around a header value.
    const auto isOws = [](char c) { return c == ' ' || c == '\t'; };
    while (!text.isEmpty() && isOws(text.front()))
        text = text.sliced(1);
    while (!text.isEmpty() && isOws(text.back()))
        text.chop(1);
    return text;
}

} // namespace

TraceContext TraceContext::generate()
{
    return TraceContext{randomId(traceIdLength / 2), randomId(parentIdLength / 2), 0x01};
}

std::optional<TraceContext> TraceContext::parse(QByteArrayView header)
{
    const QByteArrayView value = trimmed(header);
    if (value.size() < version00Length)
        return std::nullopt;

    const QByteArrayView version = value.first(2);
    if (!isLowerHex(version) || version == "ff")
        return std::nullopt;
    // Version 00 has exactly four fields. A later version may append fields after a dash; a
    // version-00 parser reads the first four and ignores the rest.
    if (version == "00" ? value.size() != version00Length
                        : value.size() > version00Length && value.at(version00Length) != '-') {
        return std::nullopt;
    }
    if (value.at(2) != '-' || value.at(3 + traceIdLength) != '-' ||
        value.at(3 + traceIdLength + 1 + parentIdLength) != '-')
        return std::nullopt;

    const QByteArrayView traceId = value.sliced(3, traceIdLength);
    const QByteArrayView parentId = value.sliced(3 + traceIdLength + 1, parentIdLength);
    const QByteArrayView flags = value.sliced(version00Length - 2, 2);
    if (!isValidId(traceId, traceIdLength) || !isValidId(parentId, parentIdLength) || !isLowerHex(flags))
        return std::nullopt;

    TraceContext context;
    context.traceId = traceId.toByteArray();
    context.parentId = parentId.toByteArray();
    context.flags = static_cast<quint8>(hexValue(flags.at(0)) * 16 + hexValue(flags.at(1)));
    return context;
}

TraceContext TraceContext::child() const
{
    TraceContext next = *this;
    next.parentId = randomId(parentIdLength / 2);
    return next;
}

QByteArray TraceContext::toHeader() const
{
    QByteArray header;
    header.reserve(version00Length);
    header.append("00-").append(traceId).append('-').append(parentId).append('-');
    header.append(QByteArray::number(flags, 16).rightJustified(2, '0'));
    return header;
}

bool TraceContext::isValid() const
{
    return isValidId(traceId, traceIdLength) && isValidId(parentId, parentIdLength);
}

} // namespace idc
