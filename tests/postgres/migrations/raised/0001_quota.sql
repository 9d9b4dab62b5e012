CREATE TABLE quota (id integer);
INSERT INTO quota VALUES (1), (2), (3);
