-- The delivery outbox: one row per record that must reach a target, written in the same transaction as the change
-- detection that found it. The consumer marks it DONE with the target's id in the same transaction as the id map,
-- so "what is still owed to families" is always one query: state = 'PENDING'.
--   op:       UPSERT (create or correct), DELETE (gone at the source), WITHDRAW (pupil left / no consent)
--   priority: LIVE (today's changes) or BACKFILL (history, full re-sync): LIVE goes first, see DnevnikDeliveryRoute
--   state:    PENDING, DONE, REJECTED (not delivered, reason in last_error), DEAD (refused by the target as
--             invalid: in the dead-letter queue), REPORTED (never to be sent, e.g. a grade-1 mark: reported instead)
CREATE TABLE outbox (
    target       VARCHAR(16)  NOT NULL,
    school_id    VARCHAR(64)  NOT NULL,
    source_key   VARCHAR(255) NOT NULL,
    entity_type  VARCHAR(24)  NOT NULL,
    version      VARCHAR(64)  NOT NULL,
    op           VARCHAR(8)   NOT NULL,
    priority     VARCHAR(8)   NOT NULL,
    state        VARCHAR(8)   NOT NULL,
    remote_id    BIGINT,
    attempts     INTEGER      DEFAULT 0 NOT NULL,
    run_id       VARCHAR(36),
    detected_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_error   VARCHAR(2000),
    PRIMARY KEY (target, school_id, source_key)
);
CREATE INDEX outbox_pending ON outbox (school_id, state, priority, detected_at);
