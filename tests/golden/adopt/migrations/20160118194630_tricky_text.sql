-- +goose Up
-- +goose StatementBegin
/* A comment that ends */ INSERT INTO notes (body) VALUES ('say "hi"'), ('back\slash */ "}, {"'), (')sql"');
-- +goose StatementEnd

-- +goose Down
DELETE FROM notes;
