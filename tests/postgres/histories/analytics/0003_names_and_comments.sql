-- Odd names and literals a lexer must carry: quoted identifiers with "" and ;, U&'' strings,
-- a dollar-quoted comment, and a standard-conforming string ending in a backslash.
CREATE TABLE analytics."Funnel ""Steps""; v2" (
  step smallint PRIMARY KEY,
  label text NOT NULL
);

INSERT INTO analytics."Funnel ""Steps""; v2" VALUES
  (1, U&'Visit \00e9t\00e9'),
  (2, 'Sign-up; confirmed'),
  (3, 'C:\path\'),
  (4, E'Paid\\done');

COMMENT ON TABLE analytics."Funnel ""Steps""; v2" IS $$steps; in order; shown on the dashboard's "funnel" tab$$;
