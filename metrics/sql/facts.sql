-- Facts from the current versions of core records. A record's place is its subject's registry
-- district/street; else the division in the USCC (positions 3-8) or in the ID number's address
-- code (kept in the masked form) when the preset knows it; else 'unknown'.
CREATE OR REPLACE TABLE mart.double_publicity_fact AS
WITH rec AS (
  SELECT 'licence' AS kind, decision_date, reported_date, department_id, subject_uscc, subject_id_hash, subject_id_masked
  FROM core.licence WHERE superseded_at IS NULL
  UNION ALL
  SELECT 'penalty', decision_date, reported_date, department_id, subject_uscc, subject_id_hash, subject_id_masked
  FROM core.penalty WHERE superseded_at IS NULL
)
SELECT rec.kind, rec.decision_date, rec.reported_date, d.due, rec.department_id,
  coalesce(s.district_code, p.district_code, a.code, ai.code, 'unknown') AS district_code,
  coalesce(s.street_code, p.street_code) AS street_code,
  count(*) AS records
FROM rec
LEFT JOIN core.subject s ON s.uscc = rec.subject_uscc AND s.superseded_at IS NULL
LEFT JOIN core.person p ON p.id_number_hash = rec.subject_id_hash AND p.superseded_at IS NULL
LEFT JOIN core.area a ON a.code = substr(rec.subject_uscc, 3, 6) AND a.level = 'district'
LEFT JOIN core.area ai ON ai.code = left(rec.subject_id_masked, 6) AND ai.level = 'district'
LEFT JOIN mart.deadline d ON d.day = rec.decision_date
GROUP BY ALL;

CREATE OR REPLACE TABLE mart.subject_coverage AS
WITH first AS (
  SELECT subject_uscc AS uscc, min(decision_date) AS first_record FROM (
    SELECT subject_uscc, decision_date FROM core.licence WHERE superseded_at IS NULL
    UNION ALL SELECT subject_uscc, decision_date FROM core.penalty WHERE superseded_at IS NULL
  ) GROUP BY ALL
)
SELECT s.uscc, s.category, s.district_code, s.street_code, s.established, f.first_record
FROM core.subject s LEFT JOIN first f USING (uscc)
WHERE s.superseded_at IS NULL AND coalesce(s.status, '存续') = '存续';

CREATE OR REPLACE TABLE mart.subject_department_first AS
SELECT subject_uscc AS uscc, department_id, min(decision_date) AS first_record FROM (
  SELECT subject_uscc, department_id, decision_date FROM core.licence WHERE superseded_at IS NULL
  UNION ALL SELECT subject_uscc, department_id, decision_date FROM core.penalty WHERE superseded_at IS NULL
) WHERE subject_uscc IS NOT NULL GROUP BY ALL;

-- Weeks (ISO, Monday first) and months from the first decision to the last report or today.
CREATE OR REPLACE TABLE mart.period AS
WITH span AS (
  SELECT coalesce(min(decision_date), current_date) AS first_day,
         greatest(coalesce(max(reported_date), current_date), current_date) AS last_day
  FROM mart.double_publicity_fact
)
SELECT 'week' AS period_type, d::DATE AS period_start, (d + INTERVAL 6 DAY)::DATE AS period_end,
  strftime(d, '%G年第%V周') AS label_zh, strftime(d, '%G-W%V') AS label_en
FROM span, generate_series(date_trunc('week', first_day), last_day, INTERVAL 7 DAY) AS g(d)
UNION ALL
SELECT 'month', d::DATE, (d + INTERVAL 1 MONTH - INTERVAL 1 DAY)::DATE,
  strftime(d, '%Y年%-m月'), strftime(d, '%Y-%m')
FROM span, generate_series(date_trunc('month', first_day), last_day, INTERVAL 1 MONTH) AS g(d);
