-- The cursor of a school: the "today" of each run and whether it was a full pull. The next run reads back from the
-- last completed run's date (minus the look-back), so a week the adapter was down is read again, not skipped.
ALTER TABLE sync_run ADD COLUMN cursor_date DATE;
ALTER TABLE sync_run ADD COLUMN full_pull BOOLEAN DEFAULT FALSE NOT NULL;
CREATE INDEX sync_run_school_status ON sync_run (school_id, status, started_at);
