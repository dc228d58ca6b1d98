-- The remaining source types of DESIGN.md §4: other credit records, the disciplinary base list,
-- street reports, task progress and the demonstration street. One table per definition in
-- pipelines/sources (test/source-schema.test.ts keeps them in step).

-- A calendar month written as 2025-03, 2025/3, 2025年3月, 202503 or as any day in it: its first day.
CREATE MACRO main.xy_parse_month(s) AS coalesce(
  date_trunc('month', xy_parse_date(s))::DATE,
  try_strptime(regexp_replace(replace(replace(replace(replace(s, '年', '-'), '月', ''), '/', '-'), '.', '-'), '-$', ''), ['%Y-%m', '%Y%m'])::DATE);

-- 红黑名单 (Red and black lists): see pipelines/sources.
CREATE TABLE core.credit_list (
  list_type VARCHAR,
  list_name VARCHAR,
  subject_name VARCHAR,
  uscc VARCHAR,
  id_number_hash VARCHAR,
  id_number_masked VARCHAR,
  decision_no VARCHAR,
  listing_unit VARCHAR,
  reason VARCHAR,
  listed_on DATE,
  removed_on DATE,
  department_id VARCHAR NOT NULL,
  batch_id INTEGER NOT NULL,
  row_no INTEGER NOT NULL,
  content_hash UHUGEINT NOT NULL,
  loaded_at TIMESTAMP NOT NULL,
  superseded_at TIMESTAMP,
  superseded_by_batch INTEGER
);

-- 信用承诺及履约 (Credit commitments and fulfilment): see pipelines/sources.
CREATE TABLE core.credit_commitment (
  commitment_no VARCHAR,
  subject_name VARCHAR,
  uscc VARCHAR,
  id_number_hash VARCHAR,
  id_number_masked VARCHAR,
  commitment_type VARCHAR,
  domain VARCHAR,
  matter VARCHAR,
  signed_on DATE,
  accepting_unit VARCHAR,
  fulfilment VARCHAR,
  checked_on DATE,
  department_id VARCHAR NOT NULL,
  batch_id INTEGER NOT NULL,
  row_no INTEGER NOT NULL,
  content_hash UHUGEINT NOT NULL,
  loaded_at TIMESTAMP NOT NULL,
  superseded_at TIMESTAMP,
  superseded_by_batch INTEGER
);

-- 纳税信用等级 (Tax credit grades): see pipelines/sources.
CREATE TABLE core.tax_grade (
  subject_name VARCHAR,
  uscc VARCHAR,
  tax_year BIGINT,
  grade VARCHAR,
  assessed_on DATE,
  tax_office VARCHAR,
  department_id VARCHAR NOT NULL,
  batch_id INTEGER NOT NULL,
  row_no INTEGER NOT NULL,
  content_hash UHUGEINT NOT NULL,
  loaded_at TIMESTAMP NOT NULL,
  superseded_at TIMESTAMP,
  superseded_by_batch INTEGER
);

-- 社保公积金及水电气缴费记录 (Social insurance, housing fund and utility payments): see pipelines/sources.
CREATE TABLE core.payment_record (
  kind VARCHAR,
  account_no VARCHAR,
  subject_name VARCHAR,
  uscc VARCHAR,
  id_number_hash VARCHAR,
  id_number_masked VARCHAR,
  billing_month DATE,
  status VARCHAR,
  amount_due DECIMAL(18,6),
  amount_overdue DECIMAL(18,6),
  department_id VARCHAR NOT NULL,
  batch_id INTEGER NOT NULL,
  row_no INTEGER NOT NULL,
  content_hash UHUGEINT NOT NULL,
  loaded_at TIMESTAMP NOT NULL,
  superseded_at TIMESTAMP,
  superseded_by_batch INTEGER
);

-- 司法信息 (Judicial records): see pipelines/sources.
CREATE TABLE core.judicial_record (
  case_no VARCHAR,
  court VARCHAR,
  case_type VARCHAR,
  subject_name VARCHAR,
  uscc VARCHAR,
  id_number_hash VARCHAR,
  id_number_masked VARCHAR,
  party_role VARCHAR,
  filed_on DATE,
  decided_on DATE,
  amount DECIMAL(18,6),
  dishonest VARCHAR,
  department_id VARCHAR NOT NULL,
  batch_id INTEGER NOT NULL,
  row_no INTEGER NOT NULL,
  content_hash UHUGEINT NOT NULL,
  loaded_at TIMESTAMP NOT NULL,
  superseded_at TIMESTAMP,
  superseded_by_batch INTEGER
);

-- 失信惩戒措施基础清单 (Disciplinary-measure base list): see pipelines/sources.
CREATE TABLE core.discipline_item (
  item_no VARCHAR,
  measure VARCHAR,
  category VARCHAR,
  target VARCHAR,
  basis VARCHAR,
  responsible VARCHAR,
  list_version VARCHAR,
  department_id VARCHAR NOT NULL,
  batch_id INTEGER NOT NULL,
  row_no INTEGER NOT NULL,
  content_hash UHUGEINT NOT NULL,
  loaded_at TIMESTAMP NOT NULL,
  superseded_at TIMESTAMP,
  superseded_by_batch INTEGER
);

-- 失信惩戒措施落实情况 (Implementation of disciplinary measures): see pipelines/sources.
CREATE TABLE core.discipline_implementation (
  item_no VARCHAR,
  measure VARCHAR,
  implementing_unit VARCHAR,
  status VARCHAR,
  embedded VARCHAR,
  cases BIGINT,
  reported_on DATE,
  note VARCHAR,
  department_id VARCHAR NOT NULL,
  batch_id INTEGER NOT NULL,
  row_no INTEGER NOT NULL,
  content_hash UHUGEINT NOT NULL,
  loaded_at TIMESTAMP NOT NULL,
  superseded_at TIMESTAMP,
  superseded_by_batch INTEGER
);

