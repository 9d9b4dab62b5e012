ALTER TABLE events ADD COLUMN source text NOT NULL DEFAULT 'api';
