-- A decision's document number (文号) as its natural key compares it: the brackets around its
-- year read as the standard 〔〕 (GB/T 9704), full-width characters as half-width, spaces are
-- dropped. A clerk's correction typed 淄张市监罚(2026)1110号 then replaces the record first sent
-- as 淄张市监罚（2026）1110号 instead of counting the penalty twice. A number already in the
-- standard form (no full-width ASCII, space or other bracket) is kept as it is.
CREATE OR REPLACE MACRO main.xy_doc_no(s) AS CASE
  WHEN NOT regexp_matches(s, '[！-～\x{3000}\s()\[\]【】〖〗]') THEN nullif(s, '')
  ELSE nullif(regexp_replace(replace(coalesce(xy_clean(s), ''), ' ', ''), '[(\[【〖]([0-9]{4})[)\]】〗]', '〔\1〕'), '')
END;
