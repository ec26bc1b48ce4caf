#include "sluice/runtime/task_output.h"

namespace sluice::runtime {
namespace {

Status Stopped() { return absl::CancelledError("job is stopping"); }

}  // namespace

TaskOutput::TaskOutput(std::vector<OutgoingEdge> edges) : edges_(std::move(edges)) {}

Status TaskOutput::Collect(types::Batch batch) {
  if (batch.num_rows == 0) return Status();
  for (size_t e = 0; e < edges_.size(); ++e) {
    OutgoingEdge& edge = edges_[e];
    routed_.clear();
    // Several consumers each get the batch; columns are shared, only the last one moves it.
    if (e + 1 < edges_.size()) {
      edge.partitioner->Route(batch, &routed_);
    } else {
      edge.partitioner->Route(std::move(batch), &routed_);
    }
    for (auto& [target, part] : routed_) {
      Message message;
      message.kind = Message::Kind::kBatch;
      message.channel = edge.channel;
      message.input = edge.target_input;
      message.batch = std::move(part);
      if (!edge.targets[target]->Push(std::move(message))) return Stopped();
    }
  }
  routed_.clear();
  return Status();
}

Status TaskOutput::EmitWatermark(int64_t watermark) {
  if (watermark <= last_watermark_) return Status();
  last_watermark_ = watermark;
  return Broadcast(Message::Kind::kWatermark, watermark);
}

Status TaskOutput::EmitEndOfInput() { return Broadcast(Message::Kind::kEndOfInput, 0); }

Status TaskOutput::Broadcast(Message::Kind kind, int64_t watermark) {
  for (OutgoingEdge& edge : edges_) {
    // A forward edge is one channel into one downstream subtask; the others never hear of it.
    const int only = edge.partitioner->forward_target();
    const size_t begin = only >= 0 ? only : 0;
    const size_t end = only >= 0 ? only + 1 : edge.targets.size();
    for (size_t t = begin; t < end; ++t) {
      Inbox* target = edge.targets[t];
      Message message;
      message.kind = kind;
      message.channel = edge.channel;
      message.input = edge.target_input;
      message.watermark = watermark;
      if (!target->Push(std::move(message))) return Stopped();
    }
  }
  return Status();
}

}  // namespace sluice::runtime
