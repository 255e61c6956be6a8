-- Journey analytics: which events mark each stage, which customers each persona is, how each
-- map counts, and the numbers last computed for each map.

-- JSON of `StageBinding`, or NULL for a stage drawn by hand.
ALTER TABLE stages ADD COLUMN binding TEXT;

-- JSON of `Condition`, or NULL for a persona with no rule on the data.
ALTER TABLE personas ADD COLUMN rule TEXT;

-- JSON of `MapAnalytics`; NULL reads as the defaults.
ALTER TABLE maps ADD COLUMN analytics TEXT;

-- Metrics as last computed, with a fingerprint of everything they were computed from (the
-- imports, the map's bindings and settings, the personas' rules). A stale row is replaced, never
-- shown; deleting a map takes its row with it.
CREATE TABLE metrics_cache (
    map_id      INTEGER PRIMARY KEY REFERENCES maps (id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL,
    computed_at TEXT NOT NULL,
    result      TEXT NOT NULL
) STRICT;
