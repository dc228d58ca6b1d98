-- Cheaper guards for the cleaning macros of 003 (same results): most cells need no rewrite, and
-- a guard built from prefix/suffix/contains tests costs a fraction of a regular expression.
-- Free text: only a cell that is empty or starts or ends with a space-like character changes.
CREATE OR REPLACE MACRO main.xy_clean_text(s) AS CASE
  WHEN s = '' THEN NULL
  WHEN list_contains([32, 9, 10, 13, 12288, 160], ord(s)) OR suffix(s, ' ') OR suffix(s, chr(9)) OR suffix(s, chr(10))
    OR suffix(s, chr(13)) OR suffix(s, chr(12288)) OR suffix(s, chr(160))
  THEN nullif(trim(s, ' ' || chr(9) || chr(10) || chr(13) || chr(12288) || chr(160)), '')
  ELSE s END;

-- Codes, dates, amounts, enumerations: an ASCII cell (byte length = character length) without
-- double spaces, edge spaces or control whitespace is already clean; any other cell takes the
-- full rewrite of 003.
CREATE OR REPLACE MACRO main.xy_clean(s) AS CASE
  WHEN strlen(s) = length(s) AND s <> '' AND NOT (prefix(s, ' ') OR suffix(s, ' ') OR contains(s, '  ')
    OR contains(s, chr(9)) OR contains(s, chr(10)) OR contains(s, chr(13)) OR contains(s, chr(12)))
    THEN s
  WHEN regexp_matches(s, '[！-～　 ]|\s\s|[\t\r\n]')
    THEN nullif(trim(regexp_replace(translate(s, '！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～　', '!"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~ '), '[\s ]+', ' ', 'g')), '')
    ELSE xy_clean_text(s) END;

-- Dates: 003's parser under another name, and before it a direct cast of the ISO form most
-- systems export.
CREATE MACRO main.xy_parse_date_any(s) AS coalesce(try_strptime(s, '%Y-%m-%d')::DATE, CASE
  WHEN s IS NULL THEN NULL
  WHEN regexp_full_match(s, '[0-9]{5}(\.[0-9]+)?') THEN
    CASE WHEN s::DOUBLE BETWEEN 20000 AND 80000 THEN DATE '1899-12-30' + floor(s::DOUBLE)::INTEGER END
  ELSE try_strptime(regexp_replace(replace(replace(replace(replace(s, '年', '-'), '月', '-'), '日', ''), '/', '-'), '^([0-9]{4})\.([0-9]{1,2})\.([0-9]{1,2})', '\1-\2-\3'),
    ['%Y-%m-%d', '%Y%m%d', '%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M:%S.%f'])::DATE
END);

CREATE OR REPLACE MACRO main.xy_parse_date(s) AS CASE
  WHEN strlen(s) = 10 AND s LIKE '____-__-__' THEN TRY_CAST(s AS DATE)
  ELSE xy_parse_date_any(s) END;
