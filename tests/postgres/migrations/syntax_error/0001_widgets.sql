CREATE TABLE widgets (id integer PRIMARY KEY, label text NOT NULL);
