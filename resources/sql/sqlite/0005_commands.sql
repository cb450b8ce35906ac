-- Flotilla schema 5: remote commands (issue 5). The command queue of DESIGN.md (queued → sent →
-- accepted → succeeded | failed | refused | expired | cancelled; server/commands/CommandTypes.h),
-- each command with its expiry and the result the vehicle returned; commands sent together to a
-- selection of vehicles share a bulk row.

CREATE TABLE command_bulks (
    id           INTEGER PRIMARY KEY,
    operation    TEXT    NOT NULL,
    actor        TEXT    NOT NULL,
    vehicles     INTEGER NOT NULL DEFAULT 0, -- how many vehicles got a command
    created_at   INTEGER NOT NULL
);

-- operation: the wire name (Lock, ClimateOn, FullyLock, Wipe, ReadDTCs, ClearDTC, ...). arguments:
-- the validated Args members as JSON ({"TargetC":22}). result: what the vehicle returned with the
-- result (Status, State, DTC list, Location) as JSON. deliveries: package #2s that carried it.
CREATE TABLE commands (
    id           INTEGER PRIMARY KEY,
    vehicle_id   INTEGER NOT NULL REFERENCES vehicles (id) ON DELETE CASCADE,
    operation    TEXT    NOT NULL,
    arguments    TEXT    NOT NULL DEFAULT '{}',
    state        TEXT    NOT NULL CHECK (state IN ('queued','sent','accepted','succeeded','failed','refused',
                                                   'expired','cancelled')),
    result_code  INTEGER NOT NULL DEFAULT 0,
    reason       TEXT    NOT NULL DEFAULT '',
    result       TEXT    NOT NULL DEFAULT '{}',
    actor        TEXT    NOT NULL,
    bulk_id      INTEGER REFERENCES command_bulks (id) ON DELETE SET NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    sent_at      INTEGER NOT NULL DEFAULT 0,
    finished_at  INTEGER NOT NULL DEFAULT 0,
    deliveries   INTEGER NOT NULL DEFAULT 0
);
-- A vehicle's history, newest first.
CREATE INDEX commands_vehicle ON commands (vehicle_id, id);
-- A vehicle's active commands (what its next session delivers or waits for), oldest first.
CREATE INDEX commands_vehicle_active ON commands (vehicle_id, id) WHERE state IN ('queued','sent','accepted');
-- Active commands due to expire.
CREATE INDEX commands_expiry ON commands (expires_at) WHERE state IN ('queued','sent','accepted');
CREATE INDEX commands_bulk ON commands (bulk_id) WHERE bulk_id IS NOT NULL;
