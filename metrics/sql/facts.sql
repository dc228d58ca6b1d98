-- Facts from the current versions of core records (xy_credit_record: every source type whose
-- rows are credit records, see metrics/refresh.ts). A record's place is its subject's registry
-- district/street; else the division in the USCC (positions 3-8) or in the ID number's address
-- code (kept in the masked form) when the preset knows it; else 'unknown' — kept and counted.
CREATE OR REPLACE TEMP TABLE xy_placed AS
SELECT rec.kind, rec.record_date, rec.reported_date, rec.department_id, rec.subject_uscc, rec.subject_id_hash,
  coalesce(s.district_code, p.district_code, a.code, ai.code, 'unknown') AS district_code,
  coalesce(s.street_code, p.street_code) AS street_code
FROM xy_credit_record rec
LEFT JOIN core.subject s ON s.uscc = rec.subject_uscc AND xy_live(s.loaded_at, s.superseded_at)
LEFT JOIN core.person p ON p.id_number_hash = rec.subject_id_hash AND xy_live(p.loaded_at, p.superseded_at)
LEFT JOIN core.area a ON a.code = substr(rec.subject_uscc, 3, 6) AND a.level = 'district'
LEFT JOIN core.area ai ON ai.code = left(rec.subject_id_masked, 6) AND ai.level = 'district';

-- Where each subject with a credit record is placed (for measures over other tables: lists).
CREATE OR REPLACE TEMP TABLE xy_subject_place AS
SELECT coalesce(subject_uscc, subject_id_hash) AS subject_key, any_value(district_code) AS district_code, any_value(street_code) AS street_code
FROM xy_placed WHERE coalesce(subject_uscc, subject_id_hash) IS NOT NULL GROUP BY ALL;

-- Credit records by kind, day, department and place: record volume.
CREATE OR REPLACE TABLE mart.record_fact AS
SELECT kind, record_date, department_id, district_code, street_code, count(*) AS records
FROM xy_placed GROUP BY ALL;

-- 双公示 licences and penalties with their reporting deadline: on-time rate.
CREATE OR REPLACE TABLE mart.double_publicity_fact AS
SELECT r.kind, r.record_date AS decision_date, r.reported_date, d.due, r.department_id, r.district_code, r.street_code,
  count(*) AS records
FROM xy_placed r
LEFT JOIN mart.deadline d ON d.day = r.record_date
WHERE r.kind IN ('licence', 'penalty')
GROUP BY ALL;

-- A registered subject covered by any credit record from its first record's day, and graded
-- (分级分类) from its first evaluation's day.
CREATE OR REPLACE TABLE mart.subject_coverage AS
WITH first AS (
  SELECT subject_uscc AS uscc, min(record_date) AS first_record FROM xy_placed WHERE subject_uscc IS NOT NULL GROUP BY ALL
), graded AS (
  SELECT uscc, min(evaluated_on) AS first_graded FROM core.graded_supervision WHERE xy_live(loaded_at, superseded_at) GROUP BY ALL
)
SELECT s.uscc, s.category, s.district_code, s.street_code, s.established, f.first_record, g.first_graded
FROM core.subject s LEFT JOIN first f USING (uscc) LEFT JOIN graded g USING (uscc)
WHERE xy_live(s.loaded_at, s.superseded_at) AND coalesce(s.status, '存续') = '存续';

-- A registered adult covered by any credit record about them from its first record's day.
CREATE OR REPLACE TABLE mart.person_coverage AS
WITH first AS (
  SELECT subject_id_hash, min(record_date) AS first_record FROM xy_placed WHERE subject_id_hash IS NOT NULL GROUP BY ALL
)
SELECT p.id_number_hash, p.district_code, p.street_code, f.first_record
FROM core.person p LEFT JOIN first f ON f.subject_id_hash = p.id_number_hash
WHERE xy_live(p.loaded_at, p.superseded_at);

CREATE OR REPLACE TABLE mart.subject_department_first AS
SELECT subject_uscc AS uscc, department_id, min(record_date) AS first_record
FROM xy_placed WHERE subject_uscc IS NOT NULL GROUP BY ALL;

-- Weeks (ISO, Monday first), months, quarters and years from the first record to the last report or today.
CREATE OR REPLACE TABLE mart.period AS
WITH span AS (
  SELECT coalesce((SELECT min(first_day) FROM xy_event_day), current_date) AS first_day,
         greatest(coalesce((SELECT max(reported_date) FROM xy_placed), current_date), current_date) AS last_day
)
SELECT 'week' AS period_type, d::DATE AS period_start, (d + INTERVAL 6 DAY)::DATE AS period_end,
  strftime(d, '%G年第%V周') AS label_zh, strftime(d, '%G-W%V') AS label_en
FROM span, generate_series(date_trunc('week', first_day), last_day, INTERVAL 7 DAY) AS g(d)
UNION ALL
SELECT 'month', d::DATE, (d + INTERVAL 1 MONTH - INTERVAL 1 DAY)::DATE,
  strftime(d, '%Y年%-m月'), strftime(d, '%Y-%m')
FROM span, generate_series(date_trunc('month', first_day), last_day, INTERVAL 1 MONTH) AS g(d)
UNION ALL
SELECT 'quarter', d::DATE, (d + INTERVAL 3 MONTH - INTERVAL 1 DAY)::DATE,
  strftime(d, '%Y年第') || quarter(d) || '季度', strftime(d, '%Y-Q') || quarter(d)
FROM span, generate_series(date_trunc('quarter', first_day), last_day, INTERVAL 3 MONTH) AS g(d)
UNION ALL
SELECT 'year', d::DATE, (d + INTERVAL 1 YEAR - INTERVAL 1 DAY)::DATE, strftime(d, '%Y年'), strftime(d, '%Y')
FROM span, generate_series(date_trunc('year', first_day), last_day, INTERVAL 1 YEAR) AS g(d);
