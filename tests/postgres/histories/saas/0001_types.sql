-- A multi-tenant SaaS: tenants, their users, subscriptions, an audit trail.
-- Everything lives in schema "app"; the tracking table stays in public.
CREATE SCHEMA app;

CREATE TYPE app.plan_tier AS ENUM ('free', 'team', 'business');
CREATE TYPE app.user_role AS ENUM ('owner', 'admin', 'member', 'viewer');

-- An email domain: no citext; comparisons go through the lower-cased generated column.
CREATE DOMAIN app.email_address AS text
  CHECK (VALUE ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$');

COMMENT ON DOMAIN app.email_address IS 'an address; not verified; see users.email_verified_at';
