// Where the statements of a migration start, found without SQLite: the lint
// relies on the splits (only top-level `;` ends a statement), the positions
// (line and column, one column per UTF-8 character) and the upper-cased words.
#include <migbundle/generator/sql_statements.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using migbundle::gen::statement_starts;
using migbundle::gen::StatementStart;

namespace {

using Words = std::vector<std::string>;

/// The first word of each statement, to see where the text was split.
std::vector<std::string> first_words(const std::vector<StatementStart>& starts) {
  std::vector<std::string> words;
  for (const StatementStart& s : starts) words.push_back(s.words.empty() ? std::string() : std::string(s.words.front()));
  return words;
}

}  // namespace

TEST_CASE("statements split at top-level semicolons, with their offsets", "[statements]") {
  const std::string text = "CREATE TABLE a (x);\nINSERT INTO a VALUES (1);  DROP TABLE a;\n";
  const auto starts = statement_starts(text);
  REQUIRE(starts.size() == 3);
  CHECK(first_words(starts) == std::vector<std::string>{"CREATE", "INSERT", "DROP"});
  CHECK(starts[0].offset == 0);
  CHECK(starts[1].offset == text.find("INSERT"));
  CHECK(starts[2].offset == text.find("DROP"));
  CHECK(starts[0].line == 1);
  CHECK(starts[0].column == 1);
  CHECK(starts[1].line == 2);
  CHECK(starts[1].column == 1);
  CHECK(starts[2].line == 2);
  CHECK(starts[2].column == 28);
}

TEST_CASE("the last statement needs no semicolon; stray semicolons start nothing", "[statements]") {
  const auto starts = statement_starts(";;\n  SELECT 1;;\n;SELECT 2");
  REQUIRE(starts.size() == 2);
  CHECK(starts[0].line == 2);
  CHECK(starts[0].column == 3);
  CHECK(starts[1].line == 3);
  CHECK(starts[1].column == 2);
  CHECK(starts[1].words.strings() == Words{"SELECT", "2"});
}

TEST_CASE("words are upper-cased, punctuation kept as words, at most a few", "[statements]") {
  const auto starts = statement_starts("pragma Main.Journal_Mode = wal;\nselect a, b, c, d, e, f, g from t;");
  REQUIRE(starts.size() == 2);
  CHECK(starts[0].words.strings() == Words{"PRAGMA", "MAIN", ".", "JOURNAL_MODE", "=", "WAL"});
  CHECK(starts[1].words.size() == 6);
  CHECK(starts[1].words.front() == "SELECT");
  CHECK(starts[1].words[1] == "A");
  CHECK(starts[1].words[2] == ",");
  CHECK(statement_starts("PRAGMA journal_mode(WAL)").front().words.strings() ==
        Words{"PRAGMA", "JOURNAL_MODE", "(", "WAL", ")"});
}

TEST_CASE("a word longer than the words keep is cut, and equals no keyword", "[statements]") {
  // Held inline, at most word_bytes + 1 bytes a word: a cut word is longer
  // than every keyword, so `journal_mode_...` cannot pass for JOURNAL_MODE.
  const std::string long_name = "journal_mode_and_then_a_much_longer_name";
  const auto starts = statement_starts("PRAGMA " + long_name + " = wal;");
  REQUIRE(starts.size() == 1);
  const auto words = starts[0].words;
  REQUIRE(words.size() == 4);
  CHECK(words[1].size() == migbundle::gen::StatementWords::word_bytes + 1);
  CHECK(words[1] == "JOURNAL_MODE_AND_THEN_A_");
  CHECK(words[1] != "JOURNAL_MODE");
  CHECK(words[3] == "WAL");
}

TEST_CASE("a semicolon inside a string does not end the statement", "[statements]") {
  const auto starts = statement_starts("INSERT INTO t VALUES ('a;b', 'it''s; here');\nSELECT 2;");
  REQUIRE(starts.size() == 2);
  CHECK(first_words(starts) == std::vector<std::string>{"INSERT", "SELECT"});
  CHECK(starts[1].line == 2);
  CHECK(starts[1].column == 1);
}

TEST_CASE("a doubled quote is an escape, not the end of the string", "[statements]") {
  // Were '' read as end-and-start, `;` would sit outside a string and split here.
  const auto starts = statement_starts("SELECT ''';''';\nSELECT '''';SELECT 3;");
  REQUIRE(starts.size() == 3);
  CHECK(starts[1].line == 2);
  CHECK(starts[1].column == 1);
  CHECK(starts[2].line == 2);
  CHECK(starts[2].column == 13);
}

TEST_CASE("semicolons inside quoted identifiers do not end the statement", "[statements]") {
  const std::string text =
      "CREATE TABLE \"a;b\" (\"x\"\";\" INTEGER);\n"
      "CREATE TABLE `c;d` (`y``;` INTEGER);\n"
      "CREATE TABLE [e;f] ([z;] INTEGER);\n"
      "SELECT 4;";
  const auto starts = statement_starts(text);
  REQUIRE(starts.size() == 4);
  for (std::size_t i = 0; i < starts.size(); ++i) {
    INFO("statement " << i);
    CHECK(starts[i].line == static_cast<int>(i) + 1);
    CHECK(starts[i].column == 1);
  }
  CHECK(first_words(starts) == std::vector<std::string>{"CREATE", "CREATE", "CREATE", "SELECT"});
}

