// The PostgreSQL lexer: statements split where psql splits them (strings of
// every kind, quoted identifiers, dollar quotes, nested comments, parentheses,
// BEGIN ATOMIC bodies), what is left open, and how statements are classified.
#include "postgres/sql_lexer.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

using migbundle::postgres::is_transaction_control;
using migbundle::postgres::LexProblem;
using migbundle::postgres::next_statement;
using migbundle::postgres::refused_in_transaction;
using migbundle::postgres::StatementSpan;
using migbundle::postgres::transaction_control_name;
using migbundle::postgres::transaction_refusal_name;

namespace {

std::vector<StatementSpan> spans(std::string_view text) {
  std::vector<StatementSpan> all;
  StatementSpan span;
  std::size_t from = 0;
  while (next_statement(text, from, span)) {
    all.push_back(span);
    REQUIRE(span.end > from);  // always progress
    from = span.end;
  }
  return all;
}

/// Each statement's text, as the lexer cuts it.
std::vector<std::string> split(std::string_view text) {
  std::vector<std::string> all;
  for (const StatementSpan& span : spans(text)) {
    CHECK(span.problem == LexProblem::none);
    all.emplace_back(text.substr(span.begin, span.end - span.begin));
  }
  return all;
}

using Texts = std::vector<std::string>;

/// The one span of `text`, which must have `problem` at `offset`.
void check_open(std::string_view text, LexProblem problem, std::size_t offset) {
  INFO(text);
  const std::vector<StatementSpan> all = spans(text);
  REQUIRE(!all.empty());
  const StatementSpan& last = all.back();
  CHECK(last.problem == problem);
  CHECK(last.problem_offset == offset);
  CHECK(last.end == text.size());
}

const char* name_or_none(const char* name) { return name == nullptr ? "(none)" : name; }

}  // namespace

TEST_CASE("statements end at top-level semicolons, spans start at the first token", "[postgres][lexer]") {
  const std::string_view text = "  SELECT 1;\n-- note\nSELECT 2 ;SELECT 3";
  const std::vector<StatementSpan> all = spans(text);
  REQUIRE(all.size() == 3);
  CHECK(all[0].begin == 2);
  CHECK(all[0].end == 11);
  CHECK(text.substr(all[1].begin, all[1].end - all[1].begin) == "SELECT 2 ;");
  CHECK(text.substr(all[2].begin) == "SELECT 3");
  CHECK(all[2].end == text.size());  // no `;`: the text's end
}

TEST_CASE("empty statements, whitespace and comments are stepped over", "[postgres][lexer]") {
  CHECK(split(";;  ;\n-- c\n /* x */ ;SELECT 1;;\n;") == Texts{"SELECT 1;"});
  StatementSpan span;
  CHECK_FALSE(next_statement("", 0, span));
  CHECK_FALSE(next_statement(" \n\t;; -- only a comment", 0, span));
  CHECK_FALSE(next_statement("/* a /* nested */ comment */ ;", 0, span));
  CHECK_FALSE(next_statement("SELECT 1;", 9, span));
  CHECK_FALSE(next_statement("SELECT 1;", 100, span));  // past the end: nothing, no crash
  REQUIRE(next_statement("SELECT 1; SELECT 2;", 9, span));
  CHECK(span.begin == 10);
}

TEST_CASE("plain strings: '' doubles a quote, a backslash is an ordinary character", "[postgres][lexer]") {
  CHECK(split("SELECT 'a;b', 'it''s;'; SELECT 2;") == Texts{"SELECT 'a;b', 'it''s;';", "SELECT 2;"});
  // standard_conforming_strings: 'C:\' is a whole string, so the `;` after it ends the statement.
  CHECK(split("SELECT 'C:\\'; SELECT 2;") == Texts{"SELECT 'C:\\';", "SELECT 2;"});
  CHECK(split("SELECT '';SELECT '''';") == Texts{"SELECT '';", "SELECT '''';"});
}

