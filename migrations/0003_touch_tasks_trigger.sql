-- Keep updated_at honest without trusting every caller to set it.
CREATE TRIGGER tasks_touch AFTER UPDATE OF title, done ON tasks
FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at
BEGIN
  UPDATE tasks SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = NEW.id;
END;
