CREATE TABLE app.subscriptions (
  tenant_id uuid PRIMARY KEY REFERENCES app.tenants (id) ON DELETE CASCADE,
  plan app.plan_tier NOT NULL,
  seats integer NOT NULL CHECK (seats > 0),
  period tstzrange NOT NULL,
  price_cents integer NOT NULL,
  total_cents bigint GENERATED ALWAYS AS (seats::bigint * price_cents) STORED
);

-- SQL-standard body: parsed when created, dependencies tracked; its statements end in ';'.
CREATE FUNCTION app.seats_used(t uuid) RETURNS bigint
LANGUAGE sql STABLE
BEGIN ATOMIC
  SELECT count(*) FROM app.users WHERE tenant_id = t AND role <> 'viewer';
END;

CREATE FUNCTION app.seats_left(t uuid) RETURNS bigint
LANGUAGE sql STABLE
BEGIN ATOMIC
  SELECT s.seats - app.seats_used(t) FROM app.subscriptions s WHERE s.tenant_id = t;
END;