TEST_CASE("a statement may start with a quoted identifier", "[statements]") {
  const auto starts = statement_starts("SELECT 1;\n  \"t\";");
  REQUIRE(starts.size() == 2);
  CHECK(starts[1].line == 2);
  CHECK(starts[1].column == 3);
  CHECK(starts[1].words.front() == "\"");
}

TEST_CASE("semicolons and keywords inside comments are ignored", "[statements]") {
  const std::string text =
      "-- BEGIN; COMMIT;\n"
      "/* a block; with\n"
      "   BEGIN; several; lines */ CREATE TABLE t (x); -- trailing; comment\n"
      "/* unterminated; comment at the end";
  const auto starts = statement_starts(text);
  REQUIRE(starts.size() == 1);
  CHECK(starts[0].words.front() == "CREATE");
  CHECK(starts[0].line == 3);
  CHECK(starts[0].column == 29);
}

TEST_CASE("a comment inside a statement does not split or start one", "[statements]") {
  const auto starts = statement_starts("SELECT 1 -- not; the end\n  , 2 /* ; */ ;\nSELECT 3;");
  REQUIRE(starts.size() == 2);
  CHECK(starts[1].line == 3);
  CHECK(starts[1].column == 1);
}

TEST_CASE("only whitespace and comments yield no statement", "[statements]") {
  CHECK(statement_starts("").empty());
  CHECK(statement_starts("  \n\t\r\n").empty());
  CHECK(statement_starts("-- nothing here\n/* nor; here */\n-- last line without newline").empty());
}

TEST_CASE("a trigger body with several statements is one statement", "[statements]") {
  const std::string text =
      "CREATE TRIGGER log_insert AFTER INSERT ON t\n"
      "BEGIN\n"
      "  INSERT INTO log VALUES (NEW.x);\n"
      "  UPDATE counters SET n = n + 1;\n"
      "  DELETE FROM queue WHERE id = NEW.x;\n"
      "END;\n"
      "CREATE INDEX t_x ON t (x);\n";
  const auto starts = statement_starts(text);
  REQUIRE(starts.size() == 2);
  CHECK(first_words(starts) == std::vector<std::string>{"CREATE", "CREATE"});
  CHECK(starts[0].words[1] == "TRIGGER");
  CHECK(starts[1].words[1] == "INDEX");
  CHECK(starts[1].line == 7);
  CHECK(starts[1].column == 1);
}

TEST_CASE("CASE ... END inside a trigger body does not close it", "[statements]") {
  const std::string text =
      "CREATE TRIGGER grade AFTER UPDATE ON scores FOR EACH ROW\n"
      "BEGIN\n"
      "  UPDATE scores SET grade = CASE WHEN NEW.points > 90 THEN 'A'\n"
      "                                 WHEN NEW.points > 80 THEN CASE NEW.bonus WHEN 1 THEN 'A' ELSE 'B' END\n"
      "                                 ELSE 'C' END WHERE id = NEW.id;\n"
      "  INSERT INTO audit VALUES (NEW.id, 'end; of story');\n"
      "END;\n"
      "SELECT 'after';";
  const auto starts = statement_starts(text);
  REQUIRE(starts.size() == 2);
  CHECK(starts[1].words.strings() == Words{"SELECT", "'"});
  CHECK(starts[1].line == 8);
  CHECK(starts[1].column == 1);
}

TEST_CASE("CREATE TEMP TRIGGER and lower-case triggers are recognised", "[statements]") {
  for (const char* create : {"CREATE TEMP TRIGGER", "create temporary trigger", "Create Trigger If Not Exists"}) {
    INFO(create);
    const std::string text = std::string(create) +
                             " tr AFTER DELETE ON t BEGIN DELETE FROM u WHERE t_id = OLD.id; "
                             "INSERT INTO gone VALUES (OLD.id); end;\nSELECT 1;";
    const auto starts = statement_starts(text);
    REQUIRE(starts.size() == 2);
    CHECK(starts[0].words.front() == "CREATE");
    CHECK(starts[1].line == 2);
    CHECK(starts[1].column == 1);
  }
}

TEST_CASE("the statement after a trigger starts cleanly", "[statements]") {
  // A CASE ... END after the trigger must not be taken for a trigger body.
  const auto starts = statement_starts(
      "CREATE TRIGGER a AFTER INSERT ON t BEGIN SELECT 1; END;\nSELECT CASE 1 WHEN 1 THEN 2 END; SELECT 3;");
  REQUIRE(starts.size() == 3);
  CHECK(starts[2].line == 2);
  CHECK(starts[2].column == 34);
}

