-- Asynchronous invocations: the endpoint's settings and the durable queue.
ALTER TABLE endpoints ADD COLUMN async_max_concurrency INTEGER DEFAULT 1 NOT NULL;
ALTER TABLE endpoints ADD COLUMN async_max_attempts INTEGER DEFAULT 3 NOT NULL;
ALTER TABLE endpoints ADD COLUMN async_ttl_ms BIGINT DEFAULT 21600000 NOT NULL;
ALTER TABLE endpoints ADD COLUMN async_timeout_ms BIGINT DEFAULT 900000 NOT NULL;
ALTER TABLE endpoints ADD COLUMN notify_success VARCHAR(2000);
ALTER TABLE endpoints ADD COLUMN notify_error VARCHAR(2000);
ALTER TABLE endpoints ADD COLUMN notify_secret VARCHAR(500);

-- One row per accepted invocation. The status is the caller's truth: a result is stored in the
-- artifact store before the row says 'succeeded'. A claim is a lease (claim_token, lease_until).
CREATE TABLE async_invocations (
    id               VARCHAR(36)  NOT NULL PRIMARY KEY,
    endpoint         VARCHAR(63)  NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    input            VARCHAR(100) NOT NULL,
    content_type     VARCHAR(200) NOT NULL,
    accept           VARCHAR(200) NOT NULL,
    inference_id     VARCHAR(64),
    attempts         INTEGER      NOT NULL,
    max_attempts     INTEGER      NOT NULL,
    timeout_ms       BIGINT       NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    not_before       TIMESTAMP WITH TIME ZONE NOT NULL,
    claim_token      VARCHAR(36),
    lease_until      TIMESTAMP WITH TIME ZONE,
    started_at       TIMESTAMP WITH TIME ZONE,
    completed_at     TIMESTAMP WITH TIME ZONE,
    output_type      VARCHAR(200),
    error            VARCHAR(4000),
    notify_status    VARCHAR(16)  NOT NULL,
    notify_attempts  INTEGER      NOT NULL,
    notify_next_at   TIMESTAMP WITH TIME ZONE
);

CREATE INDEX async_due ON async_invocations (endpoint, status, not_before);
CREATE INDEX async_created ON async_invocations (created_at);
CREATE INDEX async_notify ON async_invocations (notify_status, notify_next_at);
