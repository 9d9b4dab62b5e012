-- migbundle: no-transaction
-- VACUUM refuses to run inside a transaction.
VACUUM;
