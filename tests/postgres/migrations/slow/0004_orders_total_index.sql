-- migbundle: no-transaction
-- One statement, outside a transaction (PostgreSQL refuses CONCURRENTLY inside one); IF NOT
-- EXISTS so that it may run again when a crash came between it and its tracking row.
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_total_idx ON orders (total);
