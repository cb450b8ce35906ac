-- Flotilla schema 1: vehicles, registrations and tokens.
-- Shipped migrations are never edited; add a new numbered file instead (docs/dev/database.md).
-- Statements end with ";" at the end of a line; trigger bodies keep their inner ";" mid-line.
-- Times are milliseconds since the Unix epoch, UTC.

CREATE TABLE vehicles (
    id                    INTEGER PRIMARY KEY,
    vin                   TEXT    NOT NULL UNIQUE,
    dev_id                TEXT    NOT NULL,
    state                 TEXT    NOT NULL CHECK (state IN ('pending','accepted','rejected','blocked','wiped')),
    manufacturer          TEXT    NOT NULL DEFAULT '',
    model                 TEXT    NOT NULL DEFAULT '',
    oem                   TEXT    NOT NULL DEFAULT '',
    dev_type              TEXT    NOT NULL DEFAULT '',
    fw_version            TEXT    NOT NULL DEFAULT '',
    sw_version            TEXT    NOT NULL DEFAULT '',
    hw_version            TEXT    NOT NULL DEFAULT '',
    language              TEXT    NOT NULL DEFAULT '',
    dm_version            TEXT    NOT NULL DEFAULT '',
    codecs                TEXT    NOT NULL DEFAULT '[]',
    delta_max_memory_mib  INTEGER,
    ecus                  TEXT    NOT NULL DEFAULT '[]',
    rxswin                TEXT    NOT NULL DEFAULT '[]',
    registered_at         INTEGER NOT NULL,
    last_seen_at          INTEGER NOT NULL DEFAULT 0,
    last_address          TEXT    NOT NULL DEFAULT '',
    updated_at            INTEGER NOT NULL
);
CREATE INDEX vehicles_state ON vehicles (state);

CREATE TABLE registrations (
    id            INTEGER PRIMARY KEY,
    vehicle_id    INTEGER NOT NULL REFERENCES vehicles (id) ON DELETE CASCADE,
    dev_id        TEXT    NOT NULL,
    state         TEXT    NOT NULL CHECK (state IN ('pending','accepted','rejected','issued')),
    proof         TEXT    NOT NULL CHECK (proof IN ('valid','missing','invalid')),
    nonce         TEXT    NOT NULL DEFAULT '',
    peer_address  TEXT    NOT NULL DEFAULT '',
    dev_info      TEXT    NOT NULL,
    csr           TEXT    NOT NULL DEFAULT '',
    requested_at  INTEGER NOT NULL,
    decided_at    INTEGER NOT NULL DEFAULT 0,
    decided_by    TEXT    NOT NULL DEFAULT '',
    reason        TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX registrations_vehicle ON registrations (vehicle_id, id);
CREATE INDEX registrations_state ON registrations (state);
CREATE INDEX registrations_nonce ON registrations (vehicle_id, nonce);

CREATE TABLE tokens (
    hash                    TEXT    PRIMARY KEY,
    vehicle_id              INTEGER NOT NULL REFERENCES vehicles (id) ON DELETE CASCADE,
    dev_id                  TEXT    NOT NULL,
    client_cert_sha256      TEXT    NOT NULL DEFAULT '',
    issued_at               INTEGER NOT NULL,
    expires_at              INTEGER NOT NULL,
    revoked_at              INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX tokens_vehicle ON tokens (vehicle_id);
