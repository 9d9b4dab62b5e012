-- A string literal with a character outside ASCII, then a second one without a comma.
CREATE TABLE b (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL
);
INSERT INTO b (id, name) VALUES (1, 'Zoë' 'x');
