-- Marts the incremental refresh maintains batch by batch (metrics/sql/facts-delta.sql): the first
-- credit record of each legal subject and person, and whether a full build has been done (an
-- incremental refresh needs one to start from).
CREATE TABLE mart.subject_first (uscc VARCHAR NOT NULL, first_record DATE);
CREATE TABLE mart.person_first (subject_id_hash VARCHAR NOT NULL, first_record DATE);
CREATE TABLE mart.refresh_state (full_at TIMESTAMP NOT NULL);
