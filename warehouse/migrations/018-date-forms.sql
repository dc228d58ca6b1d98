-- The loader's date parser accepts every form lib/dates.ts parseDate does (003's missed a few):
-- 2026年11月2号, 2026. 11. 2 (spaces around separators), and a time after the date with seconds'
-- fractions and a zone (2026-11-02T10:15:00.000Z, 2026-11-02T08:00:00.000+08:00); the date is
-- taken as written. The cell arrives cleaned (xy_clean: half-width, one space at most, trimmed).

-- A time of day after a date: '' or [T| ]H:MM[:SS[.f]][Z|±hh[:mm]], each field in range.
CREATE OR REPLACE MACRO main.xy_time_ok(rest) AS rest = '' OR CASE
  WHEN regexp_full_match(rest, '(?:T| )[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:\.[0-9]{1,9})?(?:Z|[+-][0-9]{2}:?[0-9]{0,2})? ?')
  THEN TRY_CAST(regexp_extract(rest, '^(?:T| )([0-9]{1,2})', 1) AS INTEGER) <= 23
    AND TRY_CAST(regexp_extract(rest, '^(?:T| )[0-9]{1,2}:([0-9]{2})', 1) AS INTEGER) <= 59
    AND coalesce(TRY_CAST(regexp_extract(rest, '^(?:T| )[0-9]{1,2}:[0-9]{2}:([0-9]{2})', 1) AS INTEGER), 0) <= 60
  ELSE false END;

-- The date of a cell split by xy_parse_date: one separator used twice, or 年…月…[日|号], or 8 digits.
CREATE OR REPLACE MACRO main.xy_date_of(p) AS CASE
  WHEN p.y = '' OR (p.s1 <> '' AND p.s1 <> p.s2) OR NOT xy_time_ok(p.rest) THEN NULL
  ELSE try_strptime(p.y || '-' || p.m1 || p.m2 || p.m3 || '-' || p.d1 || p.d2 || p.d3, '%Y-%m-%d')::DATE END;

CREATE OR REPLACE MACRO main.xy_parse_date(s) AS coalesce(try_strptime(s, '%Y-%m-%d')::DATE, CASE
  WHEN s IS NULL THEN NULL
  -- A bare 5-digit number (a fraction allowed) is an Excel serial that lost its type.
  WHEN regexp_full_match(s, '[0-9]{5}(\.[0-9]+)?') THEN
    CASE WHEN floor(s::DOUBLE) BETWEEN 20000 AND 80000 THEN DATE '1899-12-30' + floor(s::DOUBLE)::INTEGER END
  ELSE xy_date_of(regexp_extract(s,
    '^([0-9]{4})(?: ?([-/.]) ?([0-9]{1,2}) ?([-/.]) ?([0-9]{1,2})| ?年 ?([0-9]{1,2}) ?月 ?([0-9]{1,2})(?: ?[日号])?|([0-9]{2})([0-9]{2}))(.*)$',
    ['y', 's1', 'm1', 's2', 'd1', 'm2', 'd2', 'm3', 'd3', 'rest']))
END);
