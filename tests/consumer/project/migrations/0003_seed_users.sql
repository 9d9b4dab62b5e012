INSERT INTO users (email) VALUES ('ada@example.com');
INSERT INTO users (email) VALUES ('semi;colon@example.com');
