#pragma once

#include <QByteArray>
#include <QList>

namespace idc::test {

/// The value of the sample whose name and labels are exactly `series` in a Prometheus text
/// exposition (e.g. `idc_throttled_requests_total` or `name{label="v"}`); -1 when it is missing.
inline double prometheusSample(const QByteArray& exposition, const QByteArray& series)
{
    const QByteArray prefix = series + ' ';
    for (const QByteArray& line : exposition.split('\n')) {
        if (line.startsWith(prefix)) {
            bool ok = false;
            const double value = line.sliced(prefix.size()).toDouble(&ok);
            return ok ? value : -1;
        }
    }
    return -1;
}

} // namespace idc::test
