-- Identity Console schema, version 1.
-- One source for both dialects: {{…}} tokens are replaced per dialect, and a statement
-- preceded by "-- @postgresql" or "-- @sqlite" runs on that dialect only.

-- @postgresql
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE customers (
    id {{uuid}} PRIMARY KEY,
    email {{text}} NOT NULL UNIQUE CHECK (email = lower(email)),
    full_name {{text}} NOT NULL,
    phone {{text}},
    status {{text}} NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'deleted')),
    customer_type {{text}} NOT NULL DEFAULT 'individual' CHECK (customer_type IN ('individual', 'business')),
    customer_group {{text}},
    loyalty_tier {{text}} NOT NULL DEFAULT 'bronze' CHECK (loyalty_tier IN ('bronze', 'silver', 'gold', 'platinum')),
    loyalty_points bigint NOT NULL DEFAULT 0,
    total_spend_cents bigint NOT NULL DEFAULT 0,
    country {{text}} NOT NULL CHECK (length(country) = 2),
    email_verified {{bool}} NOT NULL DEFAULT {{false}},
    phone_verified {{bool}} NOT NULL DEFAULT {{false}},
    mfa_enabled {{bool}} NOT NULL DEFAULT {{false}},
    failed_login_attempts integer NOT NULL DEFAULT 0,
    locked_until {{timestamp}},
    marketing_consent {{bool}} NOT NULL DEFAULT {{false}},
    data_processing_consent {{bool}} NOT NULL DEFAULT {{false}},
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL,
    last_login_at {{timestamp}},
    deleted_at {{timestamp}},
    version bigint NOT NULL DEFAULT 1
);

-- Keyset pagination: every sortable column paired with the id as tie-breaker.
CREATE INDEX customers_full_name_id ON customers (full_name{{c}}, id);
CREATE INDEX customers_email_id ON customers (email{{c}}, id);
CREATE INDEX customers_country_id ON customers (country{{c}}, id);
CREATE INDEX customers_status_id ON customers (status{{c}}, id);
CREATE INDEX customers_spend_id ON customers (total_spend_cents, id);
-- @sqlite
CREATE INDEX customers_created_id ON customers (created_at, id);
CREATE INDEX customers_last_login_id ON customers (last_login_at, id);
CREATE INDEX customers_locked_until ON customers (locked_until);

-- Substring search on e-mail, name, phone and id. PostgreSQL keeps one lower-cased search key
-- per customer (fields separated by a control character nobody types) under a trigram index:
-- one cheap byte-wise LIKE per row instead of four case-folding ILIKEs. SQLite folds at query
-- time (idc_fold), which is fast at the sizes an SQLite file holds.
-- @postgresql
ALTER TABLE customers ADD COLUMN search_key text COLLATE "C" GENERATED ALWAYS AS (
    lower(email || chr(31) || full_name || chr(31) || coalesce(phone, '') || chr(31) || id::text)) STORED;
-- @postgresql
CREATE INDEX customers_search_key_trgm ON customers USING gin (search_key gin_trgm_ops);
-- A fine histogram lets the planner tell a common fragment ("rodrigue") from a rare one
-- ("hangpham"): the first is found fastest by walking an ordered index, the second through
-- the trigram index.
-- @postgresql
ALTER TABLE customers ALTER COLUMN search_key SET STATISTICS 2000;
-- Newest-first lists (the default order) walk this index and test the search key on the
-- index entries alone, touching the table only for the page they show.
-- @postgresql
CREATE INDEX customers_created_id ON customers (created_at, id) INCLUDE (search_key);

CREATE TABLE addresses (
    id {{uuid}} PRIMARY KEY,
    customer_id {{uuid}} NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    tag {{text}} NOT NULL DEFAULT 'home' CHECK (tag IN ('home', 'work', 'other')),
    recipient {{text}} NOT NULL,
    lines {{text}} NOT NULL,
    city {{text}} NOT NULL,
    region {{text}},
    postal_code {{text}},
    country {{text}} NOT NULL CHECK (length(country) = 2),
    latitude double precision CHECK (latitude BETWEEN -90 AND 90),
    longitude double precision CHECK (longitude BETWEEN -180 AND 180),
    delivery_instructions {{text}},
    is_default_shipping {{bool}} NOT NULL DEFAULT {{false}},
    is_default_billing {{bool}} NOT NULL DEFAULT {{false}}
);
CREATE INDEX addresses_customer ON addresses (customer_id);

CREATE TABLE devices (
    id {{uuid}} PRIMARY KEY,
    customer_id {{uuid}} NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    fingerprint {{text}} NOT NULL,
    name {{text}} NOT NULL,
    device_type {{text}} NOT NULL CHECK (device_type IN ('mobile', 'desktop', 'tablet')),
    os {{text}},
    browser {{text}},
    first_seen_at {{timestamp}} NOT NULL,
    last_seen_at {{timestamp}} NOT NULL,
    last_ip {{text}},
    trusted {{bool}} NOT NULL DEFAULT {{false}},
    trusted_at {{timestamp}},
    UNIQUE (customer_id, fingerprint)
);

