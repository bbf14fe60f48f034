-- Notification ledger: one row per (task, case, step, recipient), written BEFORE the message is
-- handed to a provider and updated with the provider's answer after. A row that is still
-- 'sending' after the run ended was interrupted (crash, kill): it is reported as 확인 필요 and is
-- never re-sent automatically. The recipient is stored as a salted hash plus a masked display form.
CREATE TABLE notify_ledger (
    id               INTEGER PRIMARY KEY,
    task             TEXT NOT NULL,
    case_key         TEXT NOT NULL,
    step             TEXT NOT NULL,
    recipient_hash   TEXT NOT NULL,
    recipient_masked TEXT NOT NULL,
    channel          TEXT NOT NULL,
    kind             TEXT NOT NULL,
    bytes            INTEGER NOT NULL DEFAULT 0,
    text_sha256      TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'failed', 'unknown')),
    provider_id      TEXT,
    code             TEXT,
    reason           TEXT,
    attempts         INTEGER NOT NULL DEFAULT 1,
    run_id           TEXT,
    batch_id         TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    UNIQUE (task, case_key, step, recipient_hash)
);
CREATE INDEX notify_ledger_status ON notify_ledger (task, status);
CREATE TABLE notify_salt (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    salt  TEXT NOT NULL
);
