-- Full rebuild of the fact marts from xy_placed (every live credit record, placed; see
-- metrics/refresh.ts). facts-delta.sql is the incremental twin; facts-shared.sql follows both.

-- Credit records by kind, day, department and place: record volume.
CREATE OR REPLACE TABLE mart.record_fact AS
SELECT kind, record_date, department_id, district_code, street_code, sum(sign)::BIGINT AS records
FROM xy_placed GROUP BY ALL;

-- 双公示 licences and penalties with their reporting deadline: on-time rate.
CREATE OR REPLACE TABLE mart.double_publicity_fact AS
SELECT r.kind, r.record_date AS decision_date, r.reported_date, d.due, r.department_id, r.district_code, r.street_code,
  sum(sign)::BIGINT AS records
FROM xy_placed r
LEFT JOIN mart.deadline d ON d.day = r.record_date
WHERE r.kind IN ('licence', 'penalty')
GROUP BY ALL;

-- First credit record of each legal subject, overall and per department, and of each person.
CREATE OR REPLACE TABLE mart.subject_first AS
SELECT subject_uscc AS uscc, min(record_date) AS first_record FROM xy_placed WHERE subject_uscc IS NOT NULL GROUP BY ALL;

CREATE OR REPLACE TABLE mart.subject_department_first AS
SELECT subject_uscc AS uscc, department_id, min(record_date) AS first_record
FROM xy_placed WHERE subject_uscc IS NOT NULL GROUP BY ALL;

CREATE OR REPLACE TABLE mart.person_first AS
SELECT subject_id_hash, min(record_date) AS first_record FROM xy_placed WHERE subject_id_hash IS NOT NULL GROUP BY ALL;
