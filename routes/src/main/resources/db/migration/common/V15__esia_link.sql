-- «Моя школа» asks for a pupil by ЕСИА account id, which no school journal holds. Each row links one ЕСИА id to
-- a pupil, by СНИЛС (resolved against the synced persons at request time, so a pupil who changed school is found
-- in the new one) or by the pupil's natural key. Filled from the mapping files in diary-bridge.myschool.esia-links-dir.
CREATE TABLE esia_link (
    esia_id    VARCHAR(64)  NOT NULL PRIMARY KEY,
    snils      VARCHAR(11),
    person_key VARCHAR(200),
    source     VARCHAR(500) NOT NULL,
    loaded_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT esia_link_target CHECK (snils IS NOT NULL OR person_key IS NOT NULL)
);
CREATE INDEX esia_link_source ON esia_link (source);
