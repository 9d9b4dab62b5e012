-- migbundle: no-transaction
-- PostgreSQL refuses CREATE INDEX CONCURRENTLY inside a transaction block.
CREATE INDEX CONCURRENTLY events_at_idx ON events (at);
