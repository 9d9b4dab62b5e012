-- migbundle: no-transaction
-- On one leaf partition: CONCURRENTLY is refused on a partitioned table.
CREATE INDEX CONCURRENTLY IF NOT EXISTS events_mobile_user ON analytics.events_mobile (user_ref);
