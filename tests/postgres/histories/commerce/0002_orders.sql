CREATE TYPE shop.order_state AS ENUM ('cart', 'placed', 'paid', 'shipped', 'cancelled');

CREATE TABLE shop.orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_email text NOT NULL,
  state shop.order_state NOT NULL DEFAULT 'cart',
  placed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT orders_placed_has_time CHECK (state = 'cart' OR placed_at IS NOT NULL)
);

CREATE TABLE shop.order_items (
  order_id bigint NOT NULL REFERENCES shop.orders (id) ON DELETE CASCADE,
  product_id bigint NOT NULL REFERENCES shop.products (id),
  quantity integer NOT NULL CHECK (quantity > 0),
  unit_cents integer NOT NULL,
  PRIMARY KEY (order_id, product_id)
);

CREATE INDEX order_items_product ON shop.order_items (product_id);