TEST_CASE("E'' strings take backslash escapes", "[postgres][lexer]") {
  CHECK(split("SELECT E'it\\'s; ok'; SELECT 2;") == Texts{"SELECT E'it\\'s; ok';", "SELECT 2;"});
  CHECK(split("SELECT e'\\\\'; SELECT 2;") == Texts{"SELECT e'\\\\';", "SELECT 2;"});  // an escaped backslash, then the end
  CHECK(split("SELECT E'a''b;'; SELECT 2;") == Texts{"SELECT E'a''b;';", "SELECT 2;"});
  CHECK(split("SELECT E'\\';';") == Texts{"SELECT E'\\';';"});
  // Only where a token starts: `namee` is a name, and '\' after it a plain string.
  CHECK(split("SELECT namee'\\'; SELECT 2;") == Texts{"SELECT namee'\\';", "SELECT 2;"});
  // A number swallows letters glued to it (PostgreSQL 16's integer_junk): not an E'' string.
  CHECK(split("SELECT 1e'\\'; SELECT 2;") == Texts{"SELECT 1e'\\';", "SELECT 2;"});
}

TEST_CASE("U&'', B'', X'' and N'' strings take no backslash escapes, U&\"\" is an identifier", "[postgres][lexer]") {
  CHECK(split("SELECT U&'\\'; SELECT 2;") == Texts{"SELECT U&'\\';", "SELECT 2;"});
  CHECK(split("SELECT u&'d\\0061t;' UESCAPE '!'; SELECT 2;") == Texts{"SELECT u&'d\\0061t;' UESCAPE '!';", "SELECT 2;"});
  CHECK(split("SELECT U&\"a;\"\"b\" FROM t; SELECT 2;") == Texts{"SELECT U&\"a;\"\"b\" FROM t;", "SELECT 2;"});
  CHECK(split("SELECT B'01;', x'1F;', N'n;\\'; SELECT 2;") == Texts{"SELECT B'01;', x'1F;', N'n;\\';", "SELECT 2;"});
  // `u&` without a quote is no string: u, &, then a plain string.
  CHECK(split("SELECT u&'x' ;SELECT u & '\\';") == Texts{"SELECT u&'x' ;", "SELECT u & '\\';"});
}

TEST_CASE("a string continued on a new line keeps its kind", "[postgres][lexer]") {
  // E'a' <newline> '\';' is one E'' string: \' is a quote inside it.
  CHECK(split("SELECT E'a'\n'\\';'; SELECT 2;") == Texts{"SELECT E'a'\n'\\';';", "SELECT 2;"});
  CHECK(split("SELECT E'a' -- note\n  '\\';'; SELECT 2;") == Texts{"SELECT E'a' -- note\n  '\\';';", "SELECT 2;"});
  // On the same line it is no continuation: '\' is a plain string of its own.
  CHECK(split("SELECT E'a' '\\'; SELECT 2;") == Texts{"SELECT E'a' '\\';", "SELECT 2;"});
  // A /* */ comment between does not continue a string either.
  CHECK(split("SELECT E'a' /* c */\n'\\'; SELECT 2;") == Texts{"SELECT E'a' /* c */\n'\\';", "SELECT 2;"});
}

TEST_CASE("quoted identifiers: \"\" doubles a quote", "[postgres][lexer]") {
  CHECK(split("SELECT \"a;\"\"b\" FROM t; SELECT 2;") == Texts{"SELECT \"a;\"\"b\" FROM t;", "SELECT 2;"});
  CHECK(split("CREATE TABLE \"--x\" (\"/*\" int); SELECT 2;") ==
        Texts{"CREATE TABLE \"--x\" (\"/*\" int);", "SELECT 2;"});
  CHECK(split("SELECT '\"'; SELECT \"'\";") == Texts{"SELECT '\"';", "SELECT \"'\";"});
}

