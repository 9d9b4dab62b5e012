-- Tenant isolation: the application sets app.tenant_id per request (SET LOCAL app.tenant_id = '...').
CREATE FUNCTION app.current_tenant() RETURNS uuid
LANGUAGE sql STABLE
RETURN nullif(current_setting('app.tenant_id', true), '')::uuid;

ALTER TABLE app.users ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.users FORCE ROW LEVEL SECURITY;

CREATE POLICY users_tenant_isolation ON app.users
  USING (tenant_id = app.current_tenant())
  WITH CHECK (tenant_id = app.current_tenant());
