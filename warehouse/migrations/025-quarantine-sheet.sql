-- A workbook with one sheet per month (9月, 10月, 11月) is loaded whole, as one batch; a
-- rejected row is then found by its sheet and its row there. Both stay NULL for a file with
-- one table (a CSV, a workbook read from one sheet).
ALTER TABLE meta.quarantine ADD COLUMN sheet_no SMALLINT;   -- 0-based among the sheets read, in tab order
ALTER TABLE meta.quarantine ADD COLUMN sheet VARCHAR;       -- the sheet's name
