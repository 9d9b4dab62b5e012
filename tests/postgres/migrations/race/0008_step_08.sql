CREATE TABLE step_08 (id integer);
INSERT INTO counter (migration, seen_before, backend)
  SELECT 8, (SELECT count(*) FROM counter), pg_backend_pid() FROM pg_sleep(0.005);
INSERT INTO side_effect VALUES (8);
