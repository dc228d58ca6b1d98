-- The preset's indicator catalog (indicators.json, validated at install): what the mart refresh
-- computes. `spec` is the validated entry as JSON; `position` keeps the catalog's order.
CREATE TABLE core.indicator (
  id VARCHAR NOT NULL,
  position INTEGER NOT NULL,
  spec JSON NOT NULL
);

-- Which version of the preset's files is installed: a changed preset (new indicator, corrected
-- target) is installed again when the warehouse is next opened for writing.
ALTER TABLE meta.preset ADD COLUMN content_hash VARCHAR;
