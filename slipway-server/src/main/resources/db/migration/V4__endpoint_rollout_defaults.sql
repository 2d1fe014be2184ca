-- The rollout spec an endpoint uses when its model changes without one.
CREATE TABLE endpoint_rollout_defaults (
    endpoint  VARCHAR(63) NOT NULL PRIMARY KEY,
    spec_json ${text}     NOT NULL
);
