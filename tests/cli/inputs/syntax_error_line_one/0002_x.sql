CREATE TABLE c (x,,);
