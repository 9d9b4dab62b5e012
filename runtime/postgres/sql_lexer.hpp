// PostgreSQL's statement boundaries, found on the client: strings ('', E'',
// U&''), quoted identifiers, dollar-quoted bodies ($$ and $tag$), nested
// /* */ comments, -- comments, and the BEGIN ATOMIC ... END body of a
// SQL-standard function, as psql splits a file. The one PostgreSQL lexer:
// the runtime (which statement failed, no-transaction checks) and the
// generator's lint share it. No heap, no exceptions, no libpq.
#pragma once

#include <cstddef>
#include <string_view>

namespace migbundle::postgres {

/// Something the lexer found open at the end of the text.
enum class LexProblem : unsigned char {
  none,
  unterminated_string,             ///< '...', E'...', U&'...', B'...', X'...'
  unterminated_quoted_identifier,  ///< "..."
  unterminated_dollar_quote,       ///< $$... or $tag$...
  unterminated_comment,            ///< /* ... (comments nest)
};

/// One statement of a text.
struct StatementSpan {
  std::size_t begin = 0;  ///< offset of its first token (after whitespace and comments)
  std::size_t end = 0;    ///< one past its terminating `;`, or the text's size when it has none
  LexProblem problem = LexProblem::none;  ///< what was left open (then `end` is the text's size)
  std::size_t problem_offset = 0;         ///< where that string, identifier, quote or comment began
};

/// Finds the first statement at or after `from`. Empty statements (a lone
/// `;`, whitespace, comments) are stepped over, as PostgreSQL does. Returns
/// false when only whitespace, comments and `;` remain. A `/*` left open
/// where the next statement would start is a span of its own (`begin` at the
/// `/*`, problem unterminated_comment): psql would send it, and the server
/// would refuse it.
///
/// As psql splits a file (src/fe_utils/psqlscan.l, PostgreSQL 16): a `;`
/// ends a statement only outside parentheses and, in a statement that starts
/// CREATE [OR REPLACE] FUNCTION/PROCEDURE, outside BEGIN ... END (CASE ...
/// END counted inside one). Plain '' strings take no backslash escapes
/// (standard_conforming_strings on). A string continued on a later line
/// ('a'<newline>'b') keeps its kind, E'' included. psql's own meta-commands
/// (`\i`, `:var`) are no part of SQL and are not interpreted.
[[nodiscard]] bool next_statement(std::string_view text, std::size_t from, StatementSpan& out) noexcept;

/// Whether `statement` (a span's text) is transaction control that would
/// end or nest the transaction a migration runs in: BEGIN (not BEGIN ATOMIC),
/// START TRANSACTION, COMMIT, END, ROLLBACK (not ROLLBACK TO [SAVEPOINT]),
/// ABORT, PREPARE TRANSACTION, COMMIT PREPARED, ROLLBACK PREPARED.
[[nodiscard]] bool is_transaction_control(std::string_view statement) noexcept;

/// The statement's transaction-control command in capitals ("BEGIN", "START
/// TRANSACTION", "COMMIT PREPARED", ...), or nullptr when it is none.
[[nodiscard]] const char* transaction_control_name(std::string_view statement) noexcept;

/// Whether PostgreSQL refuses `statement` inside a transaction block, so that
/// its migration needs `-- migbundle: no-transaction`: CREATE/DROP INDEX
/// CONCURRENTLY, REINDEX ... CONCURRENTLY, CREATE/DROP DATABASE, CREATE/DROP
/// TABLESPACE, VACUUM, ALTER SYSTEM, CREATE SUBSCRIPTION, DROP SUBSCRIPTION,
/// ALTER DATABASE ... SET TABLESPACE, CLUSTER without a table, DETACH PARTITION
/// ... CONCURRENTLY; also REINDEX SCHEMA/DATABASE/SYSTEM and DISCARD ALL.
/// Leading keywords are read case-insensitively, comments between them skipped.
[[nodiscard]] bool refused_in_transaction(std::string_view statement) noexcept;

/// What refused_in_transaction() found, in capitals ("CREATE INDEX
/// CONCURRENTLY", "VACUUM", ...), or nullptr when PostgreSQL runs the statement
/// in a transaction block.
[[nodiscard]] const char* transaction_refusal_name(std::string_view statement) noexcept;

}  // namespace migbundle::postgres
