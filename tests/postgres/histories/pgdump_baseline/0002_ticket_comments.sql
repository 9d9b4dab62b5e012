-- After the baseline, written as developers write: unqualified names, the default search_path.
CREATE TABLE ticket_comments (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ticket_id bigint NOT NULL REFERENCES tickets (id),
  body text NOT NULL
);
INSERT INTO tickets (title) VALUES ('first ticket');
SELECT close_ticket(1);
