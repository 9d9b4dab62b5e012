-- Full-text search over titles and descriptions ('simple': no stemming; titles are brand names).
ALTER TABLE shop.products
  ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', coalesce(title, '')), 'A') ||
    setweight(to_tsvector('simple', coalesce(description, '')), 'B')
  ) STORED;

CREATE INDEX products_search ON shop.products USING gin (search);
CREATE INDEX products_tags ON shop.products USING gin (tags);
