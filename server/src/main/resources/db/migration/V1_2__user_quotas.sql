-- Per-user quotas set by an admin (docs/server.md, "Accounts and quotas"): memory per lab and
-- CPU share, next to the existing lab_quota. NULL means the server's default (Config).
ALTER TABLE users ADD COLUMN memory_quota_mib INT;
ALTER TABLE users ADD COLUMN cpu_share INT;
