-- Product analytics: raw events, partitioned by source, then by month.
CREATE SCHEMA analytics;

CREATE TABLE analytics.events (
  source text NOT NULL,
  occurred_at timestamptz NOT NULL,
  user_ref text,
  name text NOT NULL,
  props jsonb NOT NULL DEFAULT '{}'
) PARTITION BY LIST (source);

CREATE TABLE analytics.events_web PARTITION OF analytics.events FOR VALUES IN ('web')
  PARTITION BY RANGE (occurred_at);
CREATE TABLE analytics.events_web_2024_q1 PARTITION OF analytics.events_web
  FOR VALUES FROM ('2024-01-01') TO ('2024-04-01');
CREATE TABLE analytics.events_web_2024_q2 PARTITION OF analytics.events_web
  FOR VALUES FROM ('2024-04-01') TO ('2024-07-01');
CREATE TABLE analytics.events_mobile PARTITION OF analytics.events FOR VALUES IN ('ios', 'android');
CREATE TABLE analytics.events_other PARTITION OF analytics.events DEFAULT;

CREATE INDEX events_name_time ON analytics.events (name, occurred_at);
