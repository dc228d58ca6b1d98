-- 信用修复 and 异议 cases: see pipelines/sources/credit-repair.ts.
CREATE TABLE core.credit_repair (
  case_no VARCHAR,
  kind VARCHAR,
  subject_name VARCHAR,
  uscc VARCHAR,
  record_ref VARCHAR,
  received_on DATE,
  decided_on DATE,
  outcome VARCHAR,
  handling_unit VARCHAR,
  department_id VARCHAR NOT NULL,
  batch_id INTEGER NOT NULL,
  row_no INTEGER NOT NULL,
  content_hash UHUGEINT NOT NULL,
  loaded_at TIMESTAMP NOT NULL,
  superseded_at TIMESTAMP,
  superseded_by_batch INTEGER
);
