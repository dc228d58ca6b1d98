-- The cleaning of codes, dates, amounts and enumerations (017's xy_clean) as lib/text.ts
-- normalizeCell does it: zero-width spaces and joiners pasted from web pages (U+200B–U+200D,
-- U+2060) are removed, and every character JavaScript counts as whitespace (NBSP, U+2000–U+200A,
-- U+2028/9, U+202F, U+205F, U+3000, U+FEFF …) is a space. 017's regular expressions knew only
-- ASCII whitespace, so a USCC with a zero-width space inside was rejected as a wrong check
-- character. The ASCII fast path now also sends a vertical tab to the rewrite.
CREATE OR REPLACE MACRO main.xy_clean(s) AS CASE
  WHEN strlen(s) = length(s) AND s <> '' AND NOT (prefix(s, ' ') OR suffix(s, ' ') OR contains(s, '  ')
    OR contains(s, chr(9)) OR contains(s, chr(10)) OR contains(s, chr(13)) OR contains(s, chr(12)) OR contains(s, chr(11)))
    THEN s
  WHEN regexp_matches(s, '[！-～\x{3000}\x{00A0}\x{1680}\x{2000}-\x{200D}\x{2028}\x{2029}\x{202F}\x{205F}\x{2060}\x{FEFF}]|\s\s|[\t\r\n\x{000B}\x{000C}]')
    THEN nullif(trim(regexp_replace(regexp_replace(translate(s, '！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～　', '!"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~ '),
      '[\x{200B}-\x{200D}\x{2060}]', '', 'g'),
      '[\s\x{000B}\x{00A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+', ' ', 'g')), '')
  ELSE xy_clean_text(s) END;
