/* ends */ DELETE FROM notes WHERE body = ')sql" \\ ??/';
DROP TABLE notes;