-- 个人信用分注册情况 (Personal credit score registrations): see pipelines/sources.
CREATE TABLE core.street_registration (
  district_code VARCHAR,
  street_code VARCHAR,
  as_of DATE,
  adults BIGINT,
  registered BIGINT,
  commitments BIGINT,
  department_id VARCHAR NOT NULL,
  batch_id INTEGER NOT NULL,
  row_no INTEGER NOT NULL,
  content_hash UHUGEINT NOT NULL,
  loaded_at TIMESTAMP NOT NULL,
  superseded_at TIMESTAMP,
  superseded_by_batch INTEGER
);

-- 信用宣传信息发布 (Credit publicity articles): see pipelines/sources.
CREATE TABLE core.publicity_article (
  publisher VARCHAR,
  district_code VARCHAR,
  street_code VARCHAR,
  published_on DATE,
  title VARCHAR,
  channel VARCHAR,
  url VARCHAR,
  department_id VARCHAR NOT NULL,
  batch_id INTEGER NOT NULL,
  row_no INTEGER NOT NULL,
  content_hash UHUGEINT NOT NULL,
  loaded_at TIMESTAMP NOT NULL,
  superseded_at TIMESTAMP,
  superseded_by_batch INTEGER
);

-- 信用试点村居 (Credit pilot villages): see pipelines/sources.
CREATE TABLE core.pilot_village (
  district_code VARCHAR,
  street_code VARCHAR,
  village VARCHAR,
  model VARCHAR,
  designated_on DATE,
  status VARCHAR,
  department_id VARCHAR NOT NULL,
  batch_id INTEGER NOT NULL,
  row_no INTEGER NOT NULL,
  content_hash UHUGEINT NOT NULL,
  loaded_at TIMESTAMP NOT NULL,
  superseded_at TIMESTAMP,
  superseded_by_batch INTEGER
);

-- 诚信之星评选 (Honesty stars): see pipelines/sources.
CREATE TABLE core.honesty_star (
  district_code VARCHAR,
  street_code VARCHAR,
  period_kind VARCHAR,
  period_label VARCHAR,
  person_name VARCHAR,
  village VARCHAR,
  deed VARCHAR,
  awarded_on DATE,
  department_id VARCHAR NOT NULL,
  batch_id INTEGER NOT NULL,
  row_no INTEGER NOT NULL,
  content_hash UHUGEINT NOT NULL,
  loaded_at TIMESTAMP NOT NULL,
  superseded_at TIMESTAMP,
  superseded_by_batch INTEGER
);

-- 工作任务推进台账 (Task progress): see pipelines/sources.
CREATE TABLE core.task_progress (
  task_no VARCHAR,
  task VARCHAR,
  subtask_no VARCHAR,
  subtask VARCHAR,
  responsible_unit VARCHAR,
  deadline DATE,
  status VARCHAR,
  completed_on DATE,
  progress_note VARCHAR,
  reported_on DATE,
  department_id VARCHAR NOT NULL,
  batch_id INTEGER NOT NULL,
  row_no INTEGER NOT NULL,
  content_hash UHUGEINT NOT NULL,
  loaded_at TIMESTAMP NOT NULL,
  superseded_at TIMESTAMP,
  superseded_by_batch INTEGER
);

-- 示范街商户信用档案 (Demonstration-street merchant archive): see pipelines/sources.
CREATE TABLE core.merchant (
  merchant_name VARCHAR,
  uscc VARCHAR,
  street_code VARCHAR,
  address VARCHAR,
  business_type VARCHAR,
  colour VARCHAR,
  classed_on DATE,
  score DECIMAL(18,6),
  rating DECIMAL(18,6),
  votes BIGINT,
  model_shop VARCHAR,
  department_id VARCHAR NOT NULL,
  batch_id INTEGER NOT NULL,
  row_no INTEGER NOT NULL,
  content_hash UHUGEINT NOT NULL,
  loaded_at TIMESTAMP NOT NULL,
  superseded_at TIMESTAMP,
  superseded_by_batch INTEGER
);

-- 示范街检查投诉与评价 (Demonstration-street inspections, complaints and ratings): see pipelines/sources.
CREATE TABLE core.merchant_event (
  event_no VARCHAR,
  merchant_name VARCHAR,
  uscc VARCHAR,
  kind VARCHAR,
  occurred_on DATE,
  unit VARCHAR,
  content VARCHAR,
  problem_found VARCHAR,
  resolved VARCHAR,
  rating DECIMAL(18,6),
  department_id VARCHAR NOT NULL,
  batch_id INTEGER NOT NULL,
  row_no INTEGER NOT NULL,
  content_hash UHUGEINT NOT NULL,
  loaded_at TIMESTAMP NOT NULL,
  superseded_at TIMESTAMP,
  superseded_by_batch INTEGER
);

-- Credit records of every kind by day, department and place (rebuilt by metrics/sql/facts.sql).
CREATE TABLE mart.record_fact (
  kind VARCHAR NOT NULL,          -- source type id: licence, penalty, credit-list, payment …
  record_date DATE,
  department_id VARCHAR NOT NULL,
  district_code VARCHAR NOT NULL, -- 'unknown' when the subject cannot be placed
  street_code VARCHAR,
  records BIGINT NOT NULL
);
