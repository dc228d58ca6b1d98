-- The plan's tasks and their responsible units (a preset's tasks.csv), the list the task ledger
-- (core.task_progress) reports against.
CREATE TABLE core.plan_task (
  task_no VARCHAR NOT NULL,
  task_zh VARCHAR NOT NULL,
  department_ids VARCHAR[] NOT NULL,
  units_zh VARCHAR NOT NULL,
  deadline DATE
);
