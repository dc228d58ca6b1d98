-- The plan's task list at sub-task grain (任务细化), as the annex writes it and the task ledger
-- reports it. The deadline is a month-day of every plan year ('12-31' for 12月底) or a fixed
-- date; both null for continuing work (持续性). The table is preset data, reinstalled whenever the
-- preset changes, so it is recreated rather than altered.
DROP TABLE core.plan_task;
CREATE TABLE core.plan_task (
  task_no VARCHAR NOT NULL,
  subtask_no VARCHAR NOT NULL,
  task_zh VARCHAR NOT NULL,
  subtask_zh VARCHAR NOT NULL,
  department_ids VARCHAR[] NOT NULL,
  units_zh VARCHAR NOT NULL,
  deadline_month_day VARCHAR,
  deadline_date DATE
);
