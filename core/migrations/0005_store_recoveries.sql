-- A corrupt database moved aside (haengbot.sqlite3.corrupt-…). The fresh one has no notification
-- ledger, so a sending task would text people who already got their message: sending stays stopped
-- until someone has looked at the moved file and accepted (python main.py store accept-recovery).
CREATE TABLE store_recoveries (
    moved_to TEXT NOT NULL,
    moved_at TEXT NOT NULL,
    accepted_at TEXT
);
