-- Rebuilding a table the way SQLite's documentation shows, pragma included:
PRAGMA foreign_keys = OFF;
CREATE TABLE b (id INTEGER PRIMARY KEY);
