CREATE TABLE counter (migration integer NOT NULL, seen_before integer NOT NULL, backend integer NOT NULL);
CREATE TABLE side_effect (migration integer NOT NULL);
CREATE TABLE step_01 (id integer);
INSERT INTO counter (migration, seen_before, backend)
  SELECT 1, (SELECT count(*) FROM counter), pg_backend_pid() FROM pg_sleep(0.005);
INSERT INTO side_effect VALUES (1);
