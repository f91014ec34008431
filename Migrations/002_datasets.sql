-- Labelled datasets: the JSONL files prompt-tuning jobs train and evaluate on.
-- The file itself is a blob (datasets.sha256, its bytes as uploaded); rows hold what was found in it.

-- A task's label space. The first dataset uploaded for a task creates its row; the row goes with
-- the task's last dataset. labels is a JSON array of class names in class-index order ([] for
-- regression). Vectors name tasks freely and do not reference this table.
CREATE TABLE tasks (
    name       TEXT PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('classification', 'regression')),
    input      TEXT NOT NULL CHECK (input IN ('single', 'pair')),
    labels     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CHECK ((kind = 'regression') = (labels = '[]'))
) STRICT;

-- One split of a task's data. Classification rows count examples per label (label_counts, a JSON
-- object in the task's label order); regression rows keep the spread of the scores.
CREATE TABLE datasets (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    task         TEXT NOT NULL REFERENCES tasks(name),
    split        TEXT NOT NULL CHECK (split IN ('train', 'validation', 'test')),
    sha256       TEXT NOT NULL CHECK (length(sha256) = 64),
    size_bytes   INTEGER NOT NULL CHECK (size_bytes > 0),
    examples     INTEGER NOT NULL CHECK (examples > 0),
    label_counts TEXT,
    score_min    REAL,
    score_max    REAL,
    score_mean   REAL,
    owner        TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (task, split),
    CHECK ((label_counts IS NULL) = (score_mean IS NOT NULL)),
    CHECK ((score_min IS NULL) = (score_mean IS NULL) AND (score_max IS NULL) = (score_mean IS NULL))
) STRICT;

-- Blob garbage collection asks "does any row still reference this digest?".
CREATE INDEX datasets_by_sha256 ON datasets (sha256);
