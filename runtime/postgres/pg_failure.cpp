#include "postgres/pg_failure.hpp"

#include <string_view>

namespace migbundle::postgres {
namespace {

/// Detail and hint can be long (a whole row's values): each is cut so that
/// the report keeps room for where the database stands.
constexpr std::size_t longest_part = 200;

std::string_view bounded(const char* text) noexcept {
  const std::string_view view = one_line(text);
  return view.size() > longest_part ? view.substr(0, longest_part) : view;
}

}  // namespace

std::string_view one_line(const char* text) noexcept {
  std::string_view view = text != nullptr ? text : "";
  while (!view.empty() && (view.back() == '\n' || view.back() == ' ')) view.remove_suffix(1);
  const std::size_t newline = view.find('\n');
  return newline == std::string_view::npos ? view : view.substr(0, newline);
}

/// `text`, ending with one `.`, then a space.
void write_sentence(MessageWriter& out, std::string_view text) noexcept {
  out << text << (!text.empty() && text.back() == '.' ? " " : ". ");
}

void write_pg_error(MessageWriter& out, ReportWriter& report, PGconn* connection, const PGresult* result) noexcept {
  const char* sqlstate = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  if (sqlstate != nullptr) report.set_sqlstate(sqlstate);
  const char* primary = result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  if ((primary == nullptr || *primary == '\0') && result != nullptr) primary = PQresultErrorMessage(result);
  if (primary == nullptr || *primary == '\0') primary = PQerrorMessage(connection);
  std::string_view text = bounded(primary);
  if (text.empty()) text = "the connection failed";
  out << text;
  if (sqlstate != nullptr) out << " (SQLSTATE " << sqlstate << ')';
}

void write_pg_details(MessageWriter& out, const PGresult* result) noexcept {
  if (result == nullptr) return;
  const char* detail = PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL);
  if (detail != nullptr) {
    out << "DETAIL: ";
    write_sentence(out, bounded(detail));
  }
  const char* hint = PQresultErrorField(result, PG_DIAG_MESSAGE_HINT);
  if (hint != nullptr) {
    out << "HINT: ";
    write_sentence(out, bounded(hint));
  }
}

MessageWriter write_pg_failure(ReportWriter& report, PGconn* connection, const PGresult* result,
                               const Migration* m, const char* what) noexcept {
  MessageWriter out = report.message(m);
  if (m != nullptr) out << "migration " << m->id << ' ';
  out << what << ": ";
  write_pg_error(out, report, connection, result);
  out << ". ";
  write_pg_details(out, result);
  return out;
}

}  // namespace migbundle::postgres