TEST_CASE("dollar quotes: $$ and $tag$, closed by the same tag only", "[postgres][lexer]") {
  CHECK(split("SELECT $$a; 'b$$; SELECT 2;") == Texts{"SELECT $$a; 'b$$;", "SELECT 2;"});
  CHECK(split("DO $fn$ BEGIN PERFORM $$;$$; END $fn$; SELECT 2;") ==
        Texts{"DO $fn$ BEGIN PERFORM $$;$$; END $fn$;", "SELECT 2;"});
  // Tags are case-sensitive: $a$ does not close $A$.
  CHECK(split("SELECT $A$ ; $a$ ; $A$; SELECT 2;") == Texts{"SELECT $A$ ; $a$ ; $A$;", "SELECT 2;"});
  // psqlscan.l's own example: a non-matching $junk$ gives back its last $, which then opens $d$.
  CHECK(split("SELECT $d$a;$junk$d$; SELECT 2;") == Texts{"SELECT $d$a;$junk$d$;", "SELECT 2;"});
  CHECK(split("SELECT $_x9$ ; $_x9$; SELECT 2;") == Texts{"SELECT $_x9$ ; $_x9$;", "SELECT 2;"});
  // A lone $ is an operator character.
  CHECK(split("SELECT 5 $ 3; SELECT 2;") == Texts{"SELECT 5 $ 3;", "SELECT 2;"});
}

TEST_CASE("$1 is a parameter, and $ inside a name quotes nothing", "[postgres][lexer]") {
  CHECK(split("PREPARE p AS SELECT $1, $2; SELECT 3;") == Texts{"PREPARE p AS SELECT $1, $2;", "SELECT 3;"});
  // A tag cannot start with a digit: $1$2 is two parameters, not a quote.
  CHECK(split("SELECT $1$2; SELECT 3;") == Texts{"SELECT $1$2;", "SELECT 3;"});
  // After a parameter a quote may start: $1 then $$;$$.
  CHECK(split("SELECT $1 || $$;$$; SELECT 3;") == Texts{"SELECT $1 || $$;$$;", "SELECT 3;"});
  // Names may hold $: a$b$c and x$$ are names.
  CHECK(split("SELECT a$b$c, x$$ FROM t; SELECT 2;") == Texts{"SELECT a$b$c, x$$ FROM t;", "SELECT 2;"});
  // After a number, $$ does open a quote.
  CHECK(split("SELECT 1$$;$$; SELECT 2;") == Texts{"SELECT 1$$;$$;", "SELECT 2;"});
}

TEST_CASE("comments: -- to the line's end, /* */ nesting", "[postgres][lexer]") {
  CHECK(split("SELECT 1 -- ; not the end\n, 2; SELECT 3;") == Texts{"SELECT 1 -- ; not the end\n, 2;", "SELECT 3;"});
  CHECK(split("SELECT 1 /* ; */ , 2; SELECT 3;") == Texts{"SELECT 1 /* ; */ , 2;", "SELECT 3;"});
  // Nested: the first */ closes the inner comment only.
  CHECK(split("/* a /* b */ ; */ SELECT 1;") == Texts{"SELECT 1;"});
  CHECK(split("SELECT 1 /* /* */ ; */ ; SELECT 2;") == Texts{"SELECT 1 /* /* */ ; */ ;", "SELECT 2;"});
  // /*/ opens a comment; its / does not close it.
  CHECK(split("/*/ ; */ SELECT 1;") == Texts{"SELECT 1;"});
  CHECK(split("/* ** ; **/ SELECT 1;") == Texts{"SELECT 1;"});
  // Inside an operator, -- and /* still start comments (psql cuts the operator there).
  CHECK(split("SELECT 2+--1;\n3; SELECT 4;") == Texts{"SELECT 2+--1;\n3;", "SELECT 4;"});
  CHECK(split("SELECT 2+/*;*/3; SELECT 4;") == Texts{"SELECT 2+/*;*/3;", "SELECT 4;"});
  // -- runs to a \r too, and to the end of the text.
  CHECK(split("SELECT 1 --x\r; SELECT 2 -- last") == Texts{"SELECT 1 --x\r;", "SELECT 2 -- last"});
  // Quotes in comments open nothing.
  CHECK(split("-- it's\nSELECT 1; /* \"x $$ */ SELECT 2;") == Texts{"SELECT 1;", "SELECT 2;"});
}

