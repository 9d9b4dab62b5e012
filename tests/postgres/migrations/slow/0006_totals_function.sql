CREATE FUNCTION paid_total() RETURNS numeric LANGUAGE plpgsql STABLE AS $$
DECLARE
  t numeric;
BEGIN
  SELECT sum(total) INTO t FROM orders WHERE status = 'paid';
  RETURN coalesce(t, 0);
END;
$$;
SELECT pg_sleep(0.2);
INSERT INTO ledger (migration) VALUES (6);
