// See two_tu_first.cpp.
#include "demo_migrations.hpp"

const migbundle::Bundle* bundle_in_second_unit() { return &demo::db::bundle; }
