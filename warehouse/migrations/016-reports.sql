-- The office's recurring reports (DESIGN §8): the weekly scheduling sheet and the monthly
-- bulletin. A published report is frozen: its content (every figure, as known at publication)
-- and its PDF and Excel files are stored and never recomputed; republishing a period adds a new
-- version and keeps the old one. Drafts are what the schedule prepared for the office to review.
CREATE SEQUENCE meta.report_id START 1;
CREATE TABLE meta.report (
  id INTEGER PRIMARY KEY DEFAULT nextval('meta.report_id'),
  kind VARCHAR NOT NULL CHECK (kind IN ('weekly', 'bulletin')),
  status VARCHAR NOT NULL CHECK (status IN ('draft', 'published')),
  period_start DATE NOT NULL,
  period_end DATE NOT NULL,
  period_label VARCHAR NOT NULL,
  -- 1, 2, … per kind and period among published reports; null for drafts.
  version INTEGER,
  -- 文号 (bulletins: 淄信用办〔2026〕11号, shared by a period's versions), or the week's label.
  number VARCHAR NOT NULL,
  title VARCHAR NOT NULL,
  content JSON NOT NULL,
  -- The newest loaded batch when the figures were computed, and the data's as-of instant.
  newest_batch BIGINT,
  data_as_of VARCHAR,
  -- Departments, streets and districts the report names (who may read it besides the office).
  names VARCHAR[] NOT NULL,
  pdf BLOB NOT NULL,
  xlsx BLOB NOT NULL,
  created_by INTEGER,
  created_by_name VARCHAR,
  created_at TIMESTAMP NOT NULL,
  origin VARCHAR NOT NULL CHECK (origin IN ('office', 'schedule')),
  UNIQUE (kind, period_start, version)
);
