-- One row per school, locked (SELECT ... FOR UPDATE) while a run is started: two instances asked to sync one school
-- at the same instant (the console's «sync now» on both) must not both find no run going and both start one.
CREATE TABLE school_run_lock (
    school_id VARCHAR(64) PRIMARY KEY
);
