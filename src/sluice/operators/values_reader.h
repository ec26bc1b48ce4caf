// ValuesReader: the source of a VALUES clause (and of SELECT without FROM): the node's literal
// rows as one batch with the node's schema, from one split, then end of input. Only subtask 0
// owns the split, so parallel instances do not duplicate the rows.
#pragma once

#include <vector>

#include "sluice/planner/logical_plan.h"
#include "sluice/runtime/source_reader.h"

namespace sluice::operators {

class ValuesReader : public runtime::SourceReader {
 public:
  /// `node` is a kValues node; its rows hold values of the schema's types.
  explicit ValuesReader(const planner::PlanNode& node);

  Status Open(const runtime::SourceContext& context) override;
  int num_splits() const override { return owns_rows_ ? 1 : 0; }
  StatusOr<runtime::ReadResult> Read() override;
  bool IsSplitFinished(int split) const override { return done_; }

 private:
  types::SchemaPtr schema_;
  std::vector<std::vector<types::Value>> rows_;
  bool owns_rows_ = true;
  int64_t batch_size_ = 1024;  // execution.batch-size
  size_t next_row_ = 0;        // the first row not emitted yet
  bool done_ = false;
};

}  // namespace sluice::operators
