// RowKind: the change a row carries on a changelog stream (+I, -U, +U, -D).
#pragma once

#include <cstdint>
#include <string_view>

namespace sluice::types {

enum class RowKind : uint8_t { kInsert = 0, kUpdateBefore = 1, kUpdateAfter = 2, kDelete = 3 };

/// Flink's short string: "+I", "-U", "+U", "-D".
inline std::string_view RowKindShortString(RowKind kind) {
  switch (kind) {
    case RowKind::kInsert:
      return "+I";
    case RowKind::kUpdateBefore:
      return "-U";
    case RowKind::kUpdateAfter:
      return "+U";
    case RowKind::kDelete:
      return "-D";
  }
  return "?";
}

/// +I and +U add a row to the result; -U and -D retract one.
inline bool IsAccumulate(RowKind kind) {
  return kind == RowKind::kInsert || kind == RowKind::kUpdateAfter;
}

}  // namespace sluice::types
