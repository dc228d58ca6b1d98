-- Masks stored before 019 sliced every number (first 6 + ******** + last 4), which shows a
-- passport or permit number (8–11 characters) in full, and the quarantine kept a number under 10
-- characters as sent. What can be told apart is masked again; a number's length is not known
-- from its old mask, so such a number reads as eight stars.

-- Core: only numbers of an ID type other than the 18-character ones were ever short (a 身份证
-- number is checked to be 18 characters before it is loaded).
UPDATE core.licence SET subject_id_masked = '********'
  WHERE subject_id_masked IS NOT NULL AND subject_id_type NOT IN ('身份证', '外国人永久居留身份证');
UPDATE core.licence SET legal_rep_id_masked = '********'
  WHERE legal_rep_id_masked IS NOT NULL AND legal_rep_id_type NOT IN ('身份证', '外国人永久居留身份证');
UPDATE core.penalty SET subject_id_masked = '********'
  WHERE subject_id_masked IS NOT NULL AND subject_id_type NOT IN ('身份证', '外国人永久居留身份证');
UPDATE core.penalty SET legal_rep_id_masked = '********'
  WHERE legal_rep_id_masked IS NOT NULL AND legal_rep_id_type NOT IN ('身份证', '外国人永久居留身份证');

-- Quarantine: a number kept as sent (under 10 characters), or one sliced under an ID type other
-- than the 18-character ones.
UPDATE meta.quarantine SET raw = json_merge_patch(raw, json_object('证件号码', '********'))
  WHERE (length(raw->>'$.证件号码') < 10 AND NOT regexp_full_match(raw->>'$.证件号码', '\*+'))
     OR (raw->>'$.证件类型' NOT IN ('身份证', '外国人永久居留身份证') AND regexp_full_match(raw->>'$.证件号码', '.{6}\*{8}.{4}'));
UPDATE meta.quarantine SET raw = json_merge_patch(raw, json_object('法定代表人证件号码', '********'))
  WHERE (length(raw->>'$.法定代表人证件号码') < 10 AND NOT regexp_full_match(raw->>'$.法定代表人证件号码', '\*+'))
     OR (raw->>'$.法定代表人证件类型' NOT IN ('身份证', '外国人永久居留身份证') AND regexp_full_match(raw->>'$.法定代表人证件号码', '.{6}\*{8}.{4}'));
UPDATE meta.quarantine SET raw = json_merge_patch(raw, json_object('身份证号码', '********'))
  WHERE length(raw->>'$.身份证号码') < 10 AND NOT regexp_full_match(raw->>'$.身份证号码', '\*+');
