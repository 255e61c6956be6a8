-- Imported data: what customers did (events and purchases), who they are (people), what they
-- asked support (tickets) and what they answered (survey). Every row belongs to the import that
-- brought it, so removing an import removes exactly its rows. Times are microseconds since
-- 1970-01-01 UTC. Property values of people, tickets and answers are JSON arrays aligned with
-- the import's `properties`.

CREATE TABLE imports (
    id           INTEGER PRIMARY KEY,
    file_name    TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('events', 'orders', 'people', 'tickets',
                 'survey')),
    imported_at  TEXT NOT NULL,
    file_size    INTEGER NOT NULL,
    -- xxh3-128 of the first MiB and of the whole file as stored (compressed if it was), hex.
    head_hash    TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    -- JSON: how the file was read (encoding, delimiter, header, roles, zone, event name).
    options      TEXT NOT NULL,
    -- JSON array: the headers of the columns kept as properties, in stored order.
    properties   TEXT NOT NULL,
    rows_taken   INTEGER NOT NULL,
    rows_refused INTEGER NOT NULL,
    -- JSON array of {reason, count, lines, example}.
    refused      TEXT NOT NULL,
    first_at     INTEGER,
    last_at      INTEGER
) STRICT;
CREATE INDEX imports_by_content ON imports (kind, file_size, head_hash);

-- One row per customer id seen in any import; the other tables refer to `id`.
CREATE TABLE customers (
    id  INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE event_names (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
) STRICT;

-- Events and orders (an order is an event named by the import, with its amount), in chunks
-- of up to 8,192 rows stored column by column; `store/events.rs` describes the encoding.
CREATE TABLE event_chunks (
    import_id       INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
    rows            INTEGER NOT NULL,
    customers       BLOB NOT NULL,
    names           BLOB NOT NULL,
    times           BLOB NOT NULL,
    amounts         BLOB,
    property_values TEXT,
    property_codes  BLOB,
    first_at        INTEGER NOT NULL,
    last_at         INTEGER NOT NULL
) STRICT;
CREATE INDEX event_chunks_by_import ON event_chunks (import_id);

CREATE TABLE people (
    import_id   INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
    customer_id INTEGER NOT NULL,
    properties  TEXT
) STRICT;

CREATE TABLE tickets (
    import_id   INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
    ticket      TEXT NOT NULL,
    customer_id INTEGER,
    at          INTEGER,
    text        TEXT,
    category    TEXT,
    channel     TEXT,
    status      TEXT,
    score       REAL,
    properties  TEXT
) STRICT;

CREATE TABLE survey_answers (
    import_id   INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
    customer_id INTEGER,
    score       REAL NOT NULL,
    text        TEXT,
    at          INTEGER,
    properties  TEXT
) STRICT;
