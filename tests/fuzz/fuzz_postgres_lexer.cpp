// libFuzzer: the PostgreSQL lexer (runtime/postgres/sql_lexer.hpp), shared by
// the PostgreSQL runtime and the generator's lint, on any text. No server:
// the invariants are the lexer's own contract, checked against itself.
//   (1) Never a crash, and next_statement() always moves on: spans are in
//       order, do not overlap, and lie inside the text.
//   (2) A span starts at a token (not white space, not a comment, unless it
//       is an unterminated comment's own span), and a span with no problem
//       ends just after a `;` or at the text's end; one with a problem runs to
//       the text's end, and its problem lies inside it.
//   (3) A statement alone lexes as itself: each clean span, cut out, is
//       exactly one span again, from its first byte to its end (no state from
//       the text before it leaks in: dollar quotes, E'' strings, nested
//       comments, parentheses and BEGIN ATOMIC all close inside it).
//   (4) What follows a statement does not change it: the first span of the
//       text cut just after the first clean span is that span.
//   (5) transaction_control_name() and transaction_refusal_name() of a span
//       do not change when a comment and white space are appended to it.
#include "postgres/sql_lexer.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

using migbundle::postgres::LexProblem;
using migbundle::postgres::next_statement;
using migbundle::postgres::StatementSpan;

[[noreturn]] void violated(const char* what, std::string_view text, std::size_t at) {
  std::fprintf(stderr, "fuzz_postgres_lexer: %s at offset %zu in:\n%.*s\n", what, at, static_cast<int>(text.size()),
               text.data());
  std::abort();
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::vector<StatementSpan> spans_of(std::string_view text) {
  std::vector<StatementSpan> spans;
  std::size_t from = 0;
  StatementSpan span;
  while (next_statement(text, from, span)) {
    if (span.begin < from || span.end <= span.begin || span.end > text.size()) violated("(1) a span out of place", text, span.begin);
    spans.push_back(span);
    from = span.end;
  }
  return spans;
}

bool same_name(const char* a, const char* b) { return (a == nullptr) == (b == nullptr) && (a == nullptr || std::strcmp(a, b) == 0); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size < 4096 ? size : 4096);
  const std::vector<StatementSpan> spans = spans_of(text);
  for (const StatementSpan& span : spans) {
    const char first = text[span.begin];
    const bool comment_start = text.compare(span.begin, 2, "--") == 0 || text.compare(span.begin, 2, "/*") == 0;
    if (is_space(first) || first == ';' || (comment_start && span.problem != LexProblem::unterminated_comment)) {
      violated("(2) a span that does not start at a token", text, span.begin);
    }
    if (span.problem == LexProblem::none) {
      if (span.end != text.size() && text[span.end - 1] != ';') violated("(2) a clean span not ended by ';'", text, span.end);
    } else if (span.end != text.size() || span.problem_offset < span.begin || span.problem_offset >= text.size()) {
      violated("(2) a problem span that does not run to the end", text, span.begin);
    }
    if (span.problem != LexProblem::none) continue;
    const std::string_view alone = std::string_view(text).substr(span.begin, span.end - span.begin);
    const std::vector<StatementSpan> again = spans_of(alone);
    if (again.size() != 1 || again[0].begin != 0 || again[0].end != alone.size() || again[0].problem != LexProblem::none) {
      violated("(3) a statement alone does not lex as itself", text, span.begin);
    }
    const std::string padded = std::string(alone) + " /* appended */ \n-- and\n";
    using namespace migbundle::postgres;
    if (!same_name(transaction_control_name(alone), transaction_control_name(padded)) ||
        !same_name(transaction_refusal_name(alone), transaction_refusal_name(padded)) ||
        is_transaction_control(alone) != is_transaction_control(padded) ||
        refused_in_transaction(alone) != refused_in_transaction(padded)) {
      violated("(5) a trailing comment changes what a statement is", text, span.begin);
    }
  }
  if (!spans.empty() && spans[0].problem == LexProblem::none) {
    StatementSpan first;
    const std::string_view cut = std::string_view(text).substr(0, spans[0].end);
    if (!next_statement(cut, 0, first) || first.begin != spans[0].begin || first.end != spans[0].end) {
      violated("(4) the text after a statement changes it", text, spans[0].begin);
    }
  }
  return 0;
}
