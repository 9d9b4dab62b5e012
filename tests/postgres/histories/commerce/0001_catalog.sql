-- An online shop: catalog, carts and orders, stock, search.
CREATE SCHEMA shop;

CREATE TYPE shop.money_amount AS (currency char(3), cents bigint);

CREATE TABLE shop.products (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sku text NOT NULL UNIQUE,
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  price_cents integer NOT NULL CHECK (price_cents >= 0),
  vat_rate numeric(4, 3) NOT NULL DEFAULT 0.200,
  -- Stored, so that price filters can use an index.
  gross_cents integer GENERATED ALWAYS AS (round(price_cents * (1 + vat_rate))::integer) STORED,
  tags text[] NOT NULL DEFAULT '{}',
  archived boolean NOT NULL DEFAULT false
);

CREATE TABLE shop.stock (
  product_id bigint PRIMARY KEY REFERENCES shop.products (id),
  on_hand integer NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
  reserved integer NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  CONSTRAINT stock_reserved_le_on_hand CHECK (reserved <= on_hand)
);
