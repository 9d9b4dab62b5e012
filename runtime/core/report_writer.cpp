#include "core/report_writer.hpp"


namespace migbundle {

MessageWriter ReportWriter::message(const Migration* about) noexcept {
  report_.migration_ = about;
  FixedWriter out(report_.message_, sizeof report_.message_);
  if (about != nullptr) {
    out << file_of(*about);
    if (report_.line_ > 0) out << ':' << report_.line_ << ':' << report_.column_;
    out << ": ";
  }
  out << "error: ";
  report_.explanation_offset_ = out.size();
  return out;
}

MessageWriter ReportWriter::message_at_top(const Migration& m) noexcept {
  report_.line_ = 1;
  report_.column_ = 1;
  return message(&m);
}

bool ReportWriter::fail(Error error) noexcept {
  report_.error_ = error;
  if constexpr (!messages_enabled) {
    write_terse_explanation(report_.message_, sizeof report_.message_, report_.explanation_offset_, error,
                            report_.extended_code_);
  }
  return false;
}

bool ReportWriter::conclude(MessageWriter& out, Error error, const Migration* maybe_committed) noexcept {
  const bool none = !report_.has_applied_;
  if (none) {
    out << "The database has no migration applied";
  } else {
    out << "The database is left at migration " << report_.current_id_;
  }
  if (maybe_committed != nullptr) {
    out << (none ? ", or has migration " : ", or at migration ") << maybe_committed->id << " if that commit took effect";
  }
  out << '.';
  return fail(error);
}

bool ReportWriter::fail_argument(const char* text) noexcept {
  message(nullptr) << text;
  return fail(Error::invalid_argument);
}

bool ReportWriter::fail_checksum(const Migration& m, std::string_view recorded,
                                 std::string_view recorded_name) noexcept {
  MessageWriter out = message_at_top(m);
  out << "migration " << m.id << " was changed after it was applied (recorded checksum " << recorded
      << ", bundle has " << recorded_checksum(m).view() << "): ";
  if (recorded_name != name_of(m)) {
    // Another name under the same id: most likely not an edit but another bundle's history.
    out << "recorded as \"" << recorded_name << "\", not \"" << name_of(m)
        << "\" (another bundle's? each needs its own Options::table); else ";
  }
  out << "restore the released file and put the change in a new migration. ";
  return conclude(out, Error::checksum_mismatch);
}

}  // namespace migbundle
