VACUUM;
-- migbundle: no-transaction
