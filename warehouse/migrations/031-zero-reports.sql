-- Zero reports (零报送): a department declares that it had nothing to report for one month under a
-- duty it holds (presets/*/departments.csv `duties`), e.g. no licence or penalty decided. The
-- assessment then gives its 双公示 rules full points for that month instead of 未报送. One row
-- per department, duty and month; withdrawing deletes it (both in meta.audit_log).
CREATE TABLE IF NOT EXISTS core.zero_report (
  department_id VARCHAR NOT NULL,
  duty VARCHAR NOT NULL,
  month DATE NOT NULL,
  note VARCHAR,
  declared_by VARCHAR NOT NULL,
  declared_at TIMESTAMP NOT NULL, -- UTC
  PRIMARY KEY (department_id, duty, month)
);
