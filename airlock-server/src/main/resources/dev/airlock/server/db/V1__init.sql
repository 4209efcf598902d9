-- Airlock server schema, version 1. Portable SQL: SQLite and PostgreSQL run it unchanged.
CREATE TABLE plugins (
  id VARCHAR(128) PRIMARY KEY,
  version VARCHAR(256) NOT NULL,
  file_name VARCHAR(200) NOT NULL,
  blob_digest CHAR(64) NOT NULL,
  signature_digest CHAR(64),
  source VARCHAR(2000) NOT NULL,
  installed_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE plugin_versions (
  plugin_id VARCHAR(128) NOT NULL,
  version VARCHAR(256) NOT NULL,
  blob_digest CHAR(64) NOT NULL,
  source VARCHAR(2000) NOT NULL,
  installed_at BIGINT NOT NULL
);
CREATE INDEX plugin_versions_by_plugin ON plugin_versions (plugin_id, installed_at);
CREATE TABLE plugin_state (
  plugin_id VARCHAR(128) PRIMARY KEY,
  enabled SMALLINT,
  config TEXT NOT NULL,
  highest_version VARCHAR(256)
);
CREATE TABLE events (
  plugin_id VARCHAR(256) NOT NULL,
  at BIGINT NOT NULL,
  type VARCHAR(32) NOT NULL,
  message TEXT NOT NULL
);
CREATE INDEX events_by_plugin ON events (plugin_id, at);
CREATE TABLE tokens (
  id VARCHAR(32) PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  hash CHAR(64) NOT NULL UNIQUE,
  scopes VARCHAR(100) NOT NULL,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT
);
