// The `migbundle` command: parses options and maps errors to exit codes.
// The work itself is in the generator library, which the tests link directly.
#include <migbundle/generator/diagnostic.hpp>
#include <migbundle/generator/generate.hpp>

#include <migbundle/bundle.hpp>

#include <boost/program_options.hpp>

#include <algorithm>

#include <iostream>
#include <string>
#include <vector>

namespace po = boost::program_options;
using namespace migbundle::gen;

namespace {

constexpr int exit_ok = 0;
constexpr int exit_migrations = 1;  // a problem in the migrations (or outputs out of date with --check)
constexpr int exit_usage = 2;

const char* const usage_text =
    "usage: migbundle <command> [options]\n"
    "\n"
    "commands:\n"
    "  generate   embed a migrations directory into a C++ header\n"
    "\n"
    "Run `migbundle <command> --help` for a command's options.\n"
    "Exit codes: 0 success, 1 a problem in the migrations, 2 wrong usage.\n";

po::variables_map parse(const po::options_description& options, const std::vector<std::string>& arguments) {
  po::variables_map values;
  po::store(po::command_line_parser(arguments).options(options).run(), values);
  po::notify(values);
  return values;
}

int run_generate(const std::vector<std::string>& arguments) {
  po::options_description options("migbundle generate --dir DIR --out FILE.hpp --namespace NS [options]");
  std::string directory, header, source, cpp_namespace;
  options.add_options()
      ("dir", po::value(&directory)->required(), "directory holding the <digits>_<name>.sql files")
      ("out", po::value(&header)->required(), "header to write")
      ("namespace", po::value(&cpp_namespace)->required(), "C++ namespace of the bundle, e.g. app::db")
      ("source", po::value(&source), "put the SQL data into this .cpp file; the header then only declares it")
      ("check", "write nothing; exit 1 when an output would change (for CI)")
      ("help", "show this help");
  if (std::find(arguments.begin(), arguments.end(), "--help") != arguments.end()) {
    std::cout << options;
    return exit_ok;
  }
  const po::variables_map values = parse(options, arguments);
  GenerateOptions generate_options;
  generate_options.directory = directory;
  generate_options.header = header;
  if (!source.empty()) generate_options.source = source;
  generate_options.cpp_namespace = cpp_namespace;
  generate_options.check_only = values.count("check") > 0;
  const GenerateResult result = generate(generate_options);
  if (generate_options.check_only && !result.up_to_date) {
    std::cerr << header << ": error: out of date with " << directory
              << "; run `migbundle generate` without --check and commit the result\n";
    return exit_migrations;
  }
  return exit_ok;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> arguments(argv + 1, argv + argc);
  try {
    if (arguments.empty()) {
      std::cerr << usage_text;
      return exit_usage;
    }
    const std::string& command = arguments.front();
    const std::vector<std::string> rest(arguments.begin() + 1, arguments.end());
    if (command == "--help" || command == "-h" || command == "help") {
      std::cout << usage_text;
      return exit_ok;
    }
    if (command == "--version") {
      std::cout << "migbundle " MIGBUNDLE_VERSION " (bundle format " << MIGBUNDLE_BUNDLE_FORMAT << ")\n";
      return exit_ok;
    }
    if (command == "generate") return run_generate(rest);
    std::cerr << "migbundle: unknown command `" << command << "`\n\n" << usage_text;
    return exit_usage;
  } catch (const MigrationsError& error) {
    for (const Diagnostic& diagnostic : error.diagnostics()) std::cerr << format(diagnostic) << '\n';
    return exit_migrations;
  } catch (const UsageError& error) {
    std::cerr << "migbundle: error: " << error.what() << '\n';
    return exit_usage;
  } catch (const po::error& error) {
    std::cerr << "migbundle: error: " << error.what() << "\nRun `migbundle --help` for usage.\n";
    return exit_usage;
  } catch (const std::exception& error) {
    std::cerr << "migbundle: internal error: " << error.what() << '\n';
    return exit_migrations;
  }
}
