-- Three statements; the third is broken.
CREATE TABLE gadgets (id integer PRIMARY KEY);
INSERT INTO widgets (id, label) VALUES (1, 'one; still one');
INSERT INTO widgets (id, label)
  -- the next line is wrong
  VALUES (2) WHERE label = 'two';
CREATE TABLE never_created (id integer);
