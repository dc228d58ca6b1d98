-- 018's parser pasted its regular expression into every use of the split parts (a macro's
-- argument is substituted as text): nineteen copies a cell, so a slash or Chinese date took five
-- times as long as under 003. The cell is now split once, inside a one-element list, and the
-- parts are read from that; the results are 018's.
CREATE OR REPLACE MACRO main.xy_parse_date(s) AS coalesce(try_strptime(s, '%Y-%m-%d')::DATE, CASE
  WHEN s IS NULL THEN NULL
  -- A bare 5-digit number (a fraction allowed) is an Excel serial that lost its type.
  WHEN regexp_full_match(s, '[0-9]{5}(\.[0-9]+)?') THEN
    CASE WHEN floor(s::DOUBLE) BETWEEN 20000 AND 80000 THEN DATE '1899-12-30' + floor(s::DOUBLE)::INTEGER END
  ELSE list_transform([regexp_extract(s,
    '^([0-9]{4})(?: ?([-/.]) ?([0-9]{1,2}) ?([-/.]) ?([0-9]{1,2})| ?年 ?([0-9]{1,2}) ?月 ?([0-9]{1,2})(?: ?[日号])?|([0-9]{2})([0-9]{2}))(.*)$',
    ['y', 's1', 'm1', 's2', 'd1', 'm2', 'd2', 'm3', 'd3', 'rest'])], p -> xy_date_of(p))[1]
END);

-- No time after the date (the usual case) skips the time's tests (OR evaluates both sides).
CREATE OR REPLACE MACRO main.xy_time_ok(rest) AS CASE
  WHEN rest = '' THEN true
  WHEN regexp_full_match(rest, '(?:T| )[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:\.[0-9]{1,9})?(?:Z|[+-][0-9]{2}:?[0-9]{0,2})? ?')
  THEN TRY_CAST(regexp_extract(rest, '^(?:T| )([0-9]{1,2})', 1) AS INTEGER) <= 23
    AND TRY_CAST(regexp_extract(rest, '^(?:T| )[0-9]{1,2}:([0-9]{2})', 1) AS INTEGER) <= 59
    AND coalesce(TRY_CAST(regexp_extract(rest, '^(?:T| )[0-9]{1,2}:[0-9]{2}:([0-9]{2})', 1) AS INTEGER), 0) <= 60
  ELSE false END;
