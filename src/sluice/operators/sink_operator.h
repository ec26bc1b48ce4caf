// SinkOperator: the operator at the end of an INSERT INTO job, handing batches to a connector's
// SinkWriter. For upsert sinks (constructed with drop_update_before) -U rows are dropped: the +U
// that follows carries the new value for the key.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sluice/runtime/operator.h"
#include "sluice/runtime/sink_writer.h"

namespace sluice::operators {

class SinkOperator : public runtime::Operator {
 public:
  SinkOperator(std::unique_ptr<runtime::SinkWriter> writer, bool drop_update_before,
               std::string name = "Sink");

  Status Open(runtime::OperatorContext* context) override;
  Status ProcessBatch(int input, types::Batch batch, runtime::Output* out) override;
  Status EndInput(int input, runtime::Output* out) override;
  void Close() override;
  std::string name() const override { return name_; }

 private:
  std::unique_ptr<runtime::SinkWriter> writer_;
  bool drop_update_before_;
  std::string name_;
  bool opened_ = false;
  std::vector<uint32_t> selection_;
};

}  // namespace sluice::operators
