-- The process that started a run, so that a run whose process died (killed, power cut) can be
-- told apart from one still going, and reported as interrupted instead of 'running' forever.
ALTER TABLE runs ADD COLUMN pid INTEGER;
