PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL);
INSERT INTO schema_version VALUES(1,'0001_inventory',1795312189074);
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
INSERT INTO vehicles VALUES(1,'WVWZZZ1JZXW000001','IMEI:356938035643809','accepted','Volkswagen','Golf VIII','VW Group','TCU','1.2.0','2024.05.1','B2','de-DE','2.0','["zstd-delta","bsdiff"]',64,'[{"Ecu":"TCU","HwId":"TCU-B2","SwV":"2024.05.1"},{"Ecu":"BCM","HwId":"BCM-7","SwV":"7.1.3"}]','["R156-VW-0001"]',1767225600000,1767312000000,'192.0.2.10:50443',1767312000000);
INSERT INTO vehicles VALUES(2,'JN1AZ4EH7DM430112','SN:NS-0042','pending','Nissan','Leaf','Nissan','TCU','','','','ja-JP','2.0','[]',NULL,'[]','[]',1767398400000,0,'',1767398400000);
INSERT INTO vehicles VALUES(3,'TMBJJ7NE8J0123456','IMEI:490154203237518','blocked','Škoda','Octavia','VW Group','HU','3.0.1','3.0.1-r7','C','cs-CZ','2.0','["xdelta3"]',32,'[{"Ecu":"HU","HwId":"HU-C","SwV":"3.0.1-r7"}]','[]',1767000000000,1767100000000,'[2001:db8::7]:443',1767200000000);
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
CREATE INDEX vehicles_state ON vehicles (state);
CREATE INDEX registrations_vehicle ON registrations (vehicle_id, id);
CREATE INDEX registrations_state ON registrations (state);
CREATE INDEX registrations_nonce ON registrations (vehicle_id, nonce);
CREATE INDEX tokens_vehicle ON tokens (vehicle_id);
COMMIT;
