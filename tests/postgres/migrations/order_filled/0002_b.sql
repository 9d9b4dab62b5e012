CREATE TABLE b (id integer);
