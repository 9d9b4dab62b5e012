-- A new enum value; it may not be used in this transaction, so 0009 uses it.
ALTER TYPE app.plan_tier ADD VALUE 'enterprise' AFTER 'business';
