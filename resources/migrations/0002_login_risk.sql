-- Identity Console schema, version 2: what the login history's risk flags need on PostgreSQL.
-- SqlBackend computes the flags when it reads login events, with one SQL text for both
-- dialects; on SQLite these three functions are C functions registered per connection
-- (SqlConnectionPool), so SQLite has nothing to do here. Each function is one immutable
-- expression (times are taken in UTC) so that the planner inlines it.

-- idc_km(lat1, lon1, lat2, lon2): great-circle distance in km (haversine, Earth radius 6371 km).
-- @postgresql
CREATE OR REPLACE FUNCTION idc_km(double precision, double precision, double precision, double precision)
    RETURNS double precision LANGUAGE sql IMMUTABLE
    AS 'SELECT 2 * 6371 * asin(least(1.0, sqrt(power(sin(radians($3 - $1) / 2), 2) + cos(radians($1)) * cos(radians($3)) * power(sin(radians($4 - $2) / 2), 2))))';

-- idc_epoch(ts): seconds since 1970-01-01 UTC, with fractions.
-- @postgresql
CREATE OR REPLACE FUNCTION idc_epoch(timestamptz) RETURNS double precision LANGUAGE sql IMMUTABLE
    AS 'SELECT extract(epoch from $1 AT TIME ZONE ''UTC'')::double precision';

-- idc_shift(ts, seconds): the timestamp that many seconds later (earlier when negative).
-- @postgresql
CREATE OR REPLACE FUNCTION idc_shift(timestamptz, double precision) RETURNS timestamptz LANGUAGE sql IMMUTABLE
    AS 'SELECT ($1 AT TIME ZONE ''UTC'' + $2 * interval ''1 second'') AT TIME ZONE ''UTC''';
