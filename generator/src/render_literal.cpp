#include <migbundle/generator/render_literal.hpp>

#include <algorithm>

namespace migbundle::gen {
namespace {

/// Bytes that may stand as themselves in a raw literal on every compiler.
bool is_raw_safe(unsigned char byte) { return (byte >= 0x20 && byte <= 0x7E) || byte == '\t' || byte == '\n'; }

void append_escaped(std::string& out, unsigned char byte) {
  switch (byte) {
    case '\n': out += "\\n"; return;
    case '\t': out += "\\t"; return;
    case '"': out += "\\\""; return;
    case '\\': out += "\\\\"; return;
    case '?': out += "\\?"; return;
    default: break;
  }
  if (byte >= 0x20 && byte <= 0x7E) {
    out += static_cast<char>(byte);
    return;
  }
  out += '\\';
  out += static_cast<char>('0' + ((byte >> 6) & 7));
  out += static_cast<char>('0' + ((byte >> 3) & 7));
  out += static_cast<char>('0' + (byte & 7));
}

std::size_t escaped_size(unsigned char byte) {
  if (byte == '\n' || byte == '\t' || byte == '"' || byte == '\\' || byte == '?') return 2;
  return (byte >= 0x20 && byte <= 0x7E) ? 1 : 4;
}

/// Whether `)delimiter"` occurs in `text`. Found from its last byte: SQL has
/// few `"` and many `)`, where a plain search starts a comparison at each one.
bool closes_raw_literal(std::string_view text, const std::string& delimiter) {
  const std::size_t before = delimiter.size() + 1;  // `)` and the delimiter, ahead of the `"`
  for (std::size_t at = text.find('"', before); at != std::string_view::npos; at = text.find('"', at + 1)) {
    if (text[at - before] == ')' && text.compare(at - delimiter.size(), delimiter.size(), delimiter) == 0) return true;
  }
  return false;
}

/// A raw-literal delimiter whose closing sequence `)delim"` does not occur in `text`.
std::string raw_delimiter(std::string_view text) {
  std::string delimiter = "sql";
  for (int n = 0; closes_raw_literal(text, delimiter); ++n) delimiter = "sql" + std::to_string(n);
  return delimiter;
}

/// Index one past the end of the line starting at `start` (including its LF).
std::size_t line_end(std::string_view text, std::size_t start) {
  const std::size_t newline = text.find('\n', start);
  return newline == std::string_view::npos ? text.size() : newline + 1;
}

bool line_is_raw_safe(std::string_view line) {
  for (char c : line) {
    if (!is_raw_safe(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

void emit_raw_pieces(std::string& out, std::string_view run, std::string_view indent, std::size_t max_piece) {
  while (!run.empty()) {
    // Prefer to cut after a line so each piece reads as whole lines.
    std::size_t take = run.size();
    if (take > max_piece) {
      const std::size_t newline = run.rfind('\n', max_piece - 1);
      take = newline != std::string_view::npos ? newline + 1 : max_piece;
    }
    const std::string_view piece = run.substr(0, take);
    const std::string delimiter = raw_delimiter(piece);
    out += indent;
    out += "R\"" + delimiter + "(";
    out += piece;
    out += ")" + delimiter + "\"\n";
    run.remove_prefix(take);
  }
}

void emit_escaped_pieces(std::string& out, std::string_view run, std::string_view indent, std::size_t max_piece) {
  std::size_t i = 0;
  while (i < run.size()) {
    out += indent;
    out += '"';
    std::size_t size = 0;
    // One output line per input line; long lines split on byte boundaries, never inside an escape.
    while (i < run.size() && size + escaped_size(static_cast<unsigned char>(run[i])) <= max_piece) {
      const auto byte = static_cast<unsigned char>(run[i]);
      size += escaped_size(byte);
      append_escaped(out, byte);
      ++i;
      if (byte == '\n') break;
    }
    out += "\"\n";
  }
}

}  // namespace

std::string render_escaped_literal(std::string_view bytes) {
  std::string out = "\"";
  for (char c : bytes) append_escaped(out, static_cast<unsigned char>(c));
  out += '"';
  return out;
}

std::string render_sql_literal(std::string_view bytes, std::string_view indent, std::size_t max_piece) {
  if (max_piece < 4) max_piece = 4;  // room for the widest escape
  if (bytes.empty()) return std::string(indent) + "\"\"\n";
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 16 + 64);
  // The common case, every byte printable: one raw run, found in one pass.
  if (std::all_of(bytes.begin(), bytes.end(), [](char c) { return is_raw_safe(static_cast<unsigned char>(c)); })) {
    emit_raw_pieces(out, bytes, indent, max_piece);
    return out;
  }
  // Group consecutive lines by whether they can be raw, then emit each run.
  std::size_t run_start = 0;
  bool run_raw = line_is_raw_safe(bytes.substr(0, line_end(bytes, 0)));
  for (std::size_t start = 0; start < bytes.size();) {
    const std::size_t end = line_end(bytes, start);
    const bool raw = line_is_raw_safe(bytes.substr(start, end - start));
    if (raw != run_raw) {
      const std::string_view run = bytes.substr(run_start, start - run_start);
      run_raw ? emit_raw_pieces(out, run, indent, max_piece) : emit_escaped_pieces(out, run, indent, max_piece);
      run_start = start;
      run_raw = raw;
    }
    start = end;
  }
  const std::string_view run = bytes.substr(run_start);
  run_raw ? emit_raw_pieces(out, run, indent, max_piece) : emit_escaped_pieces(out, run, indent, max_piece);
  return out;
}

}  // namespace migbundle::gen
