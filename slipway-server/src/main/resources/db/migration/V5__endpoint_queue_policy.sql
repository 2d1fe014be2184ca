-- How each copy of an endpoint admits requests: queue bound, row limit, dynamic batching.
ALTER TABLE endpoints ADD COLUMN max_queue INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE endpoints ADD COLUMN max_rows INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE endpoints ADD COLUMN batch_max_size INTEGER DEFAULT 1 NOT NULL;
ALTER TABLE endpoints ADD COLUMN batch_max_delay_us BIGINT DEFAULT 0 NOT NULL;
