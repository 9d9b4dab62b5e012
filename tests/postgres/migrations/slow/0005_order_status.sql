CREATE TYPE order_status AS ENUM ('open', 'paid', 'shipped');
ALTER TABLE orders ADD COLUMN status order_status NOT NULL DEFAULT 'open';
UPDATE orders SET status = 'paid' WHERE id % 3 = 0;
SELECT pg_sleep(0.3);
INSERT INTO ledger (migration) VALUES (5);