TEST_CASE("columns count UTF-8 characters, not bytes", "[statements]") {
  // "é" is 2 bytes, "€" 3, "😀" 4: each one column.
  const std::string text = "SELECT 'é€😀'; SELECT 2;\n\"ü\" ; SELECT 3;";
  const auto starts = statement_starts(text);
  REQUIRE(starts.size() == 4);
  CHECK(starts[1].line == 1);
  CHECK(starts[1].column == 15);
  CHECK(starts[1].offset == text.find("SELECT 2"));
  CHECK(starts[2].line == 2);
  CHECK(starts[2].column == 1);
  CHECK(starts[3].line == 2);
  CHECK(starts[3].column == 7);
}

TEST_CASE("CRLF text keeps lines and columns", "[statements]") {
  const auto starts = statement_starts("SELECT 1;\r\n  SELECT 2;\r\n");
  REQUIRE(starts.size() == 2);
  CHECK(starts[1].line == 2);
  CHECK(starts[1].column == 3);
}

TEST_CASE("a column named \"end\" does not close a trigger body", "[statements]") {
  // Valid SQLite: `end` is a keyword that may name a column. The body ends at the END right after a `;`.
  const std::string text =
      "CREATE TABLE spans (id INTEGER PRIMARY KEY, start, end);\n"
      "CREATE TRIGGER spans_fix AFTER INSERT ON spans BEGIN\n"
      "  UPDATE spans SET end = start WHERE id = NEW.id AND NEW.end < NEW.start;\n"
      "  INSERT INTO log VALUES (NEW.end, CASE WHEN NEW.end IS NULL THEN 'open' ELSE 'closed' END);\n"
      "END;\n"
      "SELECT 1;";
  const auto starts = statement_starts(text);
  REQUIRE(starts.size() == 3);
  CHECK(starts[1].line == 2);
  CHECK(starts[2].line == 6);
  CHECK(starts[2].words.strings() == Words{"SELECT", "1"});
}

TEST_CASE("a column or table named \"trigger\" does not start a trigger body", "[statements]") {
  const std::string text =
      "CREATE TABLE events (id INTEGER PRIMARY KEY, trigger TEXT);\n"
      "CREATE INDEX events_by_trigger ON events (trigger);\n"
      "CREATE TABLE trigger (x);\n"
      "COMMIT;";
  const auto starts = statement_starts(text);
  REQUIRE(starts.size() == 4);
  CHECK(first_words(starts) == std::vector<std::string>{"CREATE", "CREATE", "CREATE", "COMMIT"});
  CHECK(starts[3].line == 4);
}

// Found by fuzz_sql_statements (seeds regress-vertical-tab*): SQLite's
// tokenizer takes '\v' for white space only where it continues white space
// that began with a space, tab, newline, CR or form feed; elsewhere it is a
// token of its own (an illegal one), where a statement starts.
TEST_CASE("a vertical tab is white space to SQLite only after other white space", "[statements]") {
  const auto lone = statement_starts("SELECT 1;\vND;\n");
  REQUIRE(lone.size() == 2);
  CHECK(lone[1].offset == 9);  // the '\v' itself
  const auto after_newline = statement_starts("SELECT 1;\n\vBEGIN;\n");
  REQUIRE(after_newline.size() == 2);
  CHECK(after_newline[1].offset == 11);  // BEGIN: SQLite runs it, so the lint must see it
  CHECK(after_newline[1].words.front() == "BEGIN");
  const auto after_comment = statement_starts("SELECT 1;/* c */\vSELECT 2;\n");
  REQUIRE(after_comment.size() == 2);
  CHECK(after_comment[1].offset == 16);
}

// Found by fuzz_sql_statements (seed regress-dollar-in-name): `$` is an
// identifier character to SQLite, so `TRIGGER$` names something and starts no trigger body.
TEST_CASE("a name with a dollar is not a keyword", "[statements]") {
  const auto starts = statement_starts("CREATE TEMP TRIGGER$ x; SELECT 1; END;\nSELECT 2;");
  REQUIRE(starts.size() == 4);
  CHECK(starts[0].words.strings().at(2) == "TRIGGER$");
}

// Found by fuzz_sql_statements (seed regress-explain-trigger): as
// sqlite3_complete() reads it, EXPLAIN and any tokens may come before CREATE TRIGGER.
TEST_CASE("EXPLAIN, then any tokens, then CREATE TRIGGER opens a trigger body", "[statements]") {
  const auto starts = statement_starts("EXPLAIN QUERY PLAN a b c d e CREATE TEMP TRIGGER t AFTER INSERT ON x BEGIN "
                                       "SELECT 1; SELECT 2; END;\nSELECT 3;");
  REQUIRE(starts.size() == 2);
  CHECK(starts[1].words.strings().at(0) == "SELECT");
}

// Found by fuzz_sql_statements (seed regress-byte-order-mark): SQLite's
// tokenizer takes a byte-order mark where a token would start for white
// space, anywhere in the text; inside a name it is part of the name.
TEST_CASE("a byte-order mark between statements is white space", "[statements]") {
  const auto starts = statement_starts("SELECT 1;\n\xEF\xBB\xBF" "BEGIN;\nSELECT x\xEF\xBB\xBFy;");
  REQUIRE(starts.size() == 3);
  CHECK(starts[1].offset == 13);
  CHECK(starts[1].words.front() == "BEGIN");
}
