/* The audit log, partitioned by month; old partitions are detached and archived
   by a job (not here; see ops/runbooks/audit.md). */
CREATE TABLE app.audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY,
  tenant_id uuid NOT NULL,
  actor_id bigint,
  action text NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}',
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id, at)
) PARTITION BY RANGE (at);

CREATE TABLE app.audit_log_2024_01 PARTITION OF app.audit_log FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');
CREATE TABLE app.audit_log_2024_02 PARTITION OF app.audit_log FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');
CREATE TABLE app.audit_log_2024_03 PARTITION OF app.audit_log FOR VALUES FROM ('2024-03-01') TO ('2024-04-01');
CREATE TABLE app.audit_log_default PARTITION OF app.audit_log DEFAULT;
CREATE INDEX audit_log_tenant_at ON app.audit_log (tenant_id, at DESC);

-- Every change to a user is written to the audit log; the detail keeps the changed columns.
CREATE FUNCTION app.audit_user_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = app, pg_temp AS $audit$
DECLARE
  changed jsonb := '{}';
  key text;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    FOR key IN SELECT jsonb_object_keys(to_jsonb(NEW)) LOOP
      IF to_jsonb(NEW) -> key IS DISTINCT FROM to_jsonb(OLD) -> key THEN
        changed := changed || jsonb_build_object(key, to_jsonb(NEW) -> key);
      END IF;
    END LOOP;
  ELSIF TG_OP = 'INSERT' THEN
    changed := to_jsonb(NEW);
  END IF;
  INSERT INTO audit_log (tenant_id, action, detail)
    VALUES (coalesce(NEW.tenant_id, OLD.tenant_id), lower(TG_OP) || ' user', changed);
  RETURN NULL;  -- AFTER trigger: the result is ignored; "$$" and ';' in a comment are fine
END;
$audit$;

CREATE TRIGGER users_audit AFTER INSERT OR UPDATE ON app.users
  FOR EACH ROW EXECUTE FUNCTION app.audit_user_change();
