-- header comment
-- migbundle: no-transactoin
VACUUM;
