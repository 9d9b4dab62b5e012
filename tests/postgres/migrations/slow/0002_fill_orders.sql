INSERT INTO orders (total) SELECT (g % 997) / 7.0 FROM generate_series(1, 20000) g;
SELECT pg_sleep(0.3);
INSERT INTO ledger (migration) VALUES (2);
