-- Accounts of the to-do app.
CREATE TABLE users (
  id         INTEGER PRIMARY KEY,
  email      TEXT NOT NULL,
  name       TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- Emails compare case-insensitively: 'Ann@example.com' and 'ann@example.com' are one account.
CREATE UNIQUE INDEX users_email ON users (email COLLATE NOCASE);
