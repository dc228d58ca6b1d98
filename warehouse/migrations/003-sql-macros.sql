-- SQL twins of lib/ (text.ts, uscc.ts, dates.ts) for bulk validation inside DuckDB.
-- test/sql-macros.test.ts checks they agree with the TypeScript reference implementations.

-- Cleaning runs on every cell of every batch, so each macro first checks, with one regular
-- expression (cheaper to bind and to run than a chain of prefix/suffix tests), whether the cell
-- needs the costly string rewrite at all.

-- Free text keeps its own punctuation: only surrounding (incl. ideographic) spaces go; '' → NULL.
CREATE MACRO main.xy_clean_text(s) AS CASE
  WHEN regexp_matches(s, '^[\s　 ]|[\s　 ]$')
  THEN nullif(trim(s, ' ' || chr(9) || chr(10) || chr(13) || chr(12288) || chr(160)), '')
  WHEN s = '' THEN NULL
  ELSE s END;

-- Codes, dates, amounts, enumerations: full-width ASCII and the ideographic space to half-width,
-- whitespace runs to one space, trimmed; '' becomes NULL (lib/text.ts normalizeCell).
CREATE MACRO main.xy_clean(s) AS CASE
  WHEN regexp_matches(s, '[！-～　 ]|\s\s|[\t\r\n]')
    THEN nullif(trim(regexp_replace(translate(s, '！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～　', '!"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~ '), '[\s ]+', ' ', 'g')), '')
  ELSE xy_clean_text(s) END;

-- GB 32100-2015 check character of a USCC (NULL when a character is outside the alphabet).
CREATE MACRO main.xy_uscc_valid(c) AS
  length(c) = 18 AND regexp_full_match(c, '[0-9A-HJ-NP-RTUW-Y]{18}') AND
  (31 - list_sum(list_transform(range(17), i ->
     (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', c[i + 1]) - 1) *
     [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28][i + 1])) % 31) % 31
  = strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', c[18]) - 1;

-- GB 11643-1999: check digit and a real birth date not after as_of.
CREATE MACRO main.xy_id_valid(c, as_of) AS
  regexp_full_match(c, '[0-9]{17}[0-9X]') AND
  try_strptime(substr(c, 7, 8), '%Y%m%d') IS NOT NULL AND
  substr(c, 7, 4)::INTEGER >= 1900 AND
  try_strptime(substr(c, 7, 8), '%Y%m%d')::DATE <= as_of AND
  substr('10X98765432', ((list_sum(list_transform(range(17), i ->
     substr(c, i + 1, 1)::INTEGER * [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2][i + 1])) % 11) + 1)::BIGINT, 1)
  = substr(c, 18, 1);

-- A messy date (2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, 20240305, with or without a time,
-- or an Excel serial number) as a DATE; NULL when it does not parse or is impossible.
CREATE MACRO main.xy_parse_date(s) AS coalesce(try_strptime(s, '%Y-%m-%d')::DATE, CASE
  WHEN s IS NULL THEN NULL
  WHEN regexp_full_match(s, '[0-9]{5}(\.[0-9]+)?') THEN
    CASE WHEN s::DOUBLE BETWEEN 20000 AND 80000 THEN DATE '1899-12-30' + floor(s::DOUBLE)::INTEGER END
  ELSE try_strptime(regexp_replace(replace(replace(replace(replace(s, '年', '-'), '月', '-'), '日', ''), '/', '-'), '^([0-9]{4})\.([0-9]{1,2})\.([0-9]{1,2})', '\1-\2-\3'),
    ['%Y-%m-%d', '%Y%m%d', '%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M:%S.%f'])::DATE
END);

