CREATE TABLE notes (body TEXT);
INSERT INTO notes VALUES ('say "hi" )sql" */ back\slash ??= $$');
