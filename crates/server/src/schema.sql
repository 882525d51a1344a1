-- The mock server's store. Contract objects are kept as JSON in `data`, with the
-- columns that queries filter, sort or join on beside them.
PRAGMA foreign_keys = ON;

CREATE TABLE IF NOT EXISTS accounts (
    id            TEXT PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    data          TEXT NOT NULL            -- Account JSON
);

-- Every sign-in attempt and sign-out, by the user name typed (trimmed,
-- lower-cased): the audit trail of who got in. Never a password.
CREATE TABLE IF NOT EXISTS sign_ins (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TEXT NOT NULL,
    username  TEXT NOT NULL,
    outcome   TEXT NOT NULL             -- SignInOutcome, as in the contract
);
CREATE INDEX IF NOT EXISTS sign_ins_by_username ON sign_ins (username, id);

CREATE TABLE IF NOT EXISTS sessions (
    token_hash  TEXT PRIMARY KEY,          -- SHA-256 of the cookie value
    account_id  TEXT NOT NULL REFERENCES accounts(id),
    created_at  TEXT NOT NULL,
    last_seen   TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS sites (
    id       TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    version  INTEGER NOT NULL DEFAULT 1,
    data     TEXT NOT NULL                 -- Site JSON
);

CREATE TABLE IF NOT EXISTS locks (
    id        TEXT PRIMARY KEY,
    site_id   TEXT NOT NULL REFERENCES sites(id),
    sort_key  TEXT NOT NULL,               -- lower(name) || x'1f' || id: paging order
    state     TEXT NOT NULL,
    version   INTEGER NOT NULL DEFAULT 1,
    data      TEXT NOT NULL,               -- Lock JSON
    driver    TEXT NOT NULL,               -- the driver that reaches the lock ('sim'…)
    device_ref TEXT NOT NULL,              -- the lock's id within its driver
    in_range  INTEGER NOT NULL DEFAULT 1,  -- 0: a Bluetooth lock with no phone near
    command_due INTEGER,                   -- real time (ms) the pending command is to be sent
    command_by TEXT                        -- Actor JSON: who sent the pending command
);
CREATE INDEX IF NOT EXISTS locks_by_site ON locks(site_id, sort_key);
CREATE INDEX IF NOT EXISTS locks_by_sort ON locks(sort_key);
CREATE UNIQUE INDEX IF NOT EXISTS locks_by_device ON locks(driver, device_ref);
CREATE INDEX IF NOT EXISTS locks_with_commands ON locks(command_due) WHERE command_due IS NOT NULL;

CREATE TABLE IF NOT EXISTS people (
    id        TEXT PRIMARY KEY,
    site_id   TEXT NOT NULL REFERENCES sites(id),
    sort_key  TEXT NOT NULL,
    paused    INTEGER NOT NULL DEFAULT 0,
    deleted   INTEGER NOT NULL DEFAULT 0,
    version   INTEGER NOT NULL DEFAULT 1,
    data      TEXT NOT NULL                -- Person JSON (status is computed on read)
);
CREATE INDEX IF NOT EXISTS people_by_site ON people(site_id, sort_key);

CREATE TABLE IF NOT EXISTS codes (
    id         TEXT PRIMARY KEY,
    site_id    TEXT NOT NULL REFERENCES sites(id),
    person_id  TEXT NOT NULL REFERENCES people(id),
    pin        TEXT NOT NULL,              -- only ever sent back by an explicit reveal
    deleted    INTEGER NOT NULL DEFAULT 0,
    version    INTEGER NOT NULL DEFAULT 1,
    data       TEXT NOT NULL               -- AccessCode JSON
);
CREATE INDEX IF NOT EXISTS codes_by_person ON codes(person_id);
CREATE INDEX IF NOT EXISTS codes_by_site_pin ON codes(site_id, pin);

-- What each lock should hold and where it stands: one row per (code, lock).
-- The reconciler makes what the lock holds (`held`) match what is `wanted`.
CREATE TABLE IF NOT EXISTS code_locks (
    code_id     TEXT NOT NULL REFERENCES codes(id),
    lock_id     TEXT NOT NULL REFERENCES locks(id),
    wanted      INTEGER NOT NULL,          -- 1: the lock should hold the code; 0: remove it
    held        INTEGER NOT NULL DEFAULT 0, -- 1: the lock last reported holding it
    slot        INTEGER,                   -- the lock's slot for the code
    status      TEXT NOT NULL,             -- SyncStatus
    failure     TEXT,                      -- SyncFailure when failed
    due_at      INTEGER NOT NULL,          -- real time (ms) when the reconciler looks at it next
    pending_since INTEGER NOT NULL,        -- real time (ms) the current change was asked for
    attempts    INTEGER NOT NULL DEFAULT 0, -- tries of the current change so far
    generation  INTEGER NOT NULL DEFAULT 0, -- bumped by each new want
    edge_at     TEXT,                      -- on a lock without schedules: the next write or clear (backend time)
    overdue_since TEXT,                    -- its window ended then, and the lock has not cleared it yet
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (code_id, lock_id)
);
CREATE INDEX IF NOT EXISTS code_locks_by_lock ON code_locks(lock_id);
CREATE INDEX IF NOT EXISTS code_locks_due ON code_locks(due_at) WHERE status IN ('pending', 'removing');
CREATE INDEX IF NOT EXISTS code_locks_edges ON code_locks(edge_at) WHERE edge_at IS NOT NULL;

CREATE TABLE IF NOT EXISTS unknown_codes (
    id        TEXT PRIMARY KEY,
    lock_id   TEXT NOT NULL REFERENCES locks(id),
    pin       TEXT NOT NULL,
    data      TEXT NOT NULL                -- UnknownCode JSON
);

CREATE TABLE IF NOT EXISTS events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id    TEXT NOT NULL,
    lock_id    TEXT,
    person_id  TEXT,
    code_id    TEXT,
    kind       TEXT NOT NULL,
    at         TEXT NOT NULL,
    data       TEXT NOT NULL               -- Event JSON (never a PIN)
);
CREATE INDEX IF NOT EXISTS events_by_site ON events(site_id, id);

