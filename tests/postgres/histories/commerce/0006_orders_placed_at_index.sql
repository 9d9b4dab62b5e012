-- migbundle: no-transaction
-- Built without blocking writes to a busy table.
CREATE INDEX CONCURRENTLY orders_placed_at ON shop.orders (placed_at) WHERE state <> 'cart';
