-- Indicator values by period × entity, from the facts above. Every entity of the preset gets a
-- row for every period (zero records is a value, not a gap).
CREATE OR REPLACE TEMP TABLE xy_entity AS
  SELECT level AS entity_type, code AS entity_id, code AS area_code FROM core.area
  UNION ALL SELECT 'department', id, area_code FROM core.department;

-- A fact row belongs to the city, its district, its street and its department.
CREATE OR REPLACE TEMP MACRO xy_entity_of(e_type, e_id, district, street, department) AS
  e_type = 'city' OR (e_type = 'district' AND e_id = district) OR (e_type = 'street' AND e_id = street)
  OR (e_type = 'department' AND e_id = department);

CREATE OR REPLACE TEMP TABLE xy_fact AS
  SELECT f.*, e.entity_type, e.entity_id FROM mart.double_publicity_fact f
  JOIN xy_entity e ON xy_entity_of(e.entity_type, e.entity_id, f.district_code, f.street_code, f.department_id);

CREATE OR REPLACE TEMP TABLE xy_daily AS
  SELECT e.entity_type, e.entity_id, f.record_date, sum(f.records) AS records
  FROM mart.record_fact f
  JOIN xy_entity e ON xy_entity_of(e.entity_type, e.entity_id, f.district_code, f.street_code, f.department_id)
  GROUP BY ALL;

DELETE FROM mart.indicator_value;

-- Credit records collected, cumulative at period end; the city's value adds the plan baseline.
INSERT INTO mart.indicator_value
SELECT 'record-volume', period_type, period_start, period_end, entity_type, entity_id,
  collected + coalesce(baseline, 0), NULL, NULL, json_object('collected', collected, 'baseline', baseline)
FROM (
  SELECT p.period_type, p.period_start, p.period_end, e.entity_type, e.entity_id,
    coalesce(sum(d.records), 0) AS collected,
    CASE WHEN e.entity_type = 'city' THEN (SELECT value FROM core.plan_target WHERE indicator_id = 'record-volume' AND kind = 'baseline') END AS baseline
  FROM mart.period p CROSS JOIN xy_entity e
  LEFT JOIN xy_daily d ON d.entity_type = e.entity_type AND d.entity_id = e.entity_id AND d.record_date <= p.period_end
  GROUP BY p.period_type, p.period_start, p.period_end, e.entity_type, e.entity_id
);

-- 双公示 on time: records decided in the period reported within 7 working days; missing = due
-- by the period's end but not reported by then.
INSERT INTO mart.indicator_value
SELECT 'double-publicity-on-time', p.period_type, p.period_start, p.period_end, e.entity_type, e.entity_id,
  coalesce(sum(f.records) FILTER (WHERE f.due IS NOT NULL AND f.reported_date <= f.due), 0)
    / nullif(sum(f.records) FILTER (WHERE f.due IS NOT NULL), 0),
  coalesce(sum(f.records) FILTER (WHERE f.due IS NOT NULL AND f.reported_date <= f.due), 0),
  coalesce(sum(f.records) FILTER (WHERE f.due IS NOT NULL), 0),
  json_object(
    'onTime', coalesce(sum(f.records) FILTER (WHERE f.due IS NOT NULL AND f.reported_date <= f.due), 0),
    'late', coalesce(sum(f.records) FILTER (WHERE f.due IS NOT NULL AND f.reported_date > f.due), 0),
    'missing', coalesce(sum(f.records) FILTER (WHERE f.due <= p.period_end AND f.reported_date > p.period_end), 0),
    'total', coalesce(sum(f.records), 0),
    'undetermined', coalesce(sum(f.records) FILTER (WHERE f.due IS NULL), 0))
FROM mart.period p CROSS JOIN xy_entity e
LEFT JOIN xy_fact f ON f.entity_type = e.entity_type AND f.entity_id = e.entity_id
  AND f.decision_date BETWEEN p.period_start AND p.period_end
GROUP BY p.period_type, p.period_start, p.period_end, e.entity_type, e.entity_id;

-- Enterprise legal persons (USCC 91/93) with at least one record ÷ registered, as of period end,
-- from daily increments so the cost follows days × entities, not subjects × periods. Areas
-- count their registered enterprises; a department counts the enterprises of its area that its
-- own records cover.
CREATE OR REPLACE TEMP TABLE xy_ent AS
  SELECT c.*, coalesce(c.established, DATE '1900-01-01') AS reg_day, e.entity_type, e.entity_id
  FROM mart.subject_coverage c
  JOIN xy_entity e ON (e.entity_type = 'city')
    OR (e.entity_type = 'district' AND e.entity_id = c.district_code)
    OR (e.entity_type = 'street' AND e.entity_id = c.street_code)
  WHERE c.category = 'enterprise';

CREATE OR REPLACE TEMP TABLE xy_cov_area AS
  SELECT entity_type, entity_id, day, sum(reg) AS reg, sum(cov) AS cov FROM (
    SELECT entity_type, entity_id, reg_day AS day, 1 AS reg, 0 AS cov FROM xy_ent
    UNION ALL
    SELECT entity_type, entity_id, greatest(first_record, reg_day), 0, 1 FROM xy_ent WHERE first_record IS NOT NULL
  ) GROUP BY ALL;

CREATE OR REPLACE TEMP TABLE xy_cov AS
  SELECT * FROM xy_cov_area
  UNION ALL
  SELECT 'department', dep.id, i.day, i.reg, 0 FROM core.department dep
  JOIN xy_cov_area i ON i.entity_id = dep.area_code AND i.entity_type IN ('city', 'district')
  UNION ALL
  SELECT 'department', f.department_id, greatest(f.first_record, coalesce(c.established, f.first_record)), 0, count(*)
  FROM mart.subject_department_first f
  JOIN mart.subject_coverage c USING (uscc)
  JOIN core.department dep ON dep.id = f.department_id
  JOIN core.area da ON da.code = dep.area_code
  WHERE c.category = 'enterprise' AND (da.level = 'city' OR c.district_code = dep.area_code)
  GROUP BY ALL;

INSERT INTO mart.indicator_value
SELECT 'enterprise-coverage', p.period_type, p.period_start, p.period_end, e.entity_type, e.entity_id,
  coalesce(sum(i.cov), 0) / nullif(sum(i.reg), 0), coalesce(sum(i.cov), 0), coalesce(sum(i.reg), 0), NULL
FROM mart.period p CROSS JOIN xy_entity e
LEFT JOIN xy_cov i ON i.entity_type = e.entity_type AND i.entity_id = e.entity_id AND i.day <= p.period_end
GROUP BY p.period_type, p.period_start, p.period_end, e.entity_type, e.entity_id;
