-- The archived tasks go back into `tasks`, done, with their ids, priorities
-- and timestamps (an INSERT fires no tasks_touch trigger), and the archive goes.
INSERT INTO tasks (id, project_id, title, done, priority, updated_at)
  SELECT id, project_id, title, 1, priority, updated_at FROM archived_tasks;
DROP TABLE archived_tasks;
