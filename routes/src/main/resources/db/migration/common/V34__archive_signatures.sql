-- Issue 6: the verification job also checks each manifest's detached signature (manifest-<run>.json.sig);
-- bad_signatures counts the signatures that do not match their manifest.
ALTER TABLE archive_verification ADD COLUMN bad_signatures INTEGER DEFAULT 0 NOT NULL;
