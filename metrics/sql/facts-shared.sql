-- Follows facts.sql or facts-delta.sql: coverage marts from the registries and the first-record
-- marts, and the periods.

-- A registered subject covered by any credit record from its first record's day, and graded
-- (分级分类) from its first evaluation's day.
CREATE OR REPLACE TABLE mart.subject_coverage AS
WITH graded AS (
  SELECT uscc, min(evaluated_on) AS first_graded FROM core.graded_supervision WHERE xy_live(loaded_at, superseded_at) GROUP BY ALL
)
SELECT s.uscc, s.category, s.district_code, s.street_code, s.established, f.first_record, g.first_graded
FROM core.subject s LEFT JOIN mart.subject_first f USING (uscc) LEFT JOIN graded g USING (uscc)
WHERE xy_live(s.loaded_at, s.superseded_at) AND coalesce(s.status, '存续') = '存续';

-- A registered adult covered by any credit record about them from its first record's day.
CREATE OR REPLACE TABLE mart.person_coverage AS
SELECT p.id_number_hash, p.district_code, p.street_code, f.first_record
FROM core.person p LEFT JOIN mart.person_first f ON f.subject_id_hash = p.id_number_hash
WHERE xy_live(p.loaded_at, p.superseded_at);


-- Weeks (ISO, Monday first), months, quarters and years from the first record to the last report or
-- today (xy_today, China's date: UTC's current_date is a day behind until 08:00 there), and from
-- 2015 at the earliest, where the working-day deadlines begin (refresh.ts DEADLINES_FROM): an older
-- record still counts in every cumulative figure, and one record from 1949 no longer makes the
-- marts four thousand weeks long (every later load took minutes).
CREATE OR REPLACE TABLE mart.period AS
WITH span AS (
  SELECT greatest(coalesce((SELECT min(first_day) FROM xy_event_day), getvariable('xy_today')), DATE '2015-01-01') AS first_day,
         greatest(coalesce((SELECT max(reported_date) FROM mart.double_publicity_fact), getvariable('xy_today')), getvariable('xy_today')) AS last_day
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
