// TaskOutput: the Output behind a task's last operator. Routes batches to the inboxes of every
// downstream task over all outgoing edges, and broadcasts watermarks and end of input.
#pragma once

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "sluice/runtime/inbox.h"
#include "sluice/runtime/operator.h"
#include "sluice/runtime/partitioner.h"

namespace sluice::runtime {

/// One outgoing edge as seen from one upstream subtask.
struct OutgoingEdge {
  std::unique_ptr<Partitioner> partitioner;
  std::vector<Inbox*> targets;  // indexed by downstream subtask
  int channel = 0;              // this subtask's channel id in every target task
  int target_input = 0;
};

/// Used only by its task's thread. Returns CancelledError once the job is stopping (an inbox was
/// closed); the task then unwinds without recording an error.
class TaskOutput : public Output {
 public:
  explicit TaskOutput(std::vector<OutgoingEdge> edges);

  Status Collect(types::Batch batch) override;
  /// Forwards strictly increasing watermarks only.
  Status EmitWatermark(int64_t watermark) override;
  Status EmitEndOfInput();

  bool has_edges() const { return !edges_.empty(); }

 private:
  Status Broadcast(Message::Kind kind, int64_t watermark);

  std::vector<OutgoingEdge> edges_;
  std::vector<std::pair<int, types::Batch>> routed_;
  int64_t last_watermark_ = kMinWatermark;
};

}  // namespace sluice::runtime
