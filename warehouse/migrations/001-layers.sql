-- The four layers and the reference data a preset provides. All TIMESTAMP columns hold UTC.
CREATE SCHEMA IF NOT EXISTS staging;
CREATE SCHEMA IF NOT EXISTS core;
CREATE SCHEMA IF NOT EXISTS mart;
CREATE SCHEMA IF NOT EXISTS meta;

-- Area tree: city → district / county / functional zone → street / town.
CREATE TABLE core.area (
  code VARCHAR PRIMARY KEY,
  name_zh VARCHAR NOT NULL,
  name_en VARCHAR NOT NULL,
  level VARCHAR NOT NULL,         -- city | district | street
  kind VARCHAR NOT NULL,          -- city | district | county | functional_zone | street | town
  parent_code VARCHAR,
  district_code VARCHAR           -- the district an area belongs to (itself for districts)
);

CREATE TABLE core.department (
  id VARCHAR PRIMARY KEY,
  name_zh VARCHAR NOT NULL,
  name_en VARCHAR NOT NULL,
  short_zh VARCHAR NOT NULL,
  area_code VARCHAR NOT NULL,
  uscc VARCHAR NOT NULL,
  category VARCHAR NOT NULL
);

-- Plan targets: baseline and milestones of each indicator (from the preset's targets.json).
CREATE TABLE core.plan_target (
  indicator_id VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,          -- baseline | milestone
  date DATE NOT NULL,
  value DOUBLE NOT NULL
);

CREATE TABLE meta.preset (
  id VARCHAR NOT NULL,
  name_zh VARCHAR NOT NULL,
  name_en VARCHAR NOT NULL,
  loaded_at TIMESTAMP NOT NULL
);

CREATE SEQUENCE meta.batch_seq START 1;

-- One row per file submitted. rows_read = rows_loaded + rows_quarantined + rows_duplicate.
CREATE TABLE meta.batch (
  id INTEGER PRIMARY KEY,
  file_name VARCHAR NOT NULL,
  content_hash VARCHAR NOT NULL,
  source_type VARCHAR NOT NULL,
  department_id VARCHAR NOT NULL,
  reported_at DATE NOT NULL,
  format VARCHAR,
  encoding VARCHAR,
  header_row INTEGER,
  rows_read INTEGER NOT NULL DEFAULT 0,
  rows_loaded INTEGER NOT NULL DEFAULT 0,
  rows_quarantined INTEGER NOT NULL DEFAULT 0,
  rows_duplicate INTEGER NOT NULL DEFAULT 0,
  rows_superseding INTEGER NOT NULL DEFAULT 0,  -- loaded rows that replaced an earlier version
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP,
  status VARCHAR NOT NULL,        -- loaded | failed
  message VARCHAR
);

-- Rejected rows with their original values (ID numbers masked) and every reason.
CREATE TABLE meta.quarantine (
  batch_id INTEGER NOT NULL,
  row_no INTEGER NOT NULL,        -- row in the file as a spreadsheet numbers it
  reasons VARCHAR[] NOT NULL,
  raw JSON NOT NULL
);
