-- The next firmware release's migration, broken on purpose: the firmware
-- applies it to a database holding the app's data, and it must fail without
-- losing any of it. Its first two statements change data; the third names a
-- column that does not exist (`priorty`), so SQLite refuses it and migbundle
-- rolls the whole migration back. Its id is far above the demo's migrations
-- so that the demo can grow without colliding with it.
CREATE TABLE tasks_archive AS SELECT * FROM tasks WHERE done = 1;
DELETE FROM tasks WHERE done = 1;
UPDATE tasks SET priority = 1 WHERE priorty = 2;
