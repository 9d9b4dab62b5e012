CREATE TABLE ledger (migration integer NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp());
CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, total numeric(12, 2) NOT NULL);
INSERT INTO ledger (migration) VALUES (1);
