-- migbundle: no-transaction
-- Outside a transaction, so it may run again after a crash: a killed CREATE INDEX
-- CONCURRENTLY leaves an INVALID index behind, which the DROP clears first.
DROP INDEX CONCURRENTLY IF EXISTS orders_total_idx;
SELECT pg_sleep(0.2);
CREATE INDEX CONCURRENTLY orders_total_idx ON orders (total);
