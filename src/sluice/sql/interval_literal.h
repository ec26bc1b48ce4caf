// The value of an INTERVAL literal: INTERVAL '1:30' HOUR TO MINUTE -> 5'400'000 ms.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "sluice/common/status.h"
#include "sluice/sql/ast.h"

namespace sluice::sql {

/// Evaluates the quoted text of an interval literal for its qualifier. Year-month qualifiers
/// (YEAR, MONTH, YEAR TO MONTH) give months, the others milliseconds (finer digits of a fractional
/// second are truncated). Errors are InvalidArgument with a message without position.
StatusOr<int64_t> EvaluateIntervalLiteral(std::string_view text, TimeUnit start,
                                          std::optional<TimeUnit> end);

/// True for YEAR and MONTH (and QUARTER): units of year-month intervals.
bool IsYearMonthUnit(TimeUnit unit);

}  // namespace sluice::sql
