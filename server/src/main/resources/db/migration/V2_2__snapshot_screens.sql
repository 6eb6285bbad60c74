-- The domain consoles of a hypervisor lab's snapshot (docs/snapshots.md, "Server"): one row per
-- domain with that console's scroll-back (64 KiB at most, base64), so a restored lab shows every
-- domain's screen as it was, as the snapshots row does for the board's console. Written in the
-- transaction that writes the snapshots row; gone with it.
-- Portable SQL: runs on H2 (the default) and on PostgreSQL.
CREATE TABLE snapshot_screens (
    snapshot_id VARCHAR(32)    NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    domain_id   INT            NOT NULL,     -- the hypervisor's domain id (0 = dom0)
    console     VARCHAR(90000) NOT NULL,
    PRIMARY KEY (snapshot_id, domain_id)
);