TEST_CASE("a semicolon inside parentheses ends nothing, as in psql", "[postgres][lexer]") {
  CHECK(split("CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2)); SELECT 1;") ==
        Texts{"CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2));",
              "SELECT 1;"});
  // An unmatched ) does not go below zero.
  CHECK(split("SELECT 1); SELECT (2;") == Texts{"SELECT 1);", "SELECT (2;"});
  CHECK(split("SELECT ')' , \"(\" ; SELECT 2;") == Texts{"SELECT ')' , \"(\" ;", "SELECT 2;"});
}

TEST_CASE("BEGIN ATOMIC ... END in CREATE FUNCTION/PROCEDURE holds its semicolons", "[postgres][lexer]") {
  const std::string function =
      "CREATE FUNCTION f() RETURNS int LANGUAGE sql\n"
      "BEGIN ATOMIC\n"
      "  SELECT 1;\n"
      "  SELECT 2;\n"
      "END;";
  CHECK(split(function + "\nSELECT 3;") == Texts{function, "SELECT 3;"});

  const std::string procedure =
      "create or replace procedure p() language sql begin atomic insert into t values (1); end;";
  CHECK(split(procedure + " select 2;") == Texts{procedure, "select 2;"});

  // Comments between the leading words do not hide them.
  const std::string commented = "CREATE /* c */ OR -- x\n REPLACE FUNCTION g() RETURNS int BEGIN ATOMIC SELECT 1; END;";
  CHECK(split(commented + "SELECT 2;") == Texts{commented, "SELECT 2;"});

  // A dollar-quoted body's BEGIN is inside a string.
  const std::string plpgsql =
      "CREATE FUNCTION t() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;";
  CHECK(split(plpgsql + " SELECT 1;") == Texts{plpgsql, "SELECT 1;"});
}

TEST_CASE("CASE ... END inside a BEGIN ATOMIC body does not close it", "[postgres][lexer]") {
  const std::string function =
      "CREATE FUNCTION g(x int) RETURNS int LANGUAGE sql\n"
      "BEGIN ATOMIC\n"
      "  SELECT CASE WHEN x > 0 THEN 1 ELSE CASE WHEN x < 0 THEN -1 ELSE 0 END END;\n"
      "  SELECT 2;\n"
      "END;";
  CHECK(split(function + "\nSELECT 3;") == Texts{function, "SELECT 3;"});
  // Outside a body, CASE ... END is just an expression.
  const std::string returns = "CREATE FUNCTION h(x int) RETURNS int LANGUAGE sql RETURN CASE WHEN x > 0 THEN 1 END;";
  CHECK(split(returns + " SELECT 2;") == Texts{returns, "SELECT 2;"});
}

TEST_CASE("BEGIN and END count only in CREATE FUNCTION/PROCEDURE, outside parentheses", "[postgres][lexer]") {
  CHECK(split("BEGIN; SELECT 1; END;") == Texts{"BEGIN;", "SELECT 1;", "END;"});
  CHECK(split("CREATE TABLE t (a int); BEGIN; COMMIT;") == Texts{"CREATE TABLE t (a int);", "BEGIN;", "COMMIT;"});
  // A parameter named begin sits in parentheses: it opens nothing.
  const std::string begin_parameter = "CREATE FUNCTION f(begin int) RETURNS int LANGUAGE sql RETURN 1;";
  CHECK(split(begin_parameter + " SELECT 2;") == Texts{begin_parameter, "SELECT 2;"});
  // A quoted "begin" is no keyword.
  const std::string quoted = "CREATE FUNCTION \"begin\"() RETURNS int LANGUAGE sql RETURN 1;";
  CHECK(split(quoted + " SELECT 2;") == Texts{quoted, "SELECT 2;"});
  // CREATE TRIGGER ... BEGIN is SQLite's syntax, not tracked here (as psql).
  CHECK(split("CREATE TRIGGER x BEGIN SELECT 1; END;") == Texts{"CREATE TRIGGER x BEGIN SELECT 1;", "END;"});
  // The tracking ends with the statement: the next one starts afresh.
  CHECK(split("CREATE FUNCTION f() RETURNS int BEGIN ATOMIC SELECT 1; END; BEGIN; SELECT 2;") ==
        Texts{"CREATE FUNCTION f() RETURNS int BEGIN ATOMIC SELECT 1; END;", "BEGIN;", "SELECT 2;"});
}

