-- Identity Console schema, version 3: TOTP enrollment for customers and operators.
-- A factor is pending until its first code is confirmed; wrong codes are counted per enrollment.
ALTER TABLE mfa_factors ADD COLUMN failed_attempts integer NOT NULL DEFAULT 0;

-- Operators' factors and recovery codes, shaped like the customers' ones so that one
-- implementation serves both. (The mfa_secret_encrypted and mfa_last_used_step columns of
-- `operators` from version 1 are not used.)
CREATE TABLE operator_mfa_factors (
    id {{uuid}} PRIMARY KEY,
    operator_id {{uuid}} NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
    factor_type {{text}} NOT NULL DEFAULT 'totp' CHECK (factor_type IN ('totp')),
    secret_encrypted {{blob}} NOT NULL,
    algorithm {{text}} NOT NULL DEFAULT 'SHA1',
    digits integer NOT NULL DEFAULT 6,
    period integer NOT NULL DEFAULT 30,
    created_at {{timestamp}} NOT NULL,
    confirmed_at {{timestamp}},
    last_used_step bigint,
    failed_attempts integer NOT NULL DEFAULT 0
);
CREATE INDEX operator_mfa_factors_operator ON operator_mfa_factors (operator_id);

CREATE TABLE operator_recovery_codes (
    id {{uuid}} PRIMARY KEY,
    operator_id {{uuid}} NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
    code_hash {{text}} NOT NULL,
    created_at {{timestamp}} NOT NULL,
    used_at {{timestamp}}
);
CREATE INDEX operator_recovery_codes_operator ON operator_recovery_codes (operator_id);

-- One row: an HMAC-SHA256 of a fixed text under the key that seals this database's MFA secrets,
-- written with the first secret. A console or server holding another key is refused before it
-- seals anything, so the secrets of one database never end up under two keys.
CREATE TABLE mfa_key_check (
    id integer PRIMARY KEY CHECK (id = 1),
    check_value {{text}} NOT NULL,
    created_at {{timestamp}} NOT NULL
);
