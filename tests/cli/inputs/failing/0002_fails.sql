-- Fails on its third statement, a line and two columns in:
CREATE TABLE b (id INTEGER PRIMARY KEY);
INSERT INTO b (id) VALUES (1);
  INSERT INTO b (id) VALUES (1);
