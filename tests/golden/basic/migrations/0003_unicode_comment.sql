-- Café ☕: names may hold any UTF-8 — 日本語, emoji 😀.
ALTER TABLE users ADD COLUMN display_name TEXT NOT NULL DEFAULT 'Zoë';
CREATE INDEX users_display_name ON users (display_name);
