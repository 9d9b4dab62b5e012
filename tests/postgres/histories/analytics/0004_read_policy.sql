-- Rows of internal sources are hidden from everyone but the table's owner.
ALTER TABLE analytics.daily_active ENABLE ROW LEVEL SECURITY;

CREATE POLICY daily_active_public ON analytics.daily_active
  FOR SELECT TO PUBLIC
  USING (source <> 'internal');
