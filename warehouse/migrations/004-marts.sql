-- Mart layer: what dashboard queries read. Rebuilt from core by metrics/refresh.ts inside the
-- batch's transaction, so readers see a mart before or after a batch, never between.

-- 7-working-day deadline of every calendar day the official calendar covers.
CREATE TABLE mart.deadline (
  day DATE PRIMARY KEY,
  due DATE NOT NULL
);

-- Reporting periods (ISO weeks starting Monday, calendar months) the indicators are computed for.
CREATE TABLE mart.period (
  period_type VARCHAR NOT NULL,   -- week | month
  period_start DATE NOT NULL,
  period_end DATE NOT NULL,
  label_zh VARCHAR NOT NULL,
  label_en VARCHAR NOT NULL
);

-- 双公示 records (current versions) counted by decision day × report day × department × place.
CREATE TABLE mart.double_publicity_fact (
  kind VARCHAR NOT NULL,          -- licence | penalty
  decision_date DATE NOT NULL,
  reported_date DATE NOT NULL,
  due DATE,                       -- NULL when the calendar does not cover the decision day
  department_id VARCHAR NOT NULL,
  district_code VARCHAR NOT NULL, -- 'unknown' when the subject cannot be placed
  street_code VARCHAR,
  records BIGINT NOT NULL
);

-- Each registered legal subject with the day of its first credit record (overall and per department).
CREATE TABLE mart.subject_coverage (
  uscc VARCHAR NOT NULL,
  category VARCHAR NOT NULL,
  district_code VARCHAR,
  street_code VARCHAR,
  established DATE,
  first_record DATE
);

CREATE TABLE mart.subject_department_first (
  uscc VARCHAR NOT NULL,
  department_id VARCHAR NOT NULL,
  first_record DATE NOT NULL
);

-- Indicator values by period × entity.
CREATE TABLE mart.indicator_value (
  indicator_id VARCHAR NOT NULL,
  period_type VARCHAR NOT NULL,
  period_start DATE NOT NULL,
  period_end DATE NOT NULL,
  entity_type VARCHAR NOT NULL,   -- city | district | street | department
  entity_id VARCHAR NOT NULL,
  value DOUBLE,
  numerator DOUBLE,
  denominator DOUBLE,
  extras JSON
);