TEST_CASE("words are case-insensitive", "[postgres][lexer]") {
  const std::string mixed = "CrEaTe FuNcTiOn f() RETURNS int bEgIn AtOmIc SELECT 1; eNd;";
  CHECK(split(mixed + " SELECT 2;") == Texts{mixed, "SELECT 2;"});
}

TEST_CASE("what is left open is reported where it begins", "[postgres][lexer]") {
  check_open("SELECT 1;\nSELECT 'abc;\nSELECT 2;", LexProblem::unterminated_string, 17);
  check_open("SELECT E'abc\\';", LexProblem::unterminated_string, 7);
  check_open("SELECT E'abc\\", LexProblem::unterminated_string, 7);  // a backslash just before the end
  check_open("SELECT U&'x", LexProblem::unterminated_string, 7);
  check_open("SELECT b'01", LexProblem::unterminated_string, 7);
  check_open("SELECT 'it''s", LexProblem::unterminated_string, 7);
  check_open("SELECT 'a'\n'b;", LexProblem::unterminated_string, 11);  // the continuation left open
  check_open("SELECT \"abc; SELECT 2;", LexProblem::unterminated_quoted_identifier, 7);
  check_open("SELECT U&\"abc", LexProblem::unterminated_quoted_identifier, 7);
  check_open("SELECT $tag$ body; $TAG$ $tag ;", LexProblem::unterminated_dollar_quote, 7);
  check_open("SELECT 1;\nDO $$ BEGIN", LexProblem::unterminated_dollar_quote, 13);
  check_open("SELECT 1 /* a */ /* b /* c */ still open", LexProblem::unterminated_comment, 17);

  // A comment left open where a statement would start is a span of its own, starting there.
  const std::string_view text = "SELECT 1;\n/* open /* nested */ ;";
  const std::vector<StatementSpan> all = spans(text);
  REQUIRE(all.size() == 2);
  CHECK(all[0].problem == LexProblem::none);
  CHECK(all[1].begin == 10);
  CHECK(all[1].problem == LexProblem::unterminated_comment);
  CHECK(all[1].problem_offset == 10);
  CHECK(all[1].end == text.size());

  // The span of an open statement starts at its first token, not where the problem is.
  StatementSpan span;
  REQUIRE(next_statement("  SELECT 'x", 0, span));
  CHECK(span.begin == 2);
  CHECK(span.problem_offset == 9);
}

TEST_CASE("a migration as people write them", "[postgres][lexer]") {
  const std::string text =
      "-- migbundle: no-transaction\n"
      "CREATE TABLE users (\n"
      "  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
      "  name text NOT NULL DEFAULT 'it''s; fine',\n"
      "  note text CHECK (note <> E'\\';')\n"
      ");\n"
      "COMMENT ON TABLE users IS $c$people; and \"such\"$c$;\n"
      "CREATE OR REPLACE FUNCTION users_count() RETURNS bigint LANGUAGE sql STABLE\n"
      "BEGIN ATOMIC\n"
      "  SELECT count(*) FROM users WHERE name <> ';';\n"
      "END;\n"
      "/* done; /* really */ */\n";
  const Texts statements = split(text);
  REQUIRE(statements.size() == 3);
  CHECK(statements[0].rfind("CREATE TABLE users (", 0) == 0);
  CHECK(statements[1] == "COMMENT ON TABLE users IS $c$people; and \"such\"$c$;");
  CHECK(statements[2].rfind("CREATE OR REPLACE FUNCTION", 0) == 0);
  CHECK(statements[2].substr(statements[2].size() - 4) == "END;");
}

