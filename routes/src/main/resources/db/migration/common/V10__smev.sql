-- SMEV 3 provider role. Every request taken from SMEV is stored here BEFORE it is acknowledged (facts §2.9); the
-- answer's MessageID is generated once and stored BEFORE the first send, so a retry reuses it (facts §2.3, §6).
CREATE TABLE smev_inbound (
    message_id          VARCHAR(36)     PRIMARY KEY,
    school_id           VARCHAR(64)     NOT NULL,
    sender              VARCHAR(50),
    reply_to            VARCHAR(4000),
    test_message        BOOLEAN         DEFAULT FALSE NOT NULL,
    content             VARCHAR(1000000),
    signature_problem   VARCHAR(2000),
    -- RECEIVED (stored, not yet acknowledged), ACKED, ANSWERED, IGNORED (SMEV signature failed: acked accepted=false)
    state               VARCHAR(16)     NOT NULL,
    received_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    acked_at            TIMESTAMP WITH TIME ZONE
);
CREATE INDEX smev_inbound_state ON smev_inbound (school_id, state);

-- Our answers. state: PENDING (stored, not yet accepted), SENT, RETRY (retry-forever fault, sent again on the next
-- poll under the same id), FAILED (permanent or configuration fault: an operator must act), SUPERSEDED
-- (StaleMessageId: the same answer goes on under replaced_by). fault_class / fault_code / reason_ru are shown to
-- the operator (reason in Russian).
CREATE TABLE smev_outbound (
    message_id          VARCHAR(36)     PRIMARY KEY,
    school_id           VARCHAR(64)     NOT NULL,
    in_reply_to         VARCHAR(36)     NOT NULL,
    reply_to            VARCHAR(4000)   NOT NULL,
    kind                VARCHAR(16)     NOT NULL,
    content             VARCHAR(1000000),
    rejection_code      VARCHAR(32),
    rejection_reason    VARCHAR(4000),
    test_message        BOOLEAN         DEFAULT FALSE NOT NULL,
    state               VARCHAR(16)     NOT NULL,
    fault_class         VARCHAR(24),
    fault_code          VARCHAR(48),
    reason_ru           VARCHAR(4000),
    replaces_message_id VARCHAR(36),
    replaced_by         VARCHAR(36),
    attempts            INTEGER         DEFAULT 0 NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX smev_outbound_state ON smev_outbound (school_id, state);
CREATE INDEX smev_outbound_reply ON smev_outbound (in_reply_to);
