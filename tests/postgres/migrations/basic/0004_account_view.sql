CREATE VIEW account_summary AS
  SELECT id, email, describe(id) AS description FROM accounts;
