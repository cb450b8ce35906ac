-- Flotilla schema 3: the update pipeline. Content-addressed blobs, releases and their targets,
-- built deltas, per-vehicle update jobs, and the keys that sign update instructions.

-- Every file in blobs/<sha256>: release images, deltas, signed instructions, bundles.
CREATE TABLE blobs (
    sha256      TEXT    PRIMARY KEY,
    sha1        TEXT    NOT NULL,
    md5         TEXT    NOT NULL,
    length      INTEGER NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('image','delta','instruction','package','bundle')),
    created_at  INTEGER NOT NULL
);

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

-- One image per ECU (firmware) or one application package per component (application).
-- position: the target's place in the manifest (the install order), from 0.
CREATE TABLE release_targets (
    release_id   INTEGER NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
    ecu          TEXT    NOT NULL,
    hw_id        TEXT    NOT NULL,
    version      TEXT    NOT NULL,
    blob_sha256  TEXT    NOT NULL REFERENCES blobs (sha256),
    position     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (release_id, ecu)
);
-- Images known for (hardware id, version): the sources deltas are built from.
CREATE INDEX release_targets_image ON release_targets (hw_id, version);

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
CREATE INDEX deltas_target ON deltas (to_sha256, state);

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
);
CREATE INDEX update_jobs_vehicle ON update_jobs (vehicle_id, state);
CREATE INDEX update_jobs_release ON update_jobs (release_id, state);

-- Ed25519 keys that sign update instructions. Rotation: a 'next' key is delivered to every vehicle
-- while the 'active' key still signs (instructions carry both signatures), then it becomes active
-- and the old one 'retired'.
CREATE TABLE signing_keys (
    key_id       TEXT    PRIMARY KEY,
    public_pem   TEXT    NOT NULL,
    state        TEXT    NOT NULL CHECK (state IN ('next','active','retired')),
    created_at   INTEGER NOT NULL,
    changed_at   INTEGER NOT NULL
);
-- Which signing keys each vehicle has been given (DmAcc/Ext/SigningKeys).
CREATE TABLE vehicle_signing_keys (
    vehicle_id    INTEGER NOT NULL REFERENCES vehicles (id) ON DELETE CASCADE,
    key_id        TEXT    NOT NULL,
    delivered_at  INTEGER NOT NULL,
    PRIMARY KEY (vehicle_id, key_id)
);
