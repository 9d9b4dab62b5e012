/* A tiny SQLite extension for the --load-extension tests: registers
 * normalize(text), an application function a migration may call (lowercase,
 * blanks collapsed to one, trimmed). Built as a loadable module. */
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

static void normalize_function(sqlite3_context* context, int argc, sqlite3_value** argv) {
  const unsigned char* text;
  int size, i, length = 0, blank = 0;
  char* out;
  (void)argc;
  text = sqlite3_value_text(argv[0]);
  if (text == 0) {
    sqlite3_result_null(context);
    return;
  }
  size = sqlite3_value_bytes(argv[0]);
  out = sqlite3_malloc(size + 1);
  if (out == 0) {
    sqlite3_result_error_nomem(context);
    return;
  }
  for (i = 0; i < size; ++i) {
    unsigned char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      blank = length > 0;
      continue;
    }
    if (blank) out[length++] = ' ';
    blank = 0;
    out[length++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  sqlite3_result_text(context, out, length, sqlite3_free);
}

#ifdef _WIN32
__declspec(dllexport)
#endif
int sqlite3_extension_init(sqlite3* db, char** error, const sqlite3_api_routines* api) {
  (void)error;
  SQLITE_EXTENSION_INIT2(api);
  return sqlite3_create_function(db, "normalize", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, 0, normalize_function, 0, 0);
}
