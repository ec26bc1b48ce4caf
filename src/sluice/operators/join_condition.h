// JoinCondition: a join's residual condition (over the output columns: left then right), applied
// to one probing row against its candidate rows from the other side in one vectorized
// evaluation. Used by RegularJoin and IntervalJoin.
#pragma once

#include <cstdint>
#include <vector>

#include "sluice/common/status.h"
#include "sluice/expr/expression.h"
#include "sluice/runtime/operator.h"
#include "sluice/types/schema.h"
#include "sluice/types/value.h"

namespace sluice::operators {

class JoinCondition {
 public:
  /// `condition` may be null (every candidate passes).
  JoinCondition(expr::ExprPtr condition, types::SchemaPtr output)
      : condition_(std::move(condition)), output_(std::move(output)) {}

  bool empty() const { return condition_ == nullptr; }
  /// Keeps the candidates for which the condition is TRUE (in order). `probe_is_left`: `probe`
  /// holds the left columns and the candidates the right ones, or the other way round.
  Status Filter(const std::vector<types::Value>& probe, bool probe_is_left,
                const runtime::OperatorContext& context,
                std::vector<const std::vector<types::Value>*>* candidates);

 private:
  expr::ExprPtr condition_;
  types::SchemaPtr output_;
  std::vector<uint32_t> selection_;
};

}  // namespace sluice::operators
