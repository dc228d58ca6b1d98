-- Shared inputs of the measures (metrics/measures.ts): entities, 双公示 facts and credit records
-- per entity and day. Every entity of the preset gets a row for every period (zero records is a
-- value, not a gap).
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

-- Each indicator's values are (re)placed by metrics/refresh.ts from metrics/measures.ts.
