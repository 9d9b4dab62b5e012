#include "core/plan.hpp"

#include "core/message_writer.hpp"
#include "core/report_writer.hpp"

#include <migbundle/table_name.hpp>

namespace migbundle {
namespace {

void copy_text(std::string_view from, char* to, std::size_t capacity) noexcept {
  if constexpr (!messages_enabled) return;  // only messages read the copies
  const std::size_t n = from.size() < capacity - 1 ? from.size() : capacity - 1;
  for (std::size_t k = 0; k < n; ++k) to[k] = from[k];
  to[n] = '\0';
}

}  // namespace

bool Plan::add(void* context, const HistoryRow& row) noexcept {
  Plan& plan = *static_cast<Plan*>(context);
  const Verdict verdict = classify(row, *plan.bundle);
  if (verdict == Verdict::pending) {
    ++plan.pending;
    if (row.id <= plan.target_id) {
      ++plan.pending_in_range;
      if (plan.first_pending == nullptr) plan.first_pending = row.migration;
    }
    return true;
  }
  plan.any_recorded = true;
  plan.newest = row.id;
  switch (verdict) {
    case Verdict::malformed:
      if (!plan.malformed_id_set) {
        plan.malformed_id_set = true;
        plan.malformed_id = row.id;
        plan.malformed_size = static_cast<int>(row.checksum.size());
      }
      break;
    case Verdict::unknown:
      if (plan.unknown_count < 4) plan.unknown_ids[plan.unknown_count] = row.id;
      ++plan.unknown_count;
      break;
    case Verdict::modified:
      if (plan.modified == nullptr) {  // the first edited one; keep walking to learn the newest applied id
        plan.modified = row.migration;
        copy_text(row.checksum, plan.modified_checksum, sizeof plan.modified_checksum);
        copy_text(row.name, plan.modified_name, sizeof plan.modified_name);
      }
      break;
    default:  // applied or squashed (pending returned above)
      ++plan.already_applied;
      break;
  }
  return true;
}

bool check_arguments(bool has_connection, const Bundle& bundle, const Options& options, ReportWriter& report) noexcept {
  if (!has_connection) return report.fail_argument(MIGBUNDLE_PROSE("migbundle::migrate: the database handle is null"));
  if (!is_valid_table_name(options.table)) {
    MessageWriter out = report.message(nullptr);
    out << "migbundle::migrate: the tracking table name \"" << options.table
        << "\" is not an identifier: use [A-Za-z_][A-Za-z0-9_]*, at most 64 bytes";
    return report.fail(Error::invalid_argument);
  }
  if (!is_valid_table_name(options.schema)) {
    MessageWriter out = report.message(nullptr);
    out << "migbundle::migrate: the schema name \"" << options.schema << "\" is not an identifier";
    return report.fail(Error::invalid_argument);
  }
  if (bundle.size > 0 && bundle.migrations == nullptr) {
    return report.fail_argument(MIGBUNDLE_PROSE("migbundle::migrate: the bundle has no array"));
  }
  for (std::size_t i = 1; i < bundle.size; ++i) {  // indices: an empty bundle's array may be null
    const Migration* m = bundle.migrations + i;
    if (m->id <= (m - 1)->id) {
      MessageWriter out = report.message(m);
      out << "the bundle is not sorted by strictly increasing id (" << (m - 1)->id << " then " << m->id
          << "): regenerate it with the migbundle generator";
      return report.fail(Error::invalid_argument);
    }
  }
  return true;
}

bool vet(const Plan& plan, const Bundle& bundle, const Options& options, bool read_only,
         ReportWriter& report) noexcept {
  report.note_history(plan.already_applied, plan.newest, plan.any_recorded);
  if (plan.malformed_id_set) {
    MessageWriter out = report.message(nullptr);
    out << "the tracking row of migration " << plan.malformed_id << " has a " << plan.malformed_size
        << "-byte checksum, not 64 hex digits: migbundle did not write it. Repair or remove that row. ";
    return report.conclude(out, Error::invalid_history);
  }
  if (plan.modified != nullptr) return report.fail_checksum(*plan.modified, plan.modified_checksum, plan.modified_name);
  if (plan.unknown_count > 0 && !options.allow_unknown_applied) {
    MessageWriter out = report.message(nullptr);
    out << "the database has " << plan.unknown_count << " applied migration(s) unknown to this bundle (id ";
    for (int i = 0; i < plan.unknown_count && i < 4; ++i) out << (i > 0 ? ", " : "") << plan.unknown_ids[i];
    out << (plan.unknown_count > 4 ? ", ...)" : ")");
    if (bundle.size > 0 && plan.unknown_ids[0] < (bundle.end() - 1)->id) {
      // Unknown ids among the bundle's own: not a newer binary's history, another bundle's.
      out << " among this bundle's own: is \"" << options.table
          << "\" another bundle's history? Each bundle needs its own Options::table. ";
    } else {
      out << ": it is newer than this binary";
      if (bundle.size > 0) out << ", whose newest migration is " << file_of(*(bundle.end() - 1));
      out << ". Run a binary built with them, or set Options::allow_unknown_applied. ";
    }
    return report.conclude(out, Error::unknown_applied);
  }
  const Migration* first = plan.first_pending;
  if (first == nullptr) return true;
  if (first == baseline_of(bundle) && plan.any_recorded) {
    MessageWriter out = report.message_at_top(*first);
    out << "the database stops at migration " << plan.newest << ", below the baseline of migrations up to "
        << first->id << ": migrate it first with a release built before the squash. ";
    return report.conclude(out, Error::below_baseline);
  }
  if (plan.any_recorded && first->id < plan.newest && !options.allow_out_of_order) {
    MessageWriter out = report.message_at_top(*first);
    out << "migration " << first->id << " is pending below applied migration " << plan.newest
        << " (added out of order, from a merged branch?): give it an id above " << plan.newest
        << ", or set Options::allow_out_of_order. ";
    return report.conclude(out, Error::out_of_order);
  }
  if (read_only) {
    MessageWriter out = report.message(nullptr);
    out << "the database is read-only and " << plan.pending_in_range << " migration(s) are pending, the first "
        << file_of(*first) << ": open it read-write to apply them. ";
    return report.conclude(out, Error::read_only);
  }
  return true;
}

}  // namespace migbundle
