-- Initial schema: API tokens, initial soft prompts (inits) and task prompt vectors.
-- Timestamps: ISO 8601 UTC with milliseconds. Shapes: JSON arrays of integers.
-- Every *sha256 column names a blob file in DATA/blobs (64 lowercase hex characters).
-- STRICT tables: SQLite refuses values of the wrong type instead of storing them.

CREATE TABLE tokens (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    token_sha256 TEXT NOT NULL UNIQUE CHECK (length(token_sha256) = 64),
    created_at   TEXT NOT NULL,
    last_used_at TEXT
) STRICT;

CREATE TABLE inits (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    model      TEXT NOT NULL,
    seed       INTEGER NOT NULL,
    sha256     TEXT NOT NULL CHECK (length(sha256) = 64),
    shape      TEXT NOT NULL,
    owner      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (model, seed)
) STRICT;

CREATE TABLE vectors (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    model              TEXT NOT NULL,
    task               TEXT NOT NULL,
    seed               INTEGER NOT NULL,
    sha256             TEXT NOT NULL CHECK (length(sha256) = 64),           -- tau = tuned - init
    shape              TEXT NOT NULL,
    tuned_sha256       TEXT CHECK (tuned_sha256 IS NULL OR length(tuned_sha256) = 64),
    init_id            INTEGER REFERENCES inits(id),
    owner              TEXT NOT NULL,
    description        TEXT,
    num_virtual_tokens INTEGER,
    metrics            TEXT,                                                 -- JSON object
    source             TEXT,
    provenance         TEXT,                                                 -- JSON object
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    UNIQUE (model, task, seed)   -- its index also serves listing by model, ordered by (model, task, seed)
) STRICT;

CREATE INDEX vectors_by_task ON vectors (task, model, seed);
CREATE INDEX vectors_by_init ON vectors (init_id);
-- Blob garbage collection asks "does any row still reference this digest?".
CREATE INDEX vectors_by_sha256 ON vectors (sha256);
CREATE INDEX vectors_by_tuned_sha256 ON vectors (tuned_sha256);
CREATE INDEX inits_by_sha256 ON inits (sha256);
