-- Flotilla schema 2: DM sessions, latest MO snapshots per vehicle, the append-only event log,
-- and a session counter on vehicles.

ALTER TABLE vehicles ADD COLUMN session_count INTEGER NOT NULL DEFAULT 0;
CREATE INDEX vehicles_last_seen ON vehicles (last_seen_at);

CREATE TABLE dm_sessions (
    id                INTEGER PRIMARY KEY,
    vehicle_id        INTEGER NOT NULL REFERENCES vehicles (id) ON DELETE CASCADE,
    reason            TEXT    NOT NULL,
    notification_id   TEXT    NOT NULL DEFAULT '',
    state             TEXT    NOT NULL CHECK (state IN ('open','ended','abandoned','failed')),
    started_at        INTEGER NOT NULL,
    ended_at          INTEGER NOT NULL DEFAULT 0,
    packages          INTEGER NOT NULL DEFAULT 0,
    pending_commands  TEXT    NOT NULL DEFAULT '[]',
    peer_address      TEXT    NOT NULL DEFAULT '',
    outcome           TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX dm_sessions_vehicle ON dm_sessions (vehicle_id, state);

CREATE TABLE mo_snapshots (
    vehicle_id    INTEGER NOT NULL REFERENCES vehicles (id) ON DELETE CASCADE,
    moid          TEXT    NOT NULL,
    client_uri    TEXT    NOT NULL,
    data          TEXT    NOT NULL,
    received_at   INTEGER NOT NULL,
    PRIMARY KEY (vehicle_id, moid)
);

CREATE TABLE events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          INTEGER NOT NULL,
    kind        TEXT    NOT NULL,
    vehicle_id  INTEGER,
    vin         TEXT    NOT NULL DEFAULT '',
    actor       TEXT    NOT NULL,
    summary     TEXT    NOT NULL,
    data        TEXT    NOT NULL DEFAULT '{}'
);
CREATE INDEX events_vehicle ON events (vehicle_id, id);
CREATE INDEX events_kind ON events (kind, id);

-- The event log is evidence (UN R156 audit trail): rows are never changed or removed.
CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
