-- The plan's sub-tasks that street offices and towns carry (各街道办事处, 各镇办): the streets
-- responsible, as codes (a preset's tasks.csv `streets`, a district's code expanded to its streets
-- and towns). The table is preset data, reinstalled whenever the preset changes.
ALTER TABLE core.plan_task ADD COLUMN street_codes VARCHAR[] DEFAULT []::VARCHAR[];
