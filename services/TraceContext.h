#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace idc {

/// A W3C Trace Context (https://www.w3.org/TR/trace-context/) as carried by the `traceparent`
/// header: which trace a request belongs to and which span made it.
struct TraceContext
{
    QByteArray traceId;  ///< 32 lower-case hex digits, not all zero
    QByteArray parentId; ///< 16 lower-case hex digits, not all zero
    quint8 flags = 0x01; ///< trace-flags; bit 0 is "sampled"

    /// A new trace with random ids from the system's CSPRNG, sampled.
    static TraceContext generate();

    /// Parses a `traceparent` header value the way the specification asks a version-00 parser
    /// to: nullopt for anything malformed, so that the caller starts a new trace instead.
    static std::optional<TraceContext> parse(QByteArrayView header);

    /// The context to send downstream: same trace id, a new parent (span) id, same flags.
    TraceContext child() const;

    /// The header value, always in version 00: "00-<trace id>-<parent id>-<flags>".
    QByteArray toHeader() const;

    /// Whether both ids have the right length, are lower-case hex and are not all zero.
    bool isValid() const;

    friend bool operator==(const TraceContext&, const TraceContext&) = default;
};

} // namespace idc
