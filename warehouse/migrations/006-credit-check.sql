-- 信用核查 / 联合奖惩 query log: see pipelines/sources/credit-check.ts.
CREATE TABLE core.credit_check (
  log_id VARCHAR,
  queried_on DATE,
  hall VARCHAR,
  district_code VARCHAR,
  querying_unit VARCHAR,
  matter VARCHAR,
  subject_name VARCHAR,
  uscc VARCHAR,
  id_number_hash VARCHAR,
  id_number_masked VARCHAR,
  measure VARCHAR,
  department_id VARCHAR NOT NULL,
  batch_id INTEGER NOT NULL,
  row_no INTEGER NOT NULL,
  content_hash UHUGEINT NOT NULL,
  loaded_at TIMESTAMP NOT NULL,
  superseded_at TIMESTAMP,
  superseded_by_batch INTEGER
);
