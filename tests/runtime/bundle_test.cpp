// Bundle format 5 itself: the Migration layout firmware pays flash for, its
// accessors, and the one hex encoder of checksums.
#include <migbundle/bundle.hpp>

#include "support/owned_bundle.hpp"

#include <catch2/catch.hpp>

#include <cstddef>
#include <string>
#include <type_traits>

using migbundle::Migration;

namespace {

// An aggregate of plain members: a generated array of them is constant-initialised, in read-only memory.
static_assert(std::is_aggregate_v<Migration>);
static_assert(std::is_trivially_copyable_v<Migration> && std::is_standard_layout_v<Migration>);
// 64 bytes where int64 is 8-byte aligned on a 64-bit machine (x86-64), 56 on 32-bit Arm (AAPCS: the
// firmware image asserts that); the checksum's 33 are the last member.
static_assert(alignof(std::int64_t) != 8 || sizeof(void*) != 8 || sizeof(Migration) == 64, "a Migration is 64 bytes");

// The file name, then the SQL: one literal; the checksum a literal of its own, as the generator writes them.
constexpr char text_12[] =
    "0012_add_index.sql"
    "CREATE INDEX i ON t (x);\n";
constexpr Migration add_index{12, migbundle::migration_sizes_and_flags(sizeof text_12 - 1 - 18, 18, 5, 9, 0), text_12,
                              "\000\001\177\200\376\377\012\240\000\000\000\000\000\000\000\000"
                              "\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000"};
static_assert(file_of(add_index) == "0012_add_index.sql");
static_assert(name_of(add_index) == "add_index");
static_assert(sql_of(add_index) == "CREATE INDEX i ON t (x);\n");
static_assert(migbundle::checksum_hex(add_index).view() ==
              "00017f80feff0aa0000000000000000000000000000000000000000000000000");
static_assert(migbundle::checksum_hex(add_index).text[64] == '\0');

constexpr char text_empty[] = "7_e.sql";
constexpr Migration empty{7, migbundle::migration_sizes_and_flags(0, 7, 2, 1, 0), text_empty,
                          "................................"};
static_assert(name_of(empty) == "e" && sql_of(empty).empty() && file_of(empty) == "7_e.sql");

// Other tools' layouts put the name elsewhere in the file name (format 3 keeps its length).
constexpr char text_diesel[] = "2018-01-14-171611_create_tables/up.sqlCREATE TABLE t (x);\n";
constexpr Migration diesel{20180114171611, migbundle::migration_sizes_and_flags(19, 38, 18, 13, 0), text_diesel,
                           "................................"};
static_assert(name_of(diesel) == "create_tables" && file_of(diesel) == "2018-01-14-171611_create_tables/up.sql");

// The sizes and flags share one word, each field in its own bits: the largest value of each reads
// back alone, next to zeros and next to the others' largest values.
constexpr char text_wide[512] = {};  // room for a 255-byte name at offset 255, in a constant expression
constexpr Migration widest{1, migbundle::migration_sizes_and_flags(0xffffffffu, 0xff, 0xff, 0xff, 0xff), text_wide, ""};
static_assert(migbundle::sql_size_of(widest) == 0xffffffffu && migbundle::file_size_of(widest) == 0xff &&
              migbundle::name_offset_of(widest) == 0xff && migbundle::name_size_of(widest) == 0xff &&
              name_of(widest).size() == 0xff &&
              migbundle::flags_of(widest) == 0xff);
static_assert(migbundle::migration_sizes_and_flags(0, 0, 0, 0, migbundle::flag_baseline) == 0x02'00'00'00'00000000u);
static_assert(migbundle::migration_sizes_and_flags(0x1398, 0x17, 0x06, 0x0d, 0x01) == 0x01'0d'06'17'00001398u);
constexpr Migration flagged{2, migbundle::migration_sizes_and_flags(0, 7, 2, 1, migbundle::flag_no_transaction), text_empty,
                            ""};
static_assert(migbundle::flags_of(flagged) == migbundle::flag_no_transaction && sql_of(flagged).empty() &&
              file_of(flagged) == "7_e.sql" && name_of(flagged) == "e");

}  // namespace

TEST_CASE("checksum_hex spells every byte value in lowercase hex", "[bundle]") {
  migbundle_test::OwnedBundle bundle;
  for (int first = 0; first < 256; first += 32) {
    migbundle_test::Checksum checksum{};
    std::string expected;
    for (int i = 0; i < 32; ++i) {
      checksum[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(first + i);
      static constexpr char digits[] = "0123456789abcdef";
      expected += digits[(first + i) >> 4];
      expected += digits[(first + i) & 0x0f];
    }
    const Migration& m = bundle.add({first + 1, std::to_string(first + 1) + "_bytes.sql", checksum, "", 0});
    INFO(expected);
    CHECK(migbundle::checksum_hex(m).view() == expected);
    CHECK(std::string(migbundle::checksum_hex(m).text) == expected);  // NUL-terminated
  }
}

TEST_CASE("the test bundle lays migrations out as the generator does", "[bundle]") {
  migbundle_test::OwnedBundle bundle;
  bundle.add({20240101120000, "20240101120000_add_users.sql", migbundle_test::checksum_a, "SELECT 1;", 0});
  const Migration& m = bundle[0];
  CHECK(file_of(m) == "20240101120000_add_users.sql");
  CHECK(name_of(m) == "add_users");
  CHECK(sql_of(m) == "SELECT 1;");
  // One array, the file name then the SQL; the checksum in the entry.
  CHECK(checksum_of(m) == m.checksum);
  CHECK(file_of(m).data() == m.text);
  CHECK(sql_of(m).data() == m.text + migbundle::file_size_of(m));
  CHECK(migbundle::checksum_hex(m).view() == std::string(64, 'a'));
  CHECK_THROWS(bundle.add({1, "step.sql", migbundle_test::checksum_a, "", 0}));  // not `<digits>_<name>.sql`
}
