CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);
ALTER TABLE orders ADD COLUMN customer_id bigint REFERENCES customers (id);
SELECT pg_sleep(0.2);
INSERT INTO ledger (migration) VALUES (3);
