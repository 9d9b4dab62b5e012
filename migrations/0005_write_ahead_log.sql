-- migbundle: no-transaction
-- The journal mode cannot change inside a transaction. WAL lets the app read
-- while a writer commits; the setting is stored in the database file.
PRAGMA journal_mode = WAL;
