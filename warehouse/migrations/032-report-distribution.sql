-- The copy of a report distributed beyond the credit office (leaders, departments, streets):
-- without record-level lists (document numbers, 相对人 names), rendered when the report is stored.
-- NULL when the report has no such lists (bulletins) and for reports stored before this column,
-- whose copy is rendered from their frozen content when asked for.
ALTER TABLE meta.report ADD COLUMN IF NOT EXISTS distributed_pdf BLOB;
ALTER TABLE meta.report ADD COLUMN IF NOT EXISTS distributed_xlsx BLOB;
