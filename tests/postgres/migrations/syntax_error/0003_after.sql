CREATE TABLE after_broken (id integer);
