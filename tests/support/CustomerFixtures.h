#pragma once

#include "Customer.h"
#include "Result.h"
#include "Session.h"

#include <QList>

namespace idc {
class SqlConnectionPool;
}

namespace idc::test {

/// A small, hand-written set of customers whose names and e-mails hold the characters a
/// search must treat literally (%, _, \, quotes, --) and non-Latin text.
QList<Customer> fixtureCustomers();

/// The addresses of fixture customer 0 (two, one default for shipping).
QList<Address> fixtureAddresses();

/// A small, hand-written set of sessions of some fixture customers, with their devices: several
/// from 185.220.101.47 (three customers) and one from 185.220.101.9, IPv6 ones in and out of
/// 2001:db8::/64, two revoked, one expired, one without a device and one without a country,
/// and two created at the same moment (ties are ordered by id). Customer e-mail, device name and
/// type are filled in as the backends return them. Expiry is relative to the real clock (active
/// sessions expire in a month, the expired one expired yesterday); creation to fixtureNow().
QList<Session> fixtureSessions();

/// Inserts the fixtures (customers, addresses, devices, sessions) into a migrated database.
Status insertFixtures(SqlConnectionPool& pool);

/// The fixed "now" the fixtures are relative to.
QDateTime fixtureNow();

} // namespace idc::test
