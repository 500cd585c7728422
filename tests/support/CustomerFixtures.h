#pragma once

#include "Customer.h"
#include "Result.h"

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

/// Inserts the fixtures into a migrated database.
Status insertFixtures(SqlConnectionPool& pool);

/// The fixed "now" the fixtures are relative to.
QDateTime fixtureNow();

} // namespace idc::test
