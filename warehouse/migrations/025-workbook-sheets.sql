-- A workbook with one sheet per month (9月, 10月, 11月) is loaded whole, as one batch; its rows
-- are numbered per sheet, so a row is found by its sheet and its row there. The batch keeps the
-- sheets' names in tab order; each record and rejected row its sheet's place among them
-- (0-based). All stay NULL for a file with one table (a CSV, a workbook read from one sheet).
ALTER TABLE meta.batch ADD COLUMN sheets VARCHAR[];
ALTER TABLE meta.quarantine ADD COLUMN sheet_no SMALLINT;
ALTER TABLE core.subject ADD COLUMN sheet_no SMALLINT;
ALTER TABLE core.person ADD COLUMN sheet_no SMALLINT;
ALTER TABLE core.licence ADD COLUMN sheet_no SMALLINT;
ALTER TABLE core.penalty ADD COLUMN sheet_no SMALLINT;
ALTER TABLE core.credit_list ADD COLUMN sheet_no SMALLINT;
ALTER TABLE core.credit_commitment ADD COLUMN sheet_no SMALLINT;
ALTER TABLE core.tax_grade ADD COLUMN sheet_no SMALLINT;
ALTER TABLE core.payment_record ADD COLUMN sheet_no SMALLINT;
ALTER TABLE core.judicial_record ADD COLUMN sheet_no SMALLINT;
ALTER TABLE core.graded_supervision ADD COLUMN sheet_no SMALLINT;
ALTER TABLE core.credit_check ADD COLUMN sheet_no SMALLINT;
ALTER TABLE core.discipline_item ADD COLUMN sheet_no SMALLINT;
ALTER TABLE core.discipline_implementation ADD COLUMN sheet_no SMALLINT;
ALTER TABLE core.credit_repair ADD COLUMN sheet_no SMALLINT;
ALTER TABLE core.street_registration ADD COLUMN sheet_no SMALLINT;
ALTER TABLE core.publicity_article ADD COLUMN sheet_no SMALLINT;
ALTER TABLE core.pilot_village ADD COLUMN sheet_no SMALLINT;
ALTER TABLE core.honesty_star ADD COLUMN sheet_no SMALLINT;
ALTER TABLE core.task_progress ADD COLUMN sheet_no SMALLINT;
ALTER TABLE core.merchant ADD COLUMN sheet_no SMALLINT;
ALTER TABLE core.merchant_event ADD COLUMN sheet_no SMALLINT;
