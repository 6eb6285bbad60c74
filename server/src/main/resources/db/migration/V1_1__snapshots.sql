-- Snapshots (docs/snapshots.md, "Server"): the metadata of every snapshot file under
-- DATA/snapshots/, and the labs to start again when the server comes back. A row is written
-- only after its file is on disk (temporary file, fsync, rename), and deleted before its file:
-- a file without a row is an interrupted save or delete, removed when the store opens.
-- Portable SQL: runs on H2 (the default) and on PostgreSQL.
CREATE TABLE snapshots (
    id          VARCHAR(32)    PRIMARY KEY,
    owner_id    BIGINT         NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    lab_id      VARCHAR(32),                 -- the lab it was taken from; kept when that lab is deleted
    kind        VARCHAR(16)    NOT NULL,     -- 'snapshot' (the user's), 'resume' (a lab's resume point)
    name        VARCHAR(80)    NOT NULL,
    note        VARCHAR(500)   NOT NULL,
    preset      VARCHAR(64)    NOT NULL,
    size_bytes  BIGINT         NOT NULL,     -- of the file
    sha256      VARCHAR(64)    NOT NULL,     -- of the file, checked on every read
    console     VARCHAR(90000) NOT NULL,     -- the console's scroll-back (64 KiB at most), base64
    created_at  TIMESTAMP      NOT NULL
);

CREATE INDEX snapshots_by_owner ON snapshots (owner_id);
CREATE INDEX snapshots_by_lab ON snapshots (lab_id);

-- Labs that were running at a graceful shutdown: started again (from their resume point, or
-- booted fresh when they had none: the hypervisor stack) at the next start.
CREATE TABLE lab_autostart (
    lab_id      VARCHAR(32)  PRIMARY KEY REFERENCES labs (id) ON DELETE CASCADE,
    paused      BOOLEAN      NOT NULL,
    created_at  TIMESTAMP    NOT NULL
);
