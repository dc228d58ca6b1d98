-- The masked form of an ID number, as lib/id-number.ts maskIdNumber: the first 6 and last 4
-- characters of an 18- (or old 15-) character number; anything shorter (a passport, a 港澳通行证)
-- masked whole, since slicing it would show most or all of it. The loader used to slice every
-- number, which showed a 9-character passport number in full.
CREATE OR REPLACE MACRO main.xy_mask_id(s) AS CASE
  WHEN length(s) >= 15 THEN left(s, 6) || repeat('*', length(s) - 10) || right(s, 4)
  ELSE repeat('*', length(s)) END;
