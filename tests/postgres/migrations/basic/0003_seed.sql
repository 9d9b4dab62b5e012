INSERT INTO accounts (email, "Display Name") VALUES
  ('  Alice@Example.COM ', 'Alice; the first'),
  ('bob@example.com', E'Bob\nSecond line');
