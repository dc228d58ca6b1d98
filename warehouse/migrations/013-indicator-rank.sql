-- Each indicator value's rank among its peers (same indicator, period and entity type; best
-- first by the indicator's direction; null when the value is), and whether a peer shares it.
-- Written by the refresh with the values, so scorecards and rankings read them instead of ranking
-- on every request. Existing values get theirs from the full refresh the next open runs.
ALTER TABLE mart.indicator_value ADD COLUMN rank INTEGER;
ALTER TABLE mart.indicator_value ADD COLUMN tied BOOLEAN;
