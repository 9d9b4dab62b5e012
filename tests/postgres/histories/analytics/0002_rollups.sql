CREATE TABLE analytics.daily_active (
  day date NOT NULL,
  source text NOT NULL,
  users integer NOT NULL,
  PRIMARY KEY (day, source)
);

-- Idempotent: re-rolling a day replaces its rows.
CREATE FUNCTION analytics.roll_up(p_day date) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  written integer;
BEGIN
  DELETE FROM analytics.daily_active WHERE day = p_day;
  INSERT INTO analytics.daily_active (day, source, users)
    SELECT p_day, source, count(DISTINCT user_ref)
    FROM analytics.events
    WHERE occurred_at >= p_day AND occurred_at < p_day + 1
    GROUP BY source;
  GET DIAGNOSTICS written = ROW_COUNT;
  RETURN written;
END;
$$;

CREATE VIEW analytics.weekly_trend AS
  SELECT day, source, users,
         avg(users) OVER (PARTITION BY source ORDER BY day ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) AS users_7d
  FROM analytics.daily_active;
