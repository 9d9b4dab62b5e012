CREATE TABLE orders_archive (LIKE orders INCLUDING ALL);
INSERT INTO orders_archive OVERRIDING SYSTEM VALUE SELECT * FROM orders WHERE id % 10 = 0;
INSERT INTO ledger (migration) VALUES (7);
