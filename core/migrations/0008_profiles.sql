-- Runs started from a saved profile (issue 17): which profile, who started it ('profile' by hand with
-- run --profile, 'scheduled' by the OS scheduler), what each input was given as (a fixed path or
-- newest:FOLDER/PATTERN; the file it resolved to is in inputs_json), and when the clerk saw the run
-- in the start-up banner.
ALTER TABLE runs ADD COLUMN profile TEXT;
ALTER TABLE runs ADD COLUMN started_by TEXT;
ALTER TABLE runs ADD COLUMN sources_json TEXT;
ALTER TABLE runs ADD COLUMN seen_at TEXT;
CREATE INDEX runs_profile_started ON runs (profile, started_at);
