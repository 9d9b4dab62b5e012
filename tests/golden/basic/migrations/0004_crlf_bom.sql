-- Saved on Windows: a byte-order mark and CRLF line endings.
CREATE TABLE notes (
  id INTEGER PRIMARY KEY,
  body TEXT NOT NULL
);
