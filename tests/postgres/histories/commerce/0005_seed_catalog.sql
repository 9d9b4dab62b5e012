INSERT INTO shop.products (sku, title, description, price_cents, tags) VALUES
  ('MUG-01', 'Mug', E'Stoneware; 350\u00a0ml', 1200, '{kitchen,gift}'),
  ('TEE-M', 'T-shirt (M)', 'Cotton; "classic" fit', 2500, '{apparel}'),
  ('PEN-3', 'Pens, 3-pack', $d$Blue; black; red$d$, 450, '{office}');

INSERT INTO shop.stock (product_id, on_hand)
SELECT id, CASE sku WHEN 'MUG-01' THEN 40 WHEN 'TEE-M' THEN 12 ELSE 300 END FROM shop.products;
