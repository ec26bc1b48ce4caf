#include "sluice/operators/rank_writer.h"

namespace sluice::operators {

RankWriter::RankWriter(const planner::PlanNode& node)
    : rank_start_(node.rank_start),
      rank_end_(node.rank_end),
      output_rank_(node.output_rank_number),
      writer_(node.schema),
      rank_value_(1) {}

Status RankWriter::Emit(types::RowKind kind, const Row& row, int64_t rank, runtime::Output* out) {
  if (muted) return Status();
  if (rank > 0 && !InRange(rank)) return Status();
  if (rank > 0 && output_rank_) {
    rank_value_[0] = types::Value::Int(rank);
    return writer_.Append(kind, row, &rank_value_, out);
  }
  return writer_.Append(kind, row, nullptr, out);
}

}  // namespace sluice::operators
