// `migbundle schema --dir DIR [--out FILE | --check FILE]`: the schema the
// migrations give, as a reviewable text file kept beside them; --check fails
// (with a diff) when that file is stale, so a review shows what each
// migration does to the schema.
#include "commands.hpp"
#include "schema_snapshot.hpp"

#include <migbundle/generator/normalize.hpp>
#include <migbundle/generator/write_file.hpp>

#include <fstream>
#include <iterator>
#include <ostream>

namespace migbundle::gen {

bool run_schema(const SchemaOptions& options, std::ostream& out, std::ostream& err) {
  if (options.out && options.check) {
    throw UsageError("--out writes the schema file and --check compares it: give one of them");
  }
  const SchemaSnapshot snapshot = take_schema_snapshot(options.directory, options.layout, options.extensions, err);
  const std::string text = render_schema_file(snapshot);
  if (options.out) {
    const bool changed = write_if_changed(*options.out, text);
    out << *options.out << ": " << snapshot.objects.size() << " schema object(s) from " << snapshot.migrations
        << " migration(s)" << (changed ? "" : ", unchanged") << '\n';
    return true;
  }
  if (!options.check) {
    out << text;
    return true;
  }
  const std::string regenerate = "migbundle schema --dir " + options.directory + " --out " + *options.check;
  std::ifstream in(*options.check, std::ios::binary);
  if (!in) {
    err << *options.check << ": error: the schema file does not exist; write it with `" << regenerate
        << "` and commit it\n";
    return false;
  }
  std::string on_disk((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // A checkout with CRLF line endings, or an editor's byte-order mark, holds the same schema.
  const std::string normalized = normalize_text(on_disk);
  if (normalized == text) {
    out << *options.check << ": up to date (" << snapshot.objects.size() << " schema object(s) from "
        << snapshot.migrations << " migration(s))\n";
    return true;
  }
  int first_line = 1;
  const std::string diff = line_diff(normalized, text, first_line);
  err << *options.check << ':' << first_line << ":1: error: stale: the schema the migrations in "
      << options.directory << " give differs from this file (- in the file, + from the migrations). "
      << "If the change is meant, regenerate it with `" << regenerate << "` and commit it\n"
      << diff;
  return false;
}

}  // namespace migbundle::gen
