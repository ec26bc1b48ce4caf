// ChangelogMode: the set of row kinds a stream carries (produced by a source or plan node) or a
// sink accepts (DESIGN.md §4).
#pragma once

#include <string>

#include "sluice/types/row_kind.h"

namespace sluice::types {

struct ChangelogMode {
  bool insert = true;
  bool update_before = false;
  bool update_after = false;
  bool deletes = false;

  static ChangelogMode InsertOnly() { return ChangelogMode{}; }
  /// Retract stream: +I, -U, +U, -D.
  static ChangelogMode All() { return ChangelogMode{true, true, true, true}; }
  /// Upsert stream: +I, +U, -D (no -U; needs a unique key).
  static ChangelogMode Upsert() { return ChangelogMode{true, false, true, true}; }

  bool IsInsertOnly() const { return !update_before && !update_after && !deletes; }
  bool Contains(RowKind kind) const {
    switch (kind) {
      case RowKind::kInsert:
        return insert;
      case RowKind::kUpdateBefore:
        return update_before;
      case RowKind::kUpdateAfter:
        return update_after;
      case RowKind::kDelete:
        return deletes;
    }
    return false;
  }
  ChangelogMode Union(const ChangelogMode& other) const {
    return ChangelogMode{insert || other.insert, update_before || other.update_before,
                         update_after || other.update_after, deletes || other.deletes};
  }
  /// Flink's EXPLAIN form: "[I]", "[I,UB,UA,D]", "[I,UA,D]".
  std::string ToString() const {
    std::string out = "[";
    auto add = [&out](const char* s) {
      if (out.size() > 1) out += ",";
      out += s;
    };
    if (insert) add("I");
    if (update_before) add("UB");
    if (update_after) add("UA");
    if (deletes) add("D");
    return out + "]";
  }
  bool operator==(const ChangelogMode& o) const {
    return insert == o.insert && update_before == o.update_before &&
           update_after == o.update_after && deletes == o.deletes;
  }
};

}  // namespace sluice::types