TEST_CASE("transaction control, by its leading keywords", "[postgres][lexer]") {
  struct Case {
    const char* statement;
    const char* name;  // nullptr: not transaction control
  };
  const Case cases[] = {
      {"BEGIN;", "BEGIN"},
      {"begin work", "BEGIN"},
      {"BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE;", "BEGIN"},
      {"BEGIN ATOMIC SELECT 1; END", nullptr},
      {"begin /* c */ atomic", nullptr},
      {"START TRANSACTION;", "START TRANSACTION"},
      {"start -- x\n transaction read only", "START TRANSACTION"},
      {"START", nullptr},
      {"COMMIT", "COMMIT"},
      {"commit and chain;", "COMMIT"},
      {"COMMIT PREPARED 'tx1';", "COMMIT PREPARED"},
      {"END;", "END"},
      {"end transaction", "END"},
      {"ABORT", "ABORT"},
      {"ROLLBACK;", "ROLLBACK"},
      {"rollback work", "ROLLBACK"},
      {"ROLLBACK AND CHAIN", "ROLLBACK"},
      {"ROLLBACK PREPARED 'tx1'", "ROLLBACK PREPARED"},
      {"ROLLBACK TO SAVEPOINT s;", nullptr},
      {"ROLLBACK TO s", nullptr},
      {"ROLLBACK WORK TO SAVEPOINT s", nullptr},
      {"rollback transaction to s", nullptr},
      {"ROLLBACK /* c */ TO -- x\n SAVEPOINT s", nullptr},
      {"PREPARE TRANSACTION 'tx1';", "PREPARE TRANSACTION"},
      {"PREPARE transaction AS SELECT 1", nullptr},  // a prepared statement named `transaction`
      {"PREPARE p (int) AS SELECT $1", nullptr},
      {"SAVEPOINT s", nullptr},
      {"RELEASE SAVEPOINT s", nullptr},
      {"SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", nullptr},
      {"/* lead */ -- x\n  COMMIT", "COMMIT"},
      {"\"commit\"", nullptr},
      {"SELECT 'BEGIN'", nullptr},
      {"BEGINNING", nullptr},
      {"COMMITTED", nullptr},
      {"", nullptr},
      {"-- only a comment", nullptr},
      {"CREATE FUNCTION f() RETURNS int BEGIN ATOMIC SELECT 1; END;", nullptr},
  };
  for (const Case& c : cases) {
    INFO(c.statement);
    CHECK(std::string(name_or_none(transaction_control_name(c.statement))) == name_or_none(c.name));
    CHECK(is_transaction_control(c.statement) == (c.name != nullptr));
  }
}

