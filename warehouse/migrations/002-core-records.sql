-- Core layer: clean, typed rows, one table per entity. Every row keeps its batch, its row in
-- the file, when it became known (loaded_at) and when a later version replaced it
-- (superseded_at); the current version of a record has superseded_at IS NULL.
-- Columns follow the source-type definitions in pipelines/sources/ (test/source-schema.test.ts
-- checks they agree). ID numbers exist only as keyed hash + masked form.

-- 行政许可 (licence)
CREATE TABLE core.licence (
  subject_name VARCHAR,
  subject_category VARCHAR,
  subject_uscc VARCHAR,
  subject_reg_no VARCHAR,
  subject_org_code VARCHAR,
  subject_tax_no VARCHAR,
  subject_institution_no VARCHAR,
  subject_social_org_no VARCHAR,
  legal_rep VARCHAR,
  legal_rep_id_type VARCHAR,
  legal_rep_id_hash VARCHAR,
  legal_rep_id_masked VARCHAR,
  subject_id_type VARCHAR,
  subject_id_hash VARCHAR,
  subject_id_masked VARCHAR,
  doc_name VARCHAR,
  doc_no VARCHAR,
  licence_category VARCHAR,
  certificate_name VARCHAR,
  licence_no VARCHAR,
  content VARCHAR,
  decision_date DATE,
  valid_from DATE,
  valid_to DATE,
  authority_name VARCHAR,
  authority_uscc VARCHAR,
  status VARCHAR,
  source_unit_name VARCHAR,
  source_unit_uscc VARCHAR,
  remark VARCHAR,
  reported_date DATE NOT NULL,
  department_id VARCHAR NOT NULL,
  batch_id INTEGER NOT NULL,
  row_no INTEGER NOT NULL,
  content_hash UHUGEINT NOT NULL,
  loaded_at TIMESTAMP NOT NULL,
  superseded_at TIMESTAMP,
  superseded_by_batch INTEGER
);

-- 行政处罚 (penalty)
CREATE TABLE core.penalty (
  subject_name VARCHAR,
  subject_category VARCHAR,
  subject_uscc VARCHAR,
  subject_reg_no VARCHAR,
  subject_org_code VARCHAR,
  subject_tax_no VARCHAR,
  subject_institution_no VARCHAR,
  subject_social_org_no VARCHAR,
  legal_rep VARCHAR,
  legal_rep_id_type VARCHAR,
  legal_rep_id_hash VARCHAR,
  legal_rep_id_masked VARCHAR,
  subject_id_type VARCHAR,
  subject_id_hash VARCHAR,
  subject_id_masked VARCHAR,
  doc_no VARCHAR,
  violation_type VARCHAR,
  violation_facts VARCHAR,
  legal_basis VARCHAR,
  penalty_types VARCHAR,
  content VARCHAR,
  fine_amount DECIMAL(18,6),
  confiscated_amount DECIMAL(18,6),
  suspended_licence VARCHAR,
  decision_date DATE,
  valid_until DATE,
  publicity_until DATE,
  authority_name VARCHAR,
  authority_uscc VARCHAR,
  source_unit_name VARCHAR,
  source_unit_uscc VARCHAR,
  remark VARCHAR,
  reported_date DATE NOT NULL,
  department_id VARCHAR NOT NULL,
  batch_id INTEGER NOT NULL,
  row_no INTEGER NOT NULL,
  content_hash UHUGEINT NOT NULL,
  loaded_at TIMESTAMP NOT NULL,
  superseded_at TIMESTAMP,
  superseded_by_batch INTEGER
);

-- 法人和个体工商户主体库 (subject-legal)
CREATE TABLE core.subject (
  category VARCHAR NOT NULL, -- enterprise | non_enterprise | individual_business (from the USCC)
  name VARCHAR,
  uscc VARCHAR,
  registered_type VARCHAR,
  legal_rep VARCHAR,
  established DATE,
  district_code VARCHAR,
  street_code VARCHAR,
  status VARCHAR,
  authority VARCHAR,
  department_id VARCHAR NOT NULL,
  batch_id INTEGER NOT NULL,
  row_no INTEGER NOT NULL,
  content_hash UHUGEINT NOT NULL,
  loaded_at TIMESTAMP NOT NULL,
  superseded_at TIMESTAMP,
  superseded_by_batch INTEGER
);

-- 自然人主体库 (subject-person)
CREATE TABLE core.person (
  birth_date DATE NOT NULL,
  district_code VARCHAR,
  name VARCHAR,
  id_number_hash VARCHAR,
  id_number_masked VARCHAR,
  street_code VARCHAR,
  department_id VARCHAR NOT NULL,
  batch_id INTEGER NOT NULL,
  row_no INTEGER NOT NULL,
  content_hash UHUGEINT NOT NULL,
  loaded_at TIMESTAMP NOT NULL,
  superseded_at TIMESTAMP,
  superseded_by_batch INTEGER
);

