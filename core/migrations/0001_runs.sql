-- Run history: one row per run, written at start (status 'running') and updated at the end.
CREATE TABLE runs (
    id            TEXT PRIMARY KEY,
    task          TEXT NOT NULL,
    started_at    TEXT NOT NULL,
    finished_at   TEXT,
    status        TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'cancelled', 'bad_input')),
    params_json   TEXT NOT NULL DEFAULT '{}',
    inputs_json   TEXT NOT NULL DEFAULT '{}',
    summary_json  TEXT NOT NULL DEFAULT '{}',
    output_path   TEXT,
    duration_s    REAL,
    message       TEXT
);
CREATE INDEX runs_task_started ON runs (task, started_at);
