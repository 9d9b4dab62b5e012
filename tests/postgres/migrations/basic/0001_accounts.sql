-- Accounts; this comment holds semicolons; they end nothing.
/* A block comment /* nested, as PostgreSQL allows; */ still a comment; */
CREATE TABLE accounts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL UNIQUE,
  note text NOT NULL DEFAULT E'tab\there; a quote \' and a semicolon;',
  "Display Name" text,
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE accounts IS 'one row per customer; emails are stored lowercase';
