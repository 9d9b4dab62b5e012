-- Image v2's migration: done tasks move out of `tasks` into an archive of
-- their own. It changes the app's data, not only its schema, so reverting it
-- must put those rows back exactly (0006_archive_done_tasks.down.sql).
CREATE TABLE archived_tasks (
  id         INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  title      TEXT NOT NULL,
  priority   INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);
INSERT INTO archived_tasks (id, project_id, title, priority, updated_at)
  SELECT id, project_id, title, priority, updated_at FROM tasks WHERE done = 1;
DELETE FROM tasks WHERE done = 1;
