-- 分级分类监管评价结果 (graded-supervision): see pipelines/sources/graded-supervision.ts.
CREATE TABLE core.graded_supervision (
  subject_name VARCHAR,
  uscc VARCHAR,
  grade VARCHAR,
  domain VARCHAR,
  evaluator VARCHAR,
  evaluated_on DATE,
  valid_until DATE,
  department_id VARCHAR NOT NULL,
  batch_id INTEGER NOT NULL,
  row_no INTEGER NOT NULL,
  content_hash UHUGEINT NOT NULL,
  loaded_at TIMESTAMP NOT NULL,
  superseded_at TIMESTAMP,
  superseded_by_batch INTEGER
);
