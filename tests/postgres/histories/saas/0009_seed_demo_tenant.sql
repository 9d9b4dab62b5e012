INSERT INTO app.tenants (id, slug, name, plan)
VALUES ('00000000-0000-4000-8000-000000000001', 'demo-co', E'Demo Co.\tLtd; "the" demo', 'enterprise');

INSERT INTO app.subscriptions (tenant_id, plan, seats, period, price_cents)
VALUES ('00000000-0000-4000-8000-000000000001', 'enterprise', 25,
        tstzrange('2024-01-01 00:00+00', '2025-01-01 00:00+00'), 1900);

-- RLS is forced on users: the seed sets the tenant for this transaction only.
SELECT set_config('app.tenant_id', '00000000-0000-4000-8000-000000000001', true);
INSERT INTO app.users (tenant_id, email, display_name, role)
VALUES ('00000000-0000-4000-8000-000000000001', 'Owner@Demo.example', 'O''Brien; owner', 'owner'),
       ('00000000-0000-4000-8000-000000000001', 'viewer@demo.example', 'Vi', 'viewer');
