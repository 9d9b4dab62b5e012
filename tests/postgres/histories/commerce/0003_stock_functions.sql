-- Reserving stock for an order: all items or none; a shortage names the SKU.
CREATE FUNCTION shop.reserve_stock(p_order bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  item record;
BEGIN
  FOR item IN
    SELECT oi.product_id, oi.quantity, p.sku
    FROM shop.order_items oi JOIN shop.products p ON p.id = oi.product_id
    WHERE oi.order_id = p_order
    ORDER BY oi.product_id  -- a fixed order: no deadlocks between two reservations
  LOOP
    BEGIN
      UPDATE shop.stock SET reserved = reserved + item.quantity WHERE product_id = item.product_id;
    EXCEPTION WHEN check_violation THEN
      RAISE EXCEPTION 'not enough stock for %', item.sku
        USING ERRCODE = 'P0001', HINT = 'restock it; or remove it from the order';
    END;
  END LOOP;
END;
$$;

CREATE FUNCTION shop.order_total(p_order bigint) RETURNS shop.money_amount
LANGUAGE sql STABLE AS $$
  SELECT ROW('EUR', coalesce(sum(quantity * unit_cents), 0))::shop.money_amount
  FROM shop.order_items WHERE order_id = p_order;
$$;

-- A procedure with a SQL-standard body.
CREATE PROCEDURE shop.cancel_stale_carts(older_than interval)
LANGUAGE sql
BEGIN ATOMIC
  UPDATE shop.orders SET state = 'cancelled' WHERE state = 'cart' AND created_at < now() - older_than;
END;
