-- The next firmware release's migration, broken on purpose. The firmware
-- applies it to a database holding the app's data, on a connection whose page
-- cache is smaller than what it writes: SQLite spills changed pages into the
-- database file before the migration fails, and the rollback must restore
-- them from the journal. Its last statement names a column that does not
-- exist (`priorty`), so SQLite refuses it and migbundle rolls the migration
-- back. Its id is far above the demo's, so the demo can grow without a clash.
CREATE TABLE tasks_archive AS SELECT * FROM tasks WHERE done = 1;
DELETE FROM tasks WHERE done = 1;
CREATE TABLE task_events (id INTEGER PRIMARY KEY, task_id INTEGER NOT NULL, note TEXT NOT NULL);
INSERT INTO task_events (task_id, note)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400)
  SELECT 3, printf('event %d, carried over from the old log', i) FROM n;
UPDATE tasks SET priority = 1 WHERE priorty = 2;
