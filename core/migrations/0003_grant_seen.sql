-- 공모사업 알림 (grant-alerts): every call seen, across sources and runs, and what each profile was told.
-- ident = normalised 공고명 | normalised 소관기관; a moved 접수마감 keeps the ident and shows as 변경.
CREATE TABLE grant_seen (
    id                 INTEGER PRIMARY KEY,
    ident              TEXT NOT NULL UNIQUE,
    deadline           TEXT NOT NULL DEFAULT '',
    previous_deadline  TEXT,
    source             TEXT NOT NULL,
    source_id          TEXT,
    title              TEXT NOT NULL,
    agency             TEXT,
    record_json        TEXT NOT NULL,
    first_seen         TEXT NOT NULL,
    last_seen          TEXT NOT NULL,
    changed_at         TEXT,
    first_run          TEXT
);
CREATE INDEX grant_seen_deadline ON grant_seen (deadline);
-- One row per (profile, call) once a digest carrying it was accepted by the mail server:
-- the deadline it announced, and the last reminder stage sent ('', 'D-7', 'D-3').
CREATE TABLE grant_profile_sent (
    profile            TEXT NOT NULL,
    grant_id           INTEGER NOT NULL REFERENCES grant_seen (id) ON DELETE CASCADE,
    notified_deadline  TEXT NOT NULL DEFAULT '',
    notified_on        TEXT NOT NULL,
    reminded           TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (profile, grant_id)
);
