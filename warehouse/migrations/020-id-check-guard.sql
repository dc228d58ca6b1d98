-- 003's ID check cast parts of the number to integers beside its format test, and DuckDB
-- evaluates both sides of AND: one malformed number (an old 15-digit one, a letter O in the
-- birth date) failed the whole batch with a conversion error. The format test now guards the
-- rest (CASE evaluates a branch only for its rows), and the casts are TRY_CASTs besides.
CREATE OR REPLACE MACRO main.xy_id_valid(c, as_of) AS CASE
  WHEN NOT regexp_full_match(c, '[0-9]{17}[0-9X]') THEN false
  ELSE try_strptime(substr(c, 7, 8), '%Y%m%d') IS NOT NULL AND
    TRY_CAST(substr(c, 7, 4) AS INTEGER) >= 1900 AND
    try_strptime(substr(c, 7, 8), '%Y%m%d')::DATE <= as_of AND
    substr('10X98765432', ((list_sum(list_transform(range(17), i ->
       TRY_CAST(substr(c, i + 1, 1) AS INTEGER) * [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2][i + 1])) % 11) + 1)::BIGINT, 1)
    = substr(c, 18, 1)
END;
