-- A backfill in a DO block: products without stock rows get one, then cheap ones are archived.
DO $backfill$
DECLARE
  n integer;
BEGIN
  INSERT INTO shop.stock (product_id)
    SELECT id FROM shop.products p WHERE NOT EXISTS (SELECT 1 FROM shop.stock s WHERE s.product_id = p.id);
  GET DIAGNOSTICS n = ROW_COUNT;
  RAISE NOTICE 'added % stock rows', n;
END
$backfill$;

UPDATE shop.products SET archived = true WHERE price_cents < 500;
