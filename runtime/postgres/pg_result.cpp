#include "postgres/pg_result.hpp"

#include "core/fixed_writer.hpp"

namespace migbundle::postgres {

std::int64_t PgResult::integer(int row, int column) const noexcept {
  const std::string_view value = text(row, column);
  if (value == "t") return 1;
  if (value == "f") return 0;
  std::size_t i = 0;
  const bool negative = !value.empty() && value[0] == '-';
  if (negative) i = 1;
  // Accumulate negatively so that INT64_MIN parses without overflow.
  std::int64_t n = 0;
  for (; i < value.size() && value[i] >= '0' && value[i] <= '9'; ++i) n = n * 10 - (value[i] - '0');
  return negative ? n : -n;
}

IntText::IntText(std::int64_t value) noexcept { FixedWriter(text, sizeof text) << value; }

}  // namespace migbundle::postgres
