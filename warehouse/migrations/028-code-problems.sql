-- Why a code fails its check, so that a rejected row names its fault (lib/uscc.ts usccProblem,
-- lib/id-number.ts idNumberProblem): NULL when the code is valid. Each test runs only when the
-- tests before it passed (CASE evaluates a branch only for its rows).

-- 'length' (not 18 characters), 'alphabet' (I, O, S, V, Z or another character outside the
-- code's alphabet), 'checksum' (the check character does not match).
CREATE OR REPLACE MACRO main.xy_uscc_problem(c) AS CASE
  WHEN c IS NULL THEN NULL
  WHEN length(c) <> 18 THEN 'length'
  WHEN NOT regexp_full_match(c, '[0-9A-HJ-NP-RTUW-Y]{18}') THEN 'alphabet'
  WHEN NOT xy_uscc_valid(c) THEN 'checksum'
END;

-- 'length' (not 18 characters: an old 15-digit number, a digit dropped), 'format' (not 17 digits
-- and a digit or X), 'birth_date' (no such day, before 1900 or after as_of), 'checksum'.
CREATE OR REPLACE MACRO main.xy_id_problem(c, as_of) AS CASE
  WHEN c IS NULL THEN NULL
  WHEN length(c) <> 18 THEN 'length'
  WHEN NOT regexp_full_match(c, '[0-9]{17}[0-9X]') THEN 'format'
  WHEN try_strptime(substr(c, 7, 8), '%Y%m%d') IS NULL OR TRY_CAST(substr(c, 7, 4) AS INTEGER) < 1900
    OR try_strptime(substr(c, 7, 8), '%Y%m%d')::DATE > as_of THEN 'birth_date'
  WHEN NOT xy_id_valid(c, as_of) THEN 'checksum'
END;
