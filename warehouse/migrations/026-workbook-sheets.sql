-- A workbook with one sheet per month (9月, 10月, 11月) is loaded whole, as one batch; its rows
-- are numbered per sheet, so a row is found by its sheet and its row there. The batch keeps the
-- sheets' names in tab order; each record and rejected row its sheet's place among them
-- (0-based). All stay NULL for a file with one table (a CSV, a workbook read from one sheet).
ALTER TABLE meta.batch ADD COLUMN IF NOT EXISTS sheets VARCHAR[];
-- 025 kept the name with each rejected row; the batch keeps it now. (IF [NOT] EXISTS: a warehouse
-- of a commit that briefly had these statements as 025 has them already.)
ALTER TABLE meta.quarantine DROP COLUMN IF EXISTS sheet;
ALTER TABLE core.subject ADD COLUMN IF NOT EXISTS sheet_no SMALLINT;
ALTER TABLE core.person ADD COLUMN IF NOT EXISTS sheet_no SMALLINT;
ALTER TABLE core.licence ADD COLUMN IF NOT EXISTS sheet_no SMALLINT;
ALTER TABLE core.penalty ADD COLUMN IF NOT EXISTS sheet_no SMALLINT;
ALTER TABLE core.credit_list ADD COLUMN IF NOT EXISTS sheet_no SMALLINT;
ALTER TABLE core.credit_commitment ADD COLUMN IF NOT EXISTS sheet_no SMALLINT;
ALTER TABLE core.tax_grade ADD COLUMN IF NOT EXISTS sheet_no SMALLINT;
ALTER TABLE core.payment_record ADD COLUMN IF NOT EXISTS sheet_no SMALLINT;
ALTER TABLE core.judicial_record ADD COLUMN IF NOT EXISTS sheet_no SMALLINT;
ALTER TABLE core.graded_supervision ADD COLUMN IF NOT EXISTS sheet_no SMALLINT;
ALTER TABLE core.credit_check ADD COLUMN IF NOT EXISTS sheet_no SMALLINT;
ALTER TABLE core.discipline_item ADD COLUMN IF NOT EXISTS sheet_no SMALLINT;
ALTER TABLE core.discipline_implementation ADD COLUMN IF NOT EXISTS sheet_no SMALLINT;
ALTER TABLE core.credit_repair ADD COLUMN IF NOT EXISTS sheet_no SMALLINT;
ALTER TABLE core.street_registration ADD COLUMN IF NOT EXISTS sheet_no SMALLINT;
ALTER TABLE core.publicity_article ADD COLUMN IF NOT EXISTS sheet_no SMALLINT;
ALTER TABLE core.pilot_village ADD COLUMN IF NOT EXISTS sheet_no SMALLINT;
ALTER TABLE core.honesty_star ADD COLUMN IF NOT EXISTS sheet_no SMALLINT;
ALTER TABLE core.task_progress ADD COLUMN IF NOT EXISTS sheet_no SMALLINT;
ALTER TABLE core.merchant ADD COLUMN IF NOT EXISTS sheet_no SMALLINT;
ALTER TABLE core.merchant_event ADD COLUMN IF NOT EXISTS sheet_no SMALLINT;
