-- Why a failed batch's file was refused, as a code with its parameters (JSON, lib/file-problems.ts)
-- that the dashboard words in the reader's language; `message` keeps the English text. NULL for
-- loaded batches and for failures without a code (a DuckDB error, a file gone missing).
ALTER TABLE meta.batch ADD COLUMN IF NOT EXISTS problem VARCHAR;
