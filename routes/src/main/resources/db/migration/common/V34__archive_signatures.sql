-- Issue 6: the verification job also checks each manifest's detached signature (manifest-<run>.json.sig);
-- bad_signatures counts the signatures that do not match their manifest.
ALTER TABLE archive_verification ADD COLUMN bad_signatures INTEGER DEFAULT 0 NOT NULL;
-- The act of destruction (made by hand, not by a run) is recorded in archive_file too, with no run.
ALTER TABLE archive_file ALTER COLUMN run_id DROP NOT NULL;
