-- A street office reports its own figures (registrations, publicity articles, pilot villages,
-- 诚信之星) through the data desk. Its batch is filed under the department that receives its
-- district's street reports (preset.json, streetReportsTo) and keeps the street that sent it;
-- NULL for a department's or the office's file.
ALTER TABLE meta.batch ADD COLUMN IF NOT EXISTS street_code VARCHAR;
