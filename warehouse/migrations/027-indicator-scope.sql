-- An indicator of one area's plan (周村区's domain coverage rates) is computed only for that area
-- and the streets and departments in it, no longer for every street of the city. Clearing the
-- record of the last full build makes the next open rebuild the marts in full (metrics/open.ts),
-- which drops the values computed for the other areas.
DELETE FROM mart.refresh_state;
