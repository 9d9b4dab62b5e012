#include <migbundle/generator/layout.hpp>

#include <utility>

namespace migbundle::gen {
namespace {

constexpr std::pair<Layout, std::string_view> names[] = {
    {Layout::automatic, "auto"},   {Layout::migbundle, "migbundle"},
    {Layout::drizzle, "drizzle"},  {Layout::wrangler, "wrangler"},
    {Layout::sqlx, "sqlx"},        {Layout::goose, "goose"},
    {Layout::dbmate, "dbmate"},    {Layout::golang_migrate, "golang-migrate"},
    {Layout::diesel, "diesel"},    {Layout::flyway, "flyway"},
    {Layout::prisma, "prisma"},    {Layout::maragudk, "maragudk"},
    {Layout::popx, "popx"},        {Layout::sql_migrate, "sql-migrate"},
};

}  // namespace

const std::vector<std::string_view>& layout_names() {
  static const std::vector<std::string_view> all = [] {
    std::vector<std::string_view> listed;
    for (const auto& [layout, name] : names) listed.push_back(name);
    return listed;
  }();
  return all;
}

std::string_view layout_name(Layout layout) {
  for (const auto& [known, name] : names) {
    if (known == layout) return name;
  }
  return "migbundle";
}

std::optional<Layout> layout_from_name(std::string_view name) {
  for (const auto& [layout, known] : names) {
    if (known == name) return layout;
  }
  return std::nullopt;
}

}  // namespace migbundle::gen
