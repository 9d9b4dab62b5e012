CREATE TABLE step_21 (id integer);
INSERT INTO counter (migration, seen_before, backend)
  SELECT 21, (SELECT count(*) FROM counter), pg_backend_pid() FROM pg_sleep(0.005);
INSERT INTO side_effect VALUES (21);
