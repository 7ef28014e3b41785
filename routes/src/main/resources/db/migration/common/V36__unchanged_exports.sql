-- content_digest: of a file run, the SHA-256 of the export's bytes together with what reading it depends on (the
--                 school's settings, the school's date); the next file with the same digest need not be read again
-- unchanged:      the run was such a file, recognised by its digest and not read again (its counts are the earlier
--                 run's)
ALTER TABLE sync_run ADD COLUMN content_digest VARCHAR(64);
ALTER TABLE sync_run ADD COLUMN unchanged BOOLEAN DEFAULT FALSE NOT NULL;
