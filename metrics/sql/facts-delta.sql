-- Incremental twin of facts.sql: xy_placed holds only the rows a batch added (sign +1) and the
-- versions it superseded (sign -1). Counts are merged; first records are recomputed for the
-- subjects the batch touched from all their live records (xy_credit_all).

CREATE OR REPLACE TABLE mart.record_fact AS
SELECT kind, record_date, department_id, district_code, street_code, sum(records)::BIGINT AS records FROM (
  SELECT * FROM mart.record_fact
  UNION ALL SELECT kind, record_date, department_id, district_code, street_code, sum(sign) FROM xy_placed GROUP BY ALL
) GROUP BY ALL HAVING sum(records) <> 0;

CREATE OR REPLACE TABLE mart.double_publicity_fact AS
SELECT kind, decision_date, reported_date, due, department_id, district_code, street_code, sum(records)::BIGINT AS records FROM (
  SELECT * FROM mart.double_publicity_fact
  UNION ALL
  SELECT r.kind, r.record_date, r.reported_date, d.due, r.department_id, r.district_code, r.street_code, sum(r.sign)
  FROM xy_placed r LEFT JOIN mart.deadline d ON d.day = r.record_date WHERE r.kind IN ('licence', 'penalty') GROUP BY ALL
) GROUP BY ALL HAVING sum(records) <> 0;

CREATE OR REPLACE TEMP TABLE xy_touched_uscc AS SELECT DISTINCT subject_uscc AS uscc FROM xy_placed WHERE subject_uscc IS NOT NULL;
CREATE OR REPLACE TEMP TABLE xy_touched_hash AS SELECT DISTINCT subject_id_hash AS hash FROM xy_placed WHERE subject_id_hash IS NOT NULL;

DELETE FROM mart.subject_first WHERE uscc IN (SELECT uscc FROM xy_touched_uscc);
INSERT INTO mart.subject_first
SELECT subject_uscc, min(record_date) FROM xy_credit_all WHERE subject_uscc IN (SELECT uscc FROM xy_touched_uscc) GROUP BY ALL;

DELETE FROM mart.subject_department_first WHERE uscc IN (SELECT uscc FROM xy_touched_uscc);
INSERT INTO mart.subject_department_first
SELECT subject_uscc, department_id, min(record_date) FROM xy_credit_all WHERE subject_uscc IN (SELECT uscc FROM xy_touched_uscc) GROUP BY ALL;

DELETE FROM mart.person_first WHERE subject_id_hash IN (SELECT hash FROM xy_touched_hash);
INSERT INTO mart.person_first
SELECT subject_id_hash, min(record_date) FROM xy_credit_all WHERE subject_id_hash IN (SELECT hash FROM xy_touched_hash) GROUP BY ALL;
