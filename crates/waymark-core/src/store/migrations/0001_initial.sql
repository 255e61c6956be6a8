-- The first Waymark schema: maps and what is on them, personas, and the edit history.
-- Released migrations are never edited; a change is a new numbered file.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE personas (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    colour      TEXT NOT NULL
) STRICT;

CREATE TABLE maps (
    id          INTEGER PRIMARY KEY,
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    persona_id  INTEGER REFERENCES personas (id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE map_personas (
    map_id     INTEGER NOT NULL REFERENCES maps (id) ON DELETE CASCADE,
    persona_id INTEGER NOT NULL REFERENCES personas (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    PRIMARY KEY (map_id, persona_id)
) STRICT;

CREATE TABLE stages (
    id          INTEGER PRIMARY KEY,
    map_id      INTEGER NOT NULL REFERENCES maps (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX stages_by_map ON stages (map_id, position);

CREATE TABLE lanes (
    id        INTEGER PRIMARY KEY,
    map_id    INTEGER NOT NULL REFERENCES maps (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('actions', 'touchpoints', 'channels', 'thoughts',
              'emotions', 'pain_points', 'opportunities', 'owners', 'metrics', 'evidence',
              'text')),
    name      TEXT NOT NULL,
    collapsed INTEGER NOT NULL DEFAULT 0 CHECK (collapsed IN (0, 1))
) STRICT;
CREATE INDEX lanes_by_map ON lanes (map_id, position);

CREATE TABLE cards (
    id       INTEGER PRIMARY KEY,
    lane_id  INTEGER NOT NULL REFERENCES lanes (id) ON DELETE CASCADE,
    stage_id INTEGER NOT NULL REFERENCES stages (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text     TEXT NOT NULL,
    channel  TEXT,
    owner    TEXT,
    colour   TEXT,
    tags     TEXT NOT NULL DEFAULT '[]'
) STRICT;
CREATE INDEX cards_by_cell ON cards (lane_id, stage_id, position);
CREATE INDEX cards_by_stage ON cards (stage_id);

CREATE TABLE emotion_points (
    id         INTEGER PRIMARY KEY,
    lane_id    INTEGER NOT NULL REFERENCES lanes (id) ON DELETE CASCADE,
    stage_id   INTEGER NOT NULL REFERENCES stages (id) ON DELETE CASCADE,
    persona_id INTEGER REFERENCES personas (id) ON DELETE CASCADE,
    value      REAL NOT NULL CHECK (value BETWEEN -2 AND 2),
    label      TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE UNIQUE INDEX emotion_points_one_per_cell
    ON emotion_points (lane_id, stage_id, ifnull(persona_id, 0));
CREATE INDEX emotion_points_by_stage ON emotion_points (stage_id);

-- The undo history. Each row is one edit as applied (`forward`) and the edit that reverses it
-- (`backward`), both JSON of `waymark_core::Edit`. Rows with `undone = 1` form the redo stack.
CREATE TABLE edits (
    seq      INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    label    TEXT NOT NULL,
    forward  TEXT NOT NULL,
    backward TEXT NOT NULL,
    undone   INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1))
) STRICT;
