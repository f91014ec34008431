-- Jobs of kind 'recommend' (POST /recommend ranks source vectors for a target task as a job when the
-- work is large). SQLite cannot change a CHECK constraint in place, so the table is rebuilt the way
-- its documentation prescribes (https://www.sqlite.org/lang_altertable.html#otheralter): create the
-- wider table, copy every row with its id, drop the old table, rename the new one, recreate the
-- indexes. Nothing references jobs by foreign key, so the drop touches no other table. The
-- AUTOINCREMENT counter is carried over explicitly (the copy alone would set it to the largest id
-- present, not the largest ever handed out), and the rename moves it to the name 'jobs', so ids
-- are never reused. The migration runs in one transaction: all of it applies, or none.

CREATE TABLE jobs_new (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    kind             TEXT NOT NULL CHECK (kind IN ('train', 'lambda-search', 'recommend')),
    status           TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    model            TEXT NOT NULL,
    task             TEXT NOT NULL,                      -- lambda-search: the tasks joined by ','; recommend: the target
    seed             INTEGER NOT NULL,
    target_task      TEXT,                               -- task of the vector it stores; NULL: stores none
    parameters       TEXT NOT NULL,                      -- JSON object: the request with defaults filled in
    owner            TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),   -- times a worker claimed it
    cancel_requested INTEGER NOT NULL DEFAULT 0 CHECK (cancel_requested IN (0, 1)),
    metrics          TEXT,                               -- JSON object
    result           TEXT,                               -- JSON object, kind-specific
    progress         TEXT,                               -- JSON object, the worker's last report
    vector_id        INTEGER REFERENCES vectors(id) ON DELETE SET NULL,
    error            TEXT,                               -- failed / cancelled: why
    created_at       TEXT NOT NULL,
    started_at       TEXT,
    finished_at      TEXT,
    updated_at       TEXT NOT NULL
) STRICT;

INSERT INTO jobs_new (id, kind, status, model, task, seed, target_task, parameters, owner, attempts, cancel_requested,
                      metrics, result, progress, vector_id, error, created_at, started_at, finished_at, updated_at)
SELECT id, kind, status, model, task, seed, target_task, parameters, owner, attempts, cancel_requested,
       metrics, result, progress, vector_id, error, created_at, started_at, finished_at, updated_at
FROM jobs;

DELETE FROM sqlite_sequence WHERE name = 'jobs_new';
INSERT INTO sqlite_sequence (name, seq) SELECT 'jobs_new', seq FROM sqlite_sequence WHERE name = 'jobs';

DROP TABLE jobs;
ALTER TABLE jobs_new RENAME TO jobs;

-- The indexes of 003_jobs.sql, unchanged (dropping the table dropped them).
CREATE INDEX jobs_by_status ON jobs (status, id);
CREATE UNIQUE INDEX jobs_active_by_target ON jobs (model, target_task, seed)
    WHERE status IN ('queued', 'running') AND target_task IS NOT NULL;
CREATE INDEX jobs_by_vector_id ON jobs (vector_id);
