-- Prompt-tuning jobs: a durable queue that the server's worker threads claim from, oldest first.
-- Life cycle: queued -> running -> succeeded | failed | cancelled; a queued job may go straight to
-- cancelled. parameters, metrics, result and progress are JSON objects as text, stored as given.
-- Jobs reference no blobs: the vector a train job stores is a row of `vectors`, whose digests
-- BlobReferences already lists, so the orphan sweep needs nothing from this table.
-- vector_id: the writer connection enforces foreign keys (PRAGMA foreign_keys = ON), so deleting
-- the vector sets the job's vector_id to NULL; the job keeps its metrics and result.

CREATE TABLE jobs (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    kind             TEXT NOT NULL CHECK (kind IN ('train', 'lambda-search')),
    status           TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    model            TEXT NOT NULL,
    task             TEXT NOT NULL,                      -- lambda-search: the tasks joined by ','
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

-- The queue (the oldest queued job, the jobs ahead of one) and listing by status newest first,
-- which walks the same index backwards.
CREATE INDEX jobs_by_status ON jobs (status, id);
-- At most one queued or running job per target key. submit checks this inside its write
-- transaction to name the job in the error; the index makes it an invariant and the check a lookup.
CREATE UNIQUE INDEX jobs_active_by_target ON jobs (model, target_task, seed)
    WHERE status IN ('queued', 'running') AND target_task IS NOT NULL;
-- Deleting a vector looks up the jobs that point at it (ON DELETE SET NULL).
CREATE INDEX jobs_by_vector_id ON jobs (vector_id);
