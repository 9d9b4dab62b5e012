CREATE MATERIALIZED VIEW shop.daily_sales AS
  SELECT date_trunc('day', o.placed_at) AS day, p.sku, sum(oi.quantity) AS units,
         sum(oi.quantity * oi.unit_cents) AS cents
  FROM shop.orders o
  JOIN shop.order_items oi ON oi.order_id = o.id
  JOIN shop.products p ON p.id = oi.product_id
  WHERE o.state IN ('paid', 'shipped')
  GROUP BY 1, 2
WITH DATA;

CREATE UNIQUE INDEX daily_sales_day_sku ON shop.daily_sales (day, sku);
COMMENT ON MATERIALIZED VIEW shop.daily_sales IS $c$refreshed nightly: REFRESH MATERIALIZED VIEW CONCURRENTLY shop.daily_sales;$c$;
