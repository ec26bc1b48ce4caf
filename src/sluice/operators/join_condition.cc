#include "sluice/operators/join_condition.h"

#include "sluice/common/clock.h"
#include "sluice/expr/expression_evaluator.h"
#include "sluice/types/batch.h"

namespace sluice::operators {

Status JoinCondition::Filter(const std::vector<types::Value>& probe, bool probe_is_left,
                             const runtime::OperatorContext& context,
                             std::vector<const std::vector<types::Value>*>* candidates) {
  if (condition_ == nullptr || candidates->empty()) return Status();
  types::Batch pairs(output_);
  for (const std::vector<types::Value>* candidate : *candidates) {
    const std::vector<types::Value>& left = probe_is_left ? probe : *candidate;
    const std::vector<types::Value>& right = probe_is_left ? *candidate : probe;
    size_t column = 0;
    for (const types::Value& v : left) types::AppendValue(pairs.columns[column++].get(), v);
    for (const types::Value& v : right) types::AppendValue(pairs.columns[column++].get(), v);
  }
  pairs.num_rows = candidates->size();
  expr::EvalContext eval;
  eval.local_time_zone = context.local_time_zone;
  eval.current_timestamp_micros = NowMicros();
  SLUICE_RETURN_IF_ERROR(expr::EvaluateFilter(*condition_, pairs, eval, &selection_));
  size_t kept = 0;
  for (uint32_t i : selection_) (*candidates)[kept++] = (*candidates)[i];
  candidates->resize(kept);
  return Status();
}

}  // namespace sluice::operators
