CREATE TABLE b (id INTEGER PRIMARY KEY);
-- A habit from hand-run scripts:
  COMMIT;
