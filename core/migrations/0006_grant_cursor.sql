-- 공모사업 알림 (grant-alerts): how far a paged source was read, so that the next run asks only for
-- what is new. 보탬e: scope = 사업연도 (bsnsyear), position = the newest PBLANC_UPDT_DT read (YYYYMMDD).
-- Written only after the run has remembered what it read (never by a dry run or the sample mode).
CREATE TABLE grant_cursor (
    source     TEXT NOT NULL,
    scope      TEXT NOT NULL,
    position   TEXT NOT NULL,
    saved_at   TEXT NOT NULL,
    run_id     TEXT,
    PRIMARY KEY (source, scope)
);
