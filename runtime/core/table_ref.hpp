// Where the tracking table lives, as the runtime writes it into SQL and messages.
#pragma once

#include <migbundle/table_name.hpp>

namespace migbundle {

/// Where the tracking table lives: `"<schema>"."<name>"`, both valid table names.
struct TableRef {
  const char* schema;
  const char* name;
};

}  // namespace migbundle