TEST_CASE("statements PostgreSQL refuses in a transaction block", "[postgres][lexer]") {
  struct Case {
    const char* statement;
    const char* name;  // nullptr: runs in a transaction
  };
  const Case cases[] = {
      {"CREATE INDEX CONCURRENTLY i ON t (x);", "CREATE INDEX CONCURRENTLY"},
      {"create unique index concurrently if not exists i on t (x)", "CREATE INDEX CONCURRENTLY"},
      {"CREATE /* c */ INDEX -- x\n CONCURRENTLY i ON t (x)", "CREATE INDEX CONCURRENTLY"},
      {"CREATE INDEX i ON t (x)", nullptr},
      {"CREATE INDEX concurrently_named ON t (x)", nullptr},
      {"DROP INDEX CONCURRENTLY IF EXISTS i", "DROP INDEX CONCURRENTLY"},
      {"DROP INDEX i", nullptr},
      {"REINDEX TABLE CONCURRENTLY t", "REINDEX CONCURRENTLY"},
      {"reindex index concurrently i", "REINDEX CONCURRENTLY"},
      {"REINDEX (VERBOSE) TABLE CONCURRENTLY t", "REINDEX CONCURRENTLY"},
      {"REINDEX (CONCURRENTLY) INDEX i", "REINDEX CONCURRENTLY"},
      {"REINDEX (VERBOSE, CONCURRENTLY true) TABLE t", "REINDEX CONCURRENTLY"},
      {"REINDEX (CONCURRENTLY false) INDEX i", nullptr},
      {"REINDEX (CONCURRENTLY off, VERBOSE) INDEX i", nullptr},
      {"REINDEX TABLE t", nullptr},
      {"REINDEX SCHEMA s", "REINDEX SCHEMA"},
      {"REINDEX DATABASE d", "REINDEX DATABASE"},
      {"REINDEX SYSTEM", "REINDEX SYSTEM"},
      {"CREATE DATABASE d", "CREATE DATABASE"},
      {"DROP DATABASE IF EXISTS d", "DROP DATABASE"},
      {"CREATE TABLESPACE ts LOCATION '/x'", "CREATE TABLESPACE"},
      {"DROP TABLESPACE ts", "DROP TABLESPACE"},
      {"ALTER TABLESPACE ts RENAME TO u", nullptr},
      {"VACUUM", "VACUUM"},
      {"vacuum (analyze, verbose) t", "VACUUM"},
      {"ANALYZE t", nullptr},
      {"ALTER SYSTEM SET work_mem = '64MB'", "ALTER SYSTEM"},
      {"CREATE SUBSCRIPTION s CONNECTION 'x' PUBLICATION p", "CREATE SUBSCRIPTION"},
      {"DROP SUBSCRIPTION s", "DROP SUBSCRIPTION"},
      {"ALTER DATABASE d SET TABLESPACE ts", "ALTER DATABASE ... SET TABLESPACE"},
      {"alter database \"My DB\" set tablespace ts", "ALTER DATABASE ... SET TABLESPACE"},
      {"ALTER DATABASE d SET search_path TO app", nullptr},
      {"ALTER DATABASE d RENAME TO e", nullptr},
      {"CLUSTER", "CLUSTER without a table"},
      {"CLUSTER;", "CLUSTER without a table"},
      {"cluster verbose", "CLUSTER without a table"},
      {"CLUSTER (VERBOSE)", "CLUSTER without a table"},
      {"CLUSTER t", nullptr},
      {"CLUSTER VERBOSE t USING i", nullptr},
      {"CLUSTER (VERBOSE) t", nullptr},
      {"ALTER TABLE p DETACH PARTITION c CONCURRENTLY", "ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY"},
      {"ALTER TABLE IF EXISTS s.p DETACH PARTITION s.\"c 1\" CONCURRENTLY;",
       "ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY"},
      {"ALTER TABLE p DETACH PARTITION c", nullptr},
      {"ALTER TABLE p DETACH PARTITION c FINALIZE", nullptr},
      {"ALTER TABLE t ADD COLUMN concurrently_seen int", nullptr},
      {"DISCARD ALL", "DISCARD ALL"},
      {"DISCARD PLANS", nullptr},
      {"SELECT 'VACUUM'", nullptr},
      {"\"vacuum\"", nullptr},
      {"-- VACUUM\nSELECT 1", nullptr},
      {"", nullptr},
  };
  for (const Case& c : cases) {
    INFO(c.statement);
    CHECK(std::string(name_or_none(transaction_refusal_name(c.statement))) == name_or_none(c.name));
    CHECK(refused_in_transaction(c.statement) == (c.name != nullptr));
  }
}

TEST_CASE("classification of a span's text, as the runtime and the lint use it", "[postgres][lexer]") {
  const std::string_view text =
      "CREATE TABLE t (x int);\n"
      "CREATE INDEX CONCURRENTLY t_x ON t (x);\n"
      "ROLLBACK TO SAVEPOINT s;\n"
      "COMMIT;\n";
  const std::vector<StatementSpan> all = spans(text);
  REQUIRE(all.size() == 4);
  const auto statement = [&](std::size_t i) { return text.substr(all[i].begin, all[i].end - all[i].begin); };
  CHECK_FALSE(refused_in_transaction(statement(0)));
  CHECK(refused_in_transaction(statement(1)));
  CHECK_FALSE(is_transaction_control(statement(2)));
  CHECK(is_transaction_control(statement(3)));
}
