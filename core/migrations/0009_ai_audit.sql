-- AI 도우미 (issue 20): every prompt and answer sent to the chat model, masked as it left (the
-- placeholders [이름1], [주소1] stay in; the real values never reach the store). Who asked, when,
-- for which task and run, which model, the token counts, and how it ended (ok, or the Korean reason).
-- The day's sum of total_tokens is the daily budget's meter.
CREATE TABLE ai_audit (
    id                 INTEGER PRIMARY KEY,
    asked_at           TEXT NOT NULL,
    day                TEXT NOT NULL,
    who                TEXT NOT NULL,
    task               TEXT NOT NULL,
    run_id             TEXT,
    purpose            TEXT NOT NULL,
    model              TEXT NOT NULL,
    prompt_masked      TEXT NOT NULL,
    answer_masked      TEXT NOT NULL DEFAULT '',
    prompt_tokens      INTEGER NOT NULL DEFAULT 0,
    completion_tokens  INTEGER NOT NULL DEFAULT 0,
    total_tokens       INTEGER NOT NULL DEFAULT 0,
    status             TEXT NOT NULL,
    reason             TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ai_audit_day ON ai_audit (day);
CREATE INDEX ai_audit_run ON ai_audit (run_id);
