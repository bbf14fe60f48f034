-- Department mode (issue 18): who ran it and from which PC. On a shared store the history shows
-- everyone's runs ("who ran the 초과근무 대사 for March, and where is the file?"); clerk is the name
-- the run lock already shows other PCs (the login name), host the PC's name. Written by
-- Store.start_run on both backends; runs from before this migration keep '' (shown as unknown).
ALTER TABLE runs ADD COLUMN clerk TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN host TEXT NOT NULL DEFAULT '';
CREATE INDEX runs_clerk_started ON runs (clerk, started_at);
