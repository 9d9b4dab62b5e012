-- migbundle: no-transaction
CREATE INDEX CONCURRENTLY users_email_key_idx ON app.users (email_key);
