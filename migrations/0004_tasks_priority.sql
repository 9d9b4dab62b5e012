-- Add a priority with a CHECK constraint. SQLite cannot add a constraint to an
-- existing table, so the table is rebuilt the documented way
-- (https://www.sqlite.org/lang_altertable.html#otheralter). migbundle runs this
-- with foreign keys off and checks them before commit, so the rebuild does not
-- cascade-delete anything that references tasks.
CREATE TABLE tasks_new (
  id         INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  title      TEXT NOT NULL,
  done       INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
  priority   INTEGER NOT NULL DEFAULT 2 CHECK (priority BETWEEN 1 AND 3),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
INSERT INTO tasks_new (id, project_id, title, done, updated_at)
  SELECT id, project_id, title, done, updated_at FROM tasks;
DROP TABLE tasks;
ALTER TABLE tasks_new RENAME TO tasks;

CREATE INDEX tasks_by_project ON tasks (project_id, done, priority);
CREATE TRIGGER tasks_touch AFTER UPDATE OF title, done, priority ON tasks
FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at
BEGIN
  UPDATE tasks SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = NEW.id;
END;
