INSERT INTO users (email) VALUES ('Ada@Example.com'), ('semi;colon@example.com');
