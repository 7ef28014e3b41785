-- The synced journal in canonical form (JournalStore): what the archive, the control reports, SMEV answers and the
-- «Моя школа» endpoint read, so none of them calls a source. One row per canonical record, its JSON and its hash;
-- a record gone from the source is kept with deleted = TRUE (the archive still needs what once was).
CREATE TABLE journal_record (
    school_id    VARCHAR(64)  NOT NULL,
    source_key   VARCHAR(255) NOT NULL,
    entity_type  VARCHAR(24)  NOT NULL,
    class_key    VARCHAR(255),
    record_date  DATE,
    snils        VARCHAR(11),
    content_hash VARCHAR(64)  NOT NULL,
    content      TEXT         NOT NULL,
    deleted      BOOLEAN      DEFAULT FALSE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (school_id, source_key)
);
CREATE INDEX journal_record_class ON journal_record (school_id, class_key, record_date);
CREATE INDEX journal_record_type ON journal_record (school_id, entity_type);
CREATE INDEX journal_record_snils ON journal_record (snils);
