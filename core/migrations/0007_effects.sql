-- Effects ledger (issue 11): one row per outside effect (문자, 전자우편, 업로드 파일 행, 웹 입력,
-- 게시판 게시), keyed by (task, case, step, target). Written 'sending' BEFORE the effect happens and
-- confirmed after; a row still 'sending' after its run died, or 'unknown' (the answer was lost), is
-- 확인 필요 and is never repeated until the clerk resolves it. The target is stored as a salted HMAC
-- plus a masked display form; the content only as its SHA-256.
CREATE TABLE effects (
    id              INTEGER PRIMARY KEY,
    task            TEXT NOT NULL,
    case_key        TEXT NOT NULL,
    step            TEXT NOT NULL,
    target_hash     TEXT NOT NULL,
    target_masked   TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('sms', 'email', 'upload', 'web_form', 'board_post')),
    channel         TEXT NOT NULL DEFAULT '',
    detail          TEXT NOT NULL DEFAULT '',
    bytes           INTEGER NOT NULL DEFAULT 0,
    content_sha256  TEXT NOT NULL DEFAULT '',
    summary         TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'failed', 'unknown')),
    provider_id     TEXT,
    code            TEXT,
    reason          TEXT,
    attempts        INTEGER NOT NULL DEFAULT 1,
    run_id          TEXT,
    batch_id        TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    resolved_at     TEXT,
    UNIQUE (task, case_key, step, target_hash)
);
CREATE INDEX effects_status ON effects (task, status);
CREATE TABLE effects_salt (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    salt  TEXT NOT NULL
);
-- An upgraded home keeps its history: the notification ledger's rows and its salt move over with
-- their ids, so recipient hashes still match and 확인 필요 rows stay in doubt.
INSERT INTO effects_salt (id, salt) SELECT id, salt FROM notify_salt;
INSERT INTO effects (id, task, case_key, step, target_hash, target_masked, kind, channel, detail, bytes,
    content_sha256, summary, status, provider_id, code, reason, attempts, run_id, batch_id, created_at, updated_at)
SELECT id, task, case_key, step, recipient_hash, recipient_masked,
    CASE channel WHEN 'email' THEN 'email' WHEN 'upload' THEN 'upload' ELSE 'sms' END,
    channel, kind, bytes, text_sha256, '', status, provider_id, code, reason, attempts, run_id, batch_id,
    created_at, updated_at
FROM notify_ledger;
DROP TABLE notify_ledger;
DROP TABLE notify_salt;
-- The old name stays readable (reports and scripts that counted sent messages keep working).
CREATE VIEW notify_ledger AS
SELECT id, task, case_key, step, target_hash AS recipient_hash, target_masked AS recipient_masked, channel,
    detail AS kind, bytes, content_sha256 AS text_sha256, status, provider_id, code, reason, attempts, run_id,
    batch_id, created_at, updated_at
FROM effects WHERE kind IN ('sms', 'email', 'upload');