CREATE TABLE sessions (
    id {{uuid}} PRIMARY KEY,
    customer_id {{uuid}} NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    device_id {{uuid}} REFERENCES devices (id) ON DELETE SET NULL,
    token_hash {{text}} NOT NULL UNIQUE,
    ip {{text}} NOT NULL,
    user_agent {{text}},
    country {{text}},
    created_at {{timestamp}} NOT NULL,
    last_seen_at {{timestamp}} NOT NULL,
    expires_at {{timestamp}} NOT NULL,
    revoked_at {{timestamp}},
    revoked_by {{text}},
    revoke_reason {{text}} CHECK (revoke_reason IN ('user_logout', 'admin_action', 'security_alert',
                                                     'session_limit', 'password_change', 'device_removed')),
    revoke_note {{text}},
    metadata {{json}}
);
CREATE INDEX sessions_customer ON sessions (customer_id, created_at);
CREATE INDEX sessions_ip ON sessions (ip);
CREATE INDEX sessions_created_id ON sessions (created_at, id);

CREATE TABLE login_events (
    id {{uuid}} PRIMARY KEY,
    customer_id {{uuid}} REFERENCES customers (id) ON DELETE SET NULL,
    email {{text}} NOT NULL,
    occurred_at {{timestamp}} NOT NULL,
    ip {{text}} NOT NULL,
    user_agent {{text}},
    device_id {{uuid}} REFERENCES devices (id) ON DELETE SET NULL,
    country {{text}},
    city {{text}},
    latitude double precision,
    longitude double precision,
    success {{bool}} NOT NULL,
    failure_reason {{text}} CHECK (failure_reason IN ('bad_password', 'unknown_user', 'mfa_failed', 'locked',
                                                       'suspended', 'rate_limited')),
    mfa_method {{text}}
);
CREATE INDEX login_events_occurred_id ON login_events (occurred_at, id);
CREATE INDEX login_events_customer ON login_events (customer_id, occurred_at);
CREATE INDEX login_events_ip ON login_events (ip, occurred_at);

CREATE TABLE mfa_factors (
    id {{uuid}} PRIMARY KEY,
    customer_id {{uuid}} NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    factor_type {{text}} NOT NULL DEFAULT 'totp' CHECK (factor_type IN ('totp')),
    secret_encrypted {{blob}} NOT NULL,
    algorithm {{text}} NOT NULL DEFAULT 'SHA1',
    digits integer NOT NULL DEFAULT 6,
    period integer NOT NULL DEFAULT 30,
    created_at {{timestamp}} NOT NULL,
    confirmed_at {{timestamp}},
    last_used_step bigint
);
CREATE INDEX mfa_factors_customer ON mfa_factors (customer_id);

CREATE TABLE recovery_codes (
    id {{uuid}} PRIMARY KEY,
    customer_id {{uuid}} NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    code_hash {{text}} NOT NULL,
    created_at {{timestamp}} NOT NULL,
    used_at {{timestamp}}
);
CREATE INDEX recovery_codes_customer ON recovery_codes (customer_id);

CREATE TABLE segments (
    id {{uuid}} PRIMARY KEY,
    name {{text}} NOT NULL UNIQUE,
    description {{text}},
    rule {{json}} NOT NULL,
    owner {{text}} NOT NULL,
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL
);

-- Append-only; each row's hash covers its content and the previous row's hash.
CREATE TABLE audit_events (
    seq {{serial}},
    id {{uuid}} NOT NULL UNIQUE,
    occurred_at {{timestamp}} NOT NULL,
    actor {{text}} NOT NULL,
    actor_role {{text}} NOT NULL,
    action {{text}} NOT NULL,
    resource_type {{text}} NOT NULL,
    resource_id {{text}},
    customer_id {{uuid}},
    reason {{text}},
    before_state {{json}},
    after_state {{json}},
    prev_hash {{text}} NOT NULL,
    hash {{text}} NOT NULL UNIQUE
);
CREATE INDEX audit_events_customer ON audit_events (customer_id, seq);
CREATE INDEX audit_events_occurred ON audit_events (occurred_at, seq);

CREATE TABLE operators (
    id {{uuid}} PRIMARY KEY,
    username {{text}} NOT NULL UNIQUE,
    display_name {{text}} NOT NULL,
    role {{text}} NOT NULL CHECK (role IN ('support_agent', 'security_officer', 'admin')),
    password_hash {{text}} NOT NULL,
    mfa_secret_encrypted {{blob}},
    mfa_last_used_step bigint,
    created_at {{timestamp}} NOT NULL,
    disabled_at {{timestamp}}
);

CREATE TABLE api_tokens (
    id {{uuid}} PRIMARY KEY,
    operator_id {{uuid}} NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
    token_hash {{text}} NOT NULL UNIQUE,
    created_at {{timestamp}} NOT NULL,
    expires_at {{timestamp}} NOT NULL,
    revoked_at {{timestamp}}
);
