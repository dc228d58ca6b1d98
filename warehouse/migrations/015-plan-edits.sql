-- The credit office's edits of the preset's plan data (DESIGN §6, §7 Admin): targets of an
-- indicator, a new version of an assessment scheme from a stated period, a plan sub-task added,
-- changed or withdrawn. Append-only: the preset as in force is the preset's files with every
-- edit applied in id order (warehouse/preset/plan-edits.ts), and each edit is audited beside it.
CREATE SEQUENCE meta.plan_edit_id START 1;
CREATE TABLE meta.plan_edit (
  id INTEGER PRIMARY KEY DEFAULT nextval('meta.plan_edit_id'),
  kind VARCHAR NOT NULL CHECK (kind IN ('targets', 'scoring', 'task', 'task-removed')),
  -- The indicator id, scheme id or sub-task number the edit is about.
  subject VARCHAR NOT NULL,
  body JSON NOT NULL,
  reason VARCHAR NOT NULL,
  user_id INTEGER,
  username VARCHAR,
  display_name VARCHAR,
  created_at TIMESTAMP NOT NULL
);
