-- Airlock server schema, version 2: a bare module's sidecar manifest (name.json, .yaml, .yml or
-- .toml), kept as a blob and placed beside the module. Portable SQL: SQLite and PostgreSQL.
ALTER TABLE plugins ADD COLUMN sidecar_name VARCHAR(200);
ALTER TABLE plugins ADD COLUMN sidecar_digest CHAR(64);
