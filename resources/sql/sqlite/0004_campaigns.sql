-- Flotilla schema 4: operators and campaigns. Local user accounts with roles, their API sessions,
-- campaigns (a release to a frozen set of vehicles, in waves, approved by a second person) and the
-- campaign each update job belongs to.

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    name           TEXT    NOT NULL UNIQUE,       -- login name, lower case
    display_name   TEXT    NOT NULL DEFAULT '',
    role           TEXT    NOT NULL CHECK (role IN ('admin','engineer','approver','viewer')),
    password_hash  TEXT    NOT NULL,              -- scrypt$logN$r$p$salt$hash (core/crypto/PasswordHash.h)
    disabled       INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL,
    created_by     TEXT    NOT NULL DEFAULT '',
    last_login_at  INTEGER NOT NULL DEFAULT 0
);

-- Bearer tokens of logged-in operators (management API, flotillactl login). Only the hash is kept.
CREATE TABLE user_sessions (
    token_hash   TEXT    PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
);
CREATE INDEX user_sessions_user ON user_sessions (user_id);

-- spec: the campaign's settings as JSON (targets, waves, schedule, window, consent, preconditions,
-- threshold, mode, retries; server/campaigns/CampaignTypes.h). approved_spec: the spec as it was
-- approved, so that the approver of a later revision sees what changed.
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
    reason           TEXT    NOT NULL DEFAULT '', -- rejection or halt reason
    current_wave     INTEGER NOT NULL DEFAULT 0,  -- 0-based index of the wave being rolled out
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    approved_at      INTEGER NOT NULL DEFAULT 0,
    started_at       INTEGER NOT NULL DEFAULT 0,
    finished_at      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX campaigns_state ON campaigns (state);

-- The vehicles a campaign targets, frozen at approval, each in one wave. state: waiting (its wave
-- has not started), active (it has an update job), succeeded, failed (out of retries), cancelled,
-- skipped (incompatible or already up to date when its wave started).
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
CREATE INDEX campaign_vehicles_wave ON campaign_vehicles (campaign_id, wave, state);
CREATE INDEX campaign_vehicles_job ON campaign_vehicles (job_id);

-- Jobs a campaign made (NULL: assigned by hand). download_only: the vehicle downloads and verifies
-- but installs only when a later job says so.
ALTER TABLE update_jobs ADD COLUMN campaign_id INTEGER REFERENCES campaigns (id);
ALTER TABLE update_jobs ADD COLUMN download_only INTEGER NOT NULL DEFAULT 0;
CREATE INDEX update_jobs_campaign ON update_jobs (campaign_id, state);

-- Operator-chosen labels per vehicle (JSON array of strings), for campaign targeting.
ALTER TABLE vehicles ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