CREATE TABLE IF NOT EXISTS alert_rules (
    id       TEXT PRIMARY KEY,
    site_id  TEXT NOT NULL REFERENCES sites(id),
    version  INTEGER NOT NULL DEFAULT 1,
    data     TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS outbox (
    id       TEXT PRIMARY KEY,
    site_id  TEXT NOT NULL,
    seq      INTEGER NOT NULL,
    data     TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS idempotency (
    account_id    TEXT NOT NULL,
    key           TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    status        INTEGER NOT NULL,
    body          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (account_id, key)
);

CREATE TABLE IF NOT EXISTS meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

-- Alerts that fired: the inbox. `seq` orders them; `read` is per site (shared by its accounts).
CREATE TABLE IF NOT EXISTS alerts (
    id       TEXT PRIMARY KEY,
    site_id  TEXT NOT NULL,
    seq      INTEGER NOT NULL,
    read     INTEGER NOT NULL DEFAULT 0,
    data     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alerts_by_site ON alerts(site_id, seq);

-- The simulator's own world: each simulated lock as the device itself knows it
-- (its slots, bolt, battery, radio). The hub's tables above never hold these.
CREATE TABLE IF NOT EXISTS sim_devices (
    device_ref TEXT PRIMARY KEY,
    data       TEXT NOT NULL               -- SimDevice JSON
);
-- The clockwork asks ten times a second which locks are due to lock themselves
-- again: without this index each ask reads every device's JSON.
CREATE INDEX IF NOT EXISTS sim_devices_auto_lock ON sim_devices(json_extract(data, '$.auto_lock_due_ms'));
