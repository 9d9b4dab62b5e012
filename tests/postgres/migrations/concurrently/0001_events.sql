CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at timestamptz NOT NULL, kind text NOT NULL);
INSERT INTO events (at, kind) SELECT now() - g * interval '1 minute', 'k' || (g % 7) FROM generate_series(1, 2000) g;
