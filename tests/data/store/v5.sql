PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL);
INSERT INTO schema_version VALUES(1,'0001_inventory',1795334161628);
INSERT INTO schema_version VALUES(2,'0002_sessions_events',1795334161641);
INSERT INTO schema_version VALUES(3,'0003_updates',1795334161664);
INSERT INTO schema_version VALUES(4,'0004_campaigns',1795334161685);
INSERT INTO schema_version VALUES(5,'0005_commands',1795334161699);
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
, session_count INTEGER NOT NULL DEFAULT 0, tags TEXT NOT NULL DEFAULT '[]');
INSERT INTO vehicles VALUES(1,'WVWZZZ1JZXW000001','IMEI:356938035643809','accepted','Volkswagen','Golf VIII','VW Group','TCU','1.2.0','2024.05.1','B2','de-DE','2.0','["zstd-delta","bsdiff"]',64,'[{"Ecu":"TCU","HwId":"TCU-B2","SwV":"2024.05.1"},{"Ecu":"BCM","HwId":"BCM-7","SwV":"7.1.3"}]','["R156-VW-0001"]',1767225600000,1767312000000,'192.0.2.10:50443',1767312000000,12,'["fleet-a","test-lab"]');
INSERT INTO vehicles VALUES(2,'JN1AZ4EH7DM430112','SN:NS-0042','pending','Nissan','Leaf','Nissan','TCU','','','','ja-JP','2.0','[]',NULL,'[]','[]',1767398400000,0,'',1767398400000,0,'[]');
INSERT INTO vehicles VALUES(3,'TMBJJ7NE8J0123456','IMEI:490154203237518','blocked','Škoda','Octavia','VW Group','HU','3.0.1','3.0.1-r7','C','cs-CZ','2.0','["xdelta3"]',32,'[{"Ecu":"HU","HwId":"HU-C","SwV":"3.0.1-r7"}]','[]',1767000000000,1767100000000,'[2001:db8::7]:443',1767200000000,3,'[]');
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
CREATE TABLE blobs (
    sha256      TEXT    PRIMARY KEY,
    sha1        TEXT    NOT NULL,
    md5         TEXT    NOT NULL,
    length      INTEGER NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('image','delta','instruction','package','bundle')),
    created_at  INTEGER NOT NULL
);
INSERT INTO blobs VALUES('b287492b865681c925e7892a72df0e14786df8d31f667767a0684624882b6cf7','24cdb4cbd08e72ef185157fb31cf169d8aa07172','d8fdef677635fb55553028bb75e2d9ea',73400320,'image',1767400000000);
INSERT INTO blobs VALUES('c9d6e164e2dc66529f9588ebe2a8a8c1e09f457995aa16eddec95219dda0012a','a9b6fc46e908d476ab8648c8adbba94c9e9be04a','9a8da8ae527cfabaa9bd84625f6285e9',73531392,'image',1767500000000);
INSERT INTO blobs VALUES('7e6ec16e80d0e46bec004bd71cc04eb5362ff73f1fc7658d41809cb454909de0','f68c2e63be7997ccbad967f1618f2daa0f9ae1ac','c12867b28f7f3fcabd8a1a2ae1ff9f1a',2097152,'image',1767500000000);
INSERT INTO blobs VALUES('dec4fb53d325001db8c5120ee94bfc035a4cc8b4fb5351b1990bc6508d83d618','3f0fd335a9e574817863b969c5c8d1d01f34607a','9c92436c40d119adb2b8180b1a032ad6',1234567,'delta',1767500600000);
INSERT INTO blobs VALUES('8403e3447c584e410a359d66c91b42b8f1cc8bc0940ca46a02ede82e9d54bc90','721fd8e2a22812aa8124e567a206115308677ce9','b386bc714cec0e8b364e2244a08dea59',2841,'instruction',1767510000000);
INSERT INTO blobs VALUES('8a2a9b8762ea05e30402bb3b848a05450c9fd49b546f0657dd0c271e343daaee','4b8273c368722f58034909ef78e8a786ef847dc3','58471c130c6b1610b41142f8e235577a',2790,'instruction',1767401000000);
CREATE TABLE releases (
    id               INTEGER PRIMARY KEY,
    name             TEXT    NOT NULL,
    version          TEXT    NOT NULL,
    release_counter  INTEGER NOT NULL,
    kind             TEXT    NOT NULL CHECK (kind IN ('firmware','application')),
    hw_ids           TEXT    NOT NULL DEFAULT '[]',
    rxswin           TEXT    NOT NULL DEFAULT '[]',
    preconditions    TEXT    NOT NULL DEFAULT '{}',
    user_text        TEXT    NOT NULL DEFAULT '{}',
    dtcs_to_clear    TEXT    NOT NULL DEFAULT '[]',
    oem_signature    TEXT    NOT NULL DEFAULT 'none' CHECK (oem_signature IN ('none','valid')),
    oem_key_id       TEXT    NOT NULL DEFAULT '',
    created_at       INTEGER NOT NULL,
    created_by       TEXT    NOT NULL DEFAULT '',
    UNIQUE (name, version)
);
INSERT INTO releases VALUES(1,'tcu-firmware','2024.05.1',41,'firmware','["TCU-B2"]','["R156-VW-0001"]','{"Consent":"required","IgnitionOff":true,"MinBatteryPct":50,"Parked":true}','{"de":"Verbessert die Verbindung.","en":"Improves connectivity."}','[]','none','',1767400000000,'alice');
INSERT INTO releases VALUES(2,'tcu-firmware','2024.09.0',42,'firmware','["TCU-B2","BCM-7"]','["R156-VW-0002"]','{"Consent":"not-required","IgnitionOff":true,"MinBatteryPct":60,"Parked":true}','{"en":"Faster start-up. The vehicle cannot be used for 20 minutes."}','["P0A80","U0100"]','valid','73b08f508cff08144210a56f1d9558f0e1bc5dd2bca04800de25091b12d67167',1767500000000,'ci');
CREATE TABLE release_targets (
    release_id   INTEGER NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
    ecu          TEXT    NOT NULL,
    hw_id        TEXT    NOT NULL,
    version      TEXT    NOT NULL,
    blob_sha256  TEXT    NOT NULL REFERENCES blobs (sha256),
    position     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (release_id, ecu)
);
INSERT INTO release_targets VALUES(1,'TCU','TCU-B2','2024.05.1','b287492b865681c925e7892a72df0e14786df8d31f667767a0684624882b6cf7',0);
INSERT INTO release_targets VALUES(2,'TCU','TCU-B2','2024.09.0','c9d6e164e2dc66529f9588ebe2a8a8c1e09f457995aa16eddec95219dda0012a',0);
INSERT INTO release_targets VALUES(2,'BCM','BCM-7','7.2.0','7e6ec16e80d0e46bec004bd71cc04eb5362ff73f1fc7658d41809cb454909de0',1);
CREATE TABLE deltas (
    id                   INTEGER PRIMARY KEY,
    codec                TEXT    NOT NULL,
    from_sha256          TEXT    NOT NULL,
    to_sha256            TEXT    NOT NULL,
    blob_sha256          TEXT    REFERENCES blobs (sha256),
    length               INTEGER NOT NULL DEFAULT 0,
    state                TEXT    NOT NULL CHECK (state IN ('queued','building','ready','failed','not-worth-it','cancelled')),
    verified             INTEGER NOT NULL DEFAULT 0,
    build_ms             INTEGER NOT NULL DEFAULT 0,
    build_peak_bytes     INTEGER NOT NULL DEFAULT 0,
    apply_memory_bytes   INTEGER NOT NULL DEFAULT 0,
    error                TEXT    NOT NULL DEFAULT '',
    created_at           INTEGER NOT NULL,
    UNIQUE (codec, from_sha256, to_sha256)
);
INSERT INTO deltas VALUES(1,'zstd-patch','b287492b865681c925e7892a72df0e14786df8d31f667767a0684624882b6cf7','c9d6e164e2dc66529f9588ebe2a8a8c1e09f457995aa16eddec95219dda0012a','dec4fb53d325001db8c5120ee94bfc035a4cc8b4fb5351b1990bc6508d83d618',1234567,'ready',1,5400,301989888,134217728,'',1767500000000);
INSERT INTO deltas VALUES(2,'x-bsdiff','b287492b865681c925e7892a72df0e14786df8d31f667767a0684624882b6cf7','c9d6e164e2dc66529f9588ebe2a8a8c1e09f457995aa16eddec95219dda0012a',NULL,0,'failed',0,120,0,0,'out of memory',1767500000000);
CREATE TABLE update_jobs (
    id                   INTEGER PRIMARY KEY,
    vehicle_id           INTEGER NOT NULL REFERENCES vehicles (id) ON DELETE CASCADE,
    release_id           INTEGER NOT NULL REFERENCES releases (id),
    state                TEXT    NOT NULL,
    progress             INTEGER NOT NULL DEFAULT 0,
    result_code          INTEGER NOT NULL DEFAULT 0,
    reason               TEXT    NOT NULL DEFAULT '',
    instruction_sha256   TEXT    NOT NULL DEFAULT '',
    payload_bytes        INTEGER NOT NULL DEFAULT 0,
    bytes_served         INTEGER NOT NULL DEFAULT 0,
    deferred_until       INTEGER NOT NULL DEFAULT 0,
    report               TEXT    NOT NULL DEFAULT '{}',
    created_at           INTEGER NOT NULL,
    created_by           TEXT    NOT NULL DEFAULT '',
    updated_at           INTEGER NOT NULL,
    finished_at          INTEGER NOT NULL DEFAULT 0
, campaign_id INTEGER REFERENCES campaigns (id), download_only INTEGER NOT NULL DEFAULT 0);
INSERT INTO update_jobs VALUES(1,1,2,'downloading',40,0,'','8403e3447c584e410a359d66c91b42b8f1cc8bc0940ca46a02ede82e9d54bc90',3331719,1332687,0,'{}',1767510000000,'alice',1767510060000,0,NULL,0);
INSERT INTO update_jobs VALUES(2,3,1,'succeeded',100,200,'','8a2a9b8762ea05e30402bb3b848a05450c9fd49b546f0657dd0c271e343daaee',73400320,73400320,0,'{"DtcsCleared":[],"Targets":[{"Ecu":"TCU","Ok":true,"To":"2024.05.1"}]}',1767401000000,'alice',1767405000000,1767405000000,NULL,0);
INSERT INTO update_jobs VALUES(3,3,2,'queued',0,0,'','',0,0,0,'{}',1767510000000,'system',1767510000000,0,1,0);
CREATE TABLE signing_keys (
    key_id       TEXT    PRIMARY KEY,
    public_pem   TEXT    NOT NULL,
    state        TEXT    NOT NULL CHECK (state IN ('next','active','retired')),
    created_at   INTEGER NOT NULL,
    changed_at   INTEGER NOT NULL
);
INSERT INTO signing_keys VALUES('73b08f508cff08144210a56f1d9558f0e1bc5dd2bca04800de25091b12d67167',replace('-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEANaylSLpCYoAfwsSVPCSIaMhAraCFzvm1jG8Jg9F66Iw=\n-----END PUBLIC KEY-----\n','\n',char(10)),'active',1767225000000,1767225000000);
INSERT INTO signing_keys VALUES('a6ae7dc289a8c367f16cd576808f49538bd1cc780ff32f2c54913516e81fee08',replace('-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAg3eRnm6EcBYqAPFwyjESP1auG81ZN67PqVnOurszjIE=\n-----END PUBLIC KEY-----\n','\n',char(10)),'next',1767500000000,1767500000000);
CREATE TABLE vehicle_signing_keys (
    vehicle_id    INTEGER NOT NULL REFERENCES vehicles (id) ON DELETE CASCADE,
    key_id        TEXT    NOT NULL,
    delivered_at  INTEGER NOT NULL,
    PRIMARY KEY (vehicle_id, key_id)
);
INSERT INTO vehicle_signing_keys VALUES(1,'73b08f508cff08144210a56f1d9558f0e1bc5dd2bca04800de25091b12d67167',1767225600000);
INSERT INTO vehicle_signing_keys VALUES(3,'73b08f508cff08144210a56f1d9558f0e1bc5dd2bca04800de25091b12d67167',1767000600000);
INSERT INTO vehicle_signing_keys VALUES(1,'a6ae7dc289a8c367f16cd576808f49538bd1cc780ff32f2c54913516e81fee08',1767510000000);
CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    name           TEXT    NOT NULL UNIQUE,       
    display_name   TEXT    NOT NULL DEFAULT '',
    role           TEXT    NOT NULL CHECK (role IN ('admin','engineer','approver','viewer')),
    password_hash  TEXT    NOT NULL,              
    disabled       INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL,
    created_by     TEXT    NOT NULL DEFAULT '',
    last_login_at  INTEGER NOT NULL DEFAULT 0
);
INSERT INTO users VALUES(1,'alice','Alice Example','engineer','scrypt$15$8$1$c2FsdC1hbGljZQ$aGFzaC1hbGljZQ',0,1767200000000,'admin',1767510000000);
INSERT INTO users VALUES(2,'bob','Bob Approver','approver','scrypt$15$8$1$c2FsdC1ib2I$aGFzaC1ib2I',0,1767200000000,'admin',0);
CREATE TABLE user_sessions (
    token_hash   TEXT    PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
);
INSERT INTO user_sessions VALUES('5994471abb01112afcc18159f6cc74b4f511b99806da59b3caf5a9c173cacfc5',1,1767510000000,1767553200000);
CREATE TABLE campaigns (
    id               INTEGER PRIMARY KEY,
    name             TEXT    NOT NULL,
    release_id       INTEGER NOT NULL REFERENCES releases (id),
    state            TEXT    NOT NULL CHECK (state IN ('draft','pending-approval','approved','running','paused',
                                                       'completed','cancelled','halted')),
    spec             TEXT    NOT NULL DEFAULT '{}',
    revision         INTEGER NOT NULL DEFAULT 1,
    approved_spec    TEXT    NOT NULL DEFAULT '{}',
    approved_revision INTEGER NOT NULL DEFAULT 0,
    author           TEXT    NOT NULL,
    approver         TEXT    NOT NULL DEFAULT '',
    reason           TEXT    NOT NULL DEFAULT '', 
    current_wave     INTEGER NOT NULL DEFAULT 0,  
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    approved_at      INTEGER NOT NULL DEFAULT 0,
    started_at       INTEGER NOT NULL DEFAULT 0,
    finished_at      INTEGER NOT NULL DEFAULT 0
);
INSERT INTO campaigns VALUES(1,'TCU 2024.09 rollout',2,'running','{"name":"TCU 2024.09 rollout","release":2,"waves":[{"percent":50,"successPercent":90},{"percent":100,"successPercent":90}]}',2,'{"name":"TCU 2024.09 rollout","release":2,"waves":[{"percent":50,"successPercent":90},{"percent":100,"successPercent":90}]}',2,'alice','bob','',0,1767505000000,1767510000000,1767508000000,1767510000000,0);
CREATE TABLE campaign_vehicles (
    campaign_id  INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    vehicle_id   INTEGER NOT NULL REFERENCES vehicles (id) ON DELETE CASCADE,
    wave         INTEGER NOT NULL,
    state        TEXT    NOT NULL CHECK (state IN ('waiting','active','succeeded','failed','cancelled','skipped')),
    job_id       INTEGER REFERENCES update_jobs (id),
    attempts     INTEGER NOT NULL DEFAULT 0,
    reason       TEXT    NOT NULL DEFAULT '',
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, vehicle_id)
);
INSERT INTO campaign_vehicles VALUES(1,3,0,'active',3,1,'',1767510000000);
INSERT INTO campaign_vehicles VALUES(1,1,1,'waiting',NULL,0,'busy with update job 1 (downloading)',1767510000000);
CREATE TABLE command_bulks (
    id           INTEGER PRIMARY KEY,
    operation    TEXT    NOT NULL,
    actor        TEXT    NOT NULL,
    vehicles     INTEGER NOT NULL DEFAULT 0, 
    created_at   INTEGER NOT NULL
);
INSERT INTO command_bulks VALUES(1,'ClimateOn','alice',2,1767520000000);
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
INSERT INTO commands VALUES(1,1,'Lock','{}','succeeded',200,'','{"Status":{"Engine":"off","Locked":true}}','alice',NULL,1767515000000,1767515060000,1767515000150,1767515000420,1);
INSERT INTO commands VALUES(2,1,'EngineStart','{}','refused',409,'doors are unlocked','{}','alice',NULL,1767516000000,1767516060000,1767516000100,1767516000300,1);
INSERT INTO commands VALUES(3,1,'ClimateOn','{"TargetC":22}','queued',0,'','{}','alice',1,1767520000000,1767520060000,0,0,0);
INSERT INTO commands VALUES(4,3,'ClimateOn','{"TargetC":22}','expired',0,'not delivered before its expiry','{}','alice',1,1767520000000,1767520060000,0,1767520061000,0);
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
CREATE INDEX release_targets_image ON release_targets (hw_id, version);
CREATE INDEX deltas_target ON deltas (to_sha256, state);
CREATE INDEX update_jobs_vehicle ON update_jobs (vehicle_id, state);
CREATE INDEX update_jobs_release ON update_jobs (release_id, state);
CREATE INDEX user_sessions_user ON user_sessions (user_id);
CREATE INDEX campaigns_state ON campaigns (state);
CREATE INDEX campaign_vehicles_wave ON campaign_vehicles (campaign_id, wave, state);
CREATE INDEX campaign_vehicles_job ON campaign_vehicles (job_id);
CREATE INDEX update_jobs_campaign ON update_jobs (campaign_id, state);
CREATE INDEX commands_vehicle ON commands (vehicle_id, id);
CREATE INDEX commands_vehicle_active ON commands (vehicle_id, id) WHERE state IN ('queued','sent','accepted');
CREATE INDEX commands_expiry ON commands (expires_at) WHERE state IN ('queued','sent','accepted');
CREATE INDEX commands_bulk ON commands (bulk_id) WHERE bulk_id IS NOT NULL;
COMMIT;
