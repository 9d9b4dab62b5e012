-- Text that looks like the end of a raw literal must not end it.
INSERT INTO notes (body) VALUES (')sql"'), ('R"sql(x)sql"'), ('??/'), ('back\slash');
