// The lint's PostgreSQL rules, on statements as psql splits them: the same
// lexer the PostgreSQL runtime runs (runtime/postgres/sql_lexer.hpp), so a
// file the lint passes is cut into the statements the runtime will send.
#include "lint_rules.hpp"

#include <migbundle/bundle.hpp>

#include "postgres/sql_lexer.hpp"

#include <string>

namespace migbundle::gen {
namespace {

namespace pg = ::migbundle::postgres;

/// The `$tag$` that opens the dollar quote at `offset`.
std::string dollar_tag(std::string_view text, std::size_t offset) {
  const std::size_t close = text.find('$', offset + 1);
  return std::string(text.substr(offset, close == std::string_view::npos ? 1 : close + 1 - offset));
}

std::string left_open(pg::LexProblem problem, std::string_view text, std::size_t offset) {
  switch (problem) {
    case pg::LexProblem::unterminated_string:
      return "unterminated string: PostgreSQL would read the rest of the file into it. Close it with `'` "
             "(a quote inside a string is written `''`, or `\\'` in an E'' string)";
    case pg::LexProblem::unterminated_quoted_identifier:
      return "unterminated quoted identifier: PostgreSQL would read the rest of the file into it. Close it "
             "with `\"` (a `\"` inside it is written `\"\"`)";
    case pg::LexProblem::unterminated_dollar_quote: {
      const std::string tag = dollar_tag(text, offset);
      return "unterminated dollar quote `" + tag + "`: PostgreSQL would read the rest of the file into it. "
             "Close it with the same `" + tag + "` (tags are case-sensitive)";
    }
    case pg::LexProblem::unterminated_comment:
      return "unterminated comment: PostgreSQL would read the rest of the file into it. Close it with "
             "`*/`; PostgreSQL's comments nest, so every `/*` inside it needs its own `*/` too";
    case pg::LexProblem::none:
      break;
  }
  return "";
}

/// Why `name` breaks the transaction migbundle runs a migration in.
std::string why_control_breaks(const std::string& name) {
  if (name == "BEGIN" || name == "START TRANSACTION") {
    return "PostgreSQL does not nest transactions (this `" + name +
           "` only warns), and the COMMIT that usually follows it would commit the migration before migbundle "
           "records it";
  }
  if (name == "ROLLBACK" || name == "ABORT") {
    return "this `" + name + "` would roll it back, and the statements after it would run outside any transaction";
  }
  if (name == "PREPARE TRANSACTION") {
    return "this `" + name + "` would hand the migration's transaction to two-phase commit, leaving it unfinished";
  }
  if (name == "COMMIT PREPARED" || name == "ROLLBACK PREPARED") {
    return "PostgreSQL refuses `" + name + "` inside a transaction block";
  }
  return "this `" + name + "` would commit the migration half-done, and the statements after it would run outside "
         "any transaction";
}

}  // namespace

void lint_postgres_statements(const MigrationSource& m, std::vector<Diagnostic>& problems) {
  const std::string_view text = m.text;
  const auto report = [&](std::size_t offset, std::string message) {
    const LintPosition at = lint_position(text, offset);
    problems.push_back({m.display_path, at.line, at.column, Severity::error, std::move(message)});
  };
  const bool in_transaction = (m.flags & flag_no_transaction) == 0;
  std::size_t statements = 0;
  pg::StatementSpan span;
  for (std::size_t from = 0; pg::next_statement(text, from, span); from = span.end) {
    const std::string_view statement = text.substr(span.begin, span.end - span.begin);
    // A comment left open after the last statement is a span of its own, but no statement.
    const bool only_open_comment =
        span.problem == pg::LexProblem::unterminated_comment && span.problem_offset == span.begin;
    if (!only_open_comment) ++statements;

    if (const char* control = pg::transaction_control_name(statement)) {
      const std::string name = control;
      if (in_transaction) {
        report(span.begin, "`" + name + "` inside a migration: migbundle runs each migration in its own transaction; " +
                               why_control_breaks(name) +
                               ". Delete this statement (a statement PostgreSQL refuses inside a transaction block "
                               "goes into a migration of its own, with `-- migbundle: no-transaction` at its top)");
      } else {
        report(span.begin, "`" + name + "` in a no-transaction migration: such a migration is one statement that "
                               "PostgreSQL runs on its own, and transaction control there would leave a transaction "
                               "open or end none. Delete this statement");
      }
    } else if (const char* refused = pg::transaction_refusal_name(statement); refused != nullptr && in_transaction) {
      report(span.begin, "`" + std::string(refused) +
                             "` cannot run inside a transaction block, and migbundle runs each migration in one. Add "
                             "`-- migbundle: no-transaction` at the top of the file, and keep this statement alone "
                             "in it (a no-transaction migration holds exactly one statement)");
    }
    if (!in_transaction && statements == 2 && !only_open_comment) {
      report(span.begin,
             "a second statement in a no-transaction migration: PostgreSQL runs the statements of one query string "
             "as one implicit transaction, where statements such as CREATE INDEX CONCURRENTLY fail, so a "
             "no-transaction migration must hold exactly one statement. Split it into one migration per statement");
    }
    if (span.problem != pg::LexProblem::none) {
      report(span.problem_offset, left_open(span.problem, text, span.problem_offset));
      break;  // the rest of the text belongs to what was left open
    }
  }
}

}  // namespace migbundle::gen
