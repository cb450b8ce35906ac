PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL);
INSERT INTO schema_version VALUES(1,'0001_inventory',1795312189089);
INSERT INTO schema_version VALUES(2,'0002_sessions_events',1795312189097);
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
, session_count INTEGER NOT NULL DEFAULT 0);
INSERT INTO vehicles VALUES(1,'WVWZZZ1JZXW000001','IMEI:356938035643809','accepted','Volkswagen','Golf VIII','VW Group','TCU','1.2.0','2024.05.1','B2','de-DE','2.0','["zstd-delta","bsdiff"]',64,'[{"Ecu":"TCU","HwId":"TCU-B2","SwV":"2024.05.1"},{"Ecu":"BCM","HwId":"BCM-7","SwV":"7.1.3"}]','["R156-VW-0001"]',1767225600000,1767312000000,'192.0.2.10:50443',1767312000000,12);
INSERT INTO vehicles VALUES(2,'JN1AZ4EH7DM430112','SN:NS-0042','pending','Nissan','Leaf','Nissan','TCU','','','','ja-JP','2.0','[]',NULL,'[]','[]',1767398400000,0,'',1767398400000,0);
INSERT INTO vehicles VALUES(3,'TMBJJ7NE8J0123456','IMEI:490154203237518','blocked','Škoda','Octavia','VW Group','HU','3.0.1','3.0.1-r7','C','cs-CZ','2.0','["xdelta3"]',32,'[{"Ecu":"HU","HwId":"HU-C","SwV":"3.0.1-r7"}]','[]',1767000000000,1767100000000,'[2001:db8::7]:443',1767200000000,3);
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
INSERT INTO registrations VALUES(1,1,'IMEI:356938035643809','issued','valid','n-7f3a9c','192.0.2.10','{"DevId":"IMEI:356938035643809","Man":"Volkswagen","Mod":"Golf VIII"}','',1767225600000,1767225600000,'','');
INSERT INTO registrations VALUES(2,2,'SN:NS-0042','pending','missing','','198.51.100.20','{"DevId":"SN:NS-0042","Man":"Nissan"}','',1767398400000,0,'','');
INSERT INTO registrations VALUES(3,3,'IMEI:490154203237518','accepted','invalid','n-0b11','203.0.113.5','{"DevId":"IMEI:490154203237518"}','-----BEGIN CERTIFICATE REQUEST-----',1767000000000,1767000500000,'alice','known test vehicle');
CREATE TABLE tokens (
    hash                    TEXT    PRIMARY KEY,
    vehicle_id              INTEGER NOT NULL REFERENCES vehicles (id) ON DELETE CASCADE,
    dev_id                  TEXT    NOT NULL,
    client_cert_sha256      TEXT    NOT NULL DEFAULT '',
    issued_at               INTEGER NOT NULL,
    expires_at              INTEGER NOT NULL,
    revoked_at              INTEGER NOT NULL DEFAULT 0
);
INSERT INTO tokens VALUES('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',1,'IMEI:356938035643809','e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',1767225600000,1798761600000,0);
INSERT INTO tokens VALUES('2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae',3,'IMEI:490154203237518','',1767000600000,1798536600000,1767100000000);
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
INSERT INTO dm_sessions VALUES(1,1,'client','','ended',1767311990000,1767312000000,3,'[]','192.0.2.10:50443','ended');
INSERT INTO dm_sessions VALUES(2,3,'server','ntf-77','abandoned',1767099990000,1767100000000,1,'[]','[2001:db8::7]:443','abandoned: new package #1');
INSERT INTO dm_sessions VALUES(3,1,'server','ntf-78','open',1767312100000,0,1,'[{"CmdID":"4","Cmd":"Get","Target":"./DevInfo/SwV"}]','192.0.2.10:50443','');
CREATE TABLE mo_snapshots (
    vehicle_id    INTEGER NOT NULL REFERENCES vehicles (id) ON DELETE CASCADE,
    moid          TEXT    NOT NULL,
    client_uri    TEXT    NOT NULL,
    data          TEXT    NOT NULL,
    received_at   INTEGER NOT NULL,
    PRIMARY KEY (vehicle_id, moid)
);
INSERT INTO mo_snapshots VALUES(1,'urn:oma:mo:oma-dm-devinfo:1.2','./DevInfo','{"DevId":"IMEI:356938035643809","Lang":"de-DE","Man":"Volkswagen","Mod":"Golf VIII"}',1767312000000);
INSERT INTO mo_snapshots VALUES(1,'urn:oma:mo:oma-scomo:1.0','./SCOMO','{"Inventory":{"Deployed":["tcu-fw"]}}',1767312000000);
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
INSERT INTO events VALUES(1,1767225600000,'vehicle.registered',1,'WVWZZZ1JZXW000001','vehicle','registered with a valid proof','{"proof":"valid"}');
INSERT INTO events VALUES(2,1767000500000,'registration.accepted',3,'TMBJJ7NE8J0123456','alice','accepted by alice','{}');
INSERT INTO events VALUES(3,1767312000000,'server.started',NULL,'','system','server started','{"version":"0.1.0"}');
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('events',3);
CREATE INDEX vehicles_state ON vehicles (state);
CREATE INDEX registrations_vehicle ON registrations (vehicle_id, id);
CREATE INDEX registrations_state ON registrations (state);
CREATE INDEX registrations_nonce ON registrations (vehicle_id, nonce);
CREATE INDEX tokens_vehicle ON tokens (vehicle_id);
CREATE INDEX vehicles_last_seen ON vehicles (last_seen_at);
CREATE INDEX dm_sessions_vehicle ON dm_sessions (vehicle_id, state);
CREATE INDEX events_vehicle ON events (vehicle_id, id);
CREATE INDEX events_kind ON events (kind, id);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
COMMIT;
