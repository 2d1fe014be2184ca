-- A candidate version beside an endpoint's primary (rollouts): split or mirrored traffic.
ALTER TABLE endpoints ADD COLUMN candidate_model VARCHAR(63);
ALTER TABLE endpoints ADD COLUMN candidate_version INTEGER;
ALTER TABLE endpoints ADD COLUMN candidate_percent INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE endpoints ADD COLUMN mirror_percent INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE endpoints ADD COLUMN capture_id VARCHAR(100);
