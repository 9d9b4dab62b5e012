CREATE TABLE audit (id integer);
INSERT INTO audit VALUES (1);
INSERT INTO users VALUES (2, 'b@example.com'), (3, 'a@example.com');
