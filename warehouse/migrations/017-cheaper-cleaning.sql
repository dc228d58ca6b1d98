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
