#include "sluice/runtime/job_executor.h"

#include <algorithm>
#include <mutex>
#include <system_error>
#include <thread>

#include "absl/strings/str_cat.h"
#include "sluice/runtime/inbox.h"
#include "sluice/runtime/job_control.h"
#include "sluice/runtime/task.h"
#include "sluice/types/temporal.h"

namespace sluice::runtime {
namespace {

constexpr int64_t kDefaultBatchSize = 1024;
constexpr int64_t kDefaultMaxParallelism = 128;
constexpr int64_t kDefaultInboxBatches = 32;

/// Job-wide settings read from the options.
struct RuntimeSettings {
  int64_t batch_size = kDefaultBatchSize;
  int max_parallelism = kDefaultMaxParallelism;
  int64_t inbox_batches = kDefaultInboxBatches;
  absl::TimeZone local_time_zone = absl::UTCTimeZone();
};

StatusOr<RuntimeSettings> ReadSettings(const Options& options) {
  RuntimeSettings settings;
  SLUICE_ASSIGN_OR_RETURN(settings.batch_size,
                          options.GetInt("execution.batch-size", kDefaultBatchSize));
  if (settings.batch_size <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("'execution.batch-size' must be positive, got ", settings.batch_size));
  }
  SLUICE_ASSIGN_OR_RETURN(int64_t max_parallelism,
                          options.GetInt("pipeline.max-parallelism", kDefaultMaxParallelism));
  // Flink's -1 means "derive it"; we use the fixed default.
  settings.max_parallelism =
      static_cast<int>(max_parallelism > 0 ? max_parallelism : kDefaultMaxParallelism);
  SLUICE_ASSIGN_OR_RETURN(
      settings.inbox_batches,
      options.GetInt("taskmanager.network.inbox-batches", kDefaultInboxBatches));
  if (settings.inbox_batches <= 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "'taskmanager.network.inbox-batches' must be positive, got ", settings.inbox_batches));
  }
  const std::string zone = options.GetOr("table.local-time-zone", "UTC");
  // Flink's "default" is the machine's zone; Sluice keeps results reproducible with UTC.
  if (zone != "default" && !types::LoadZone(zone, &settings.local_time_zone)) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid time zone '", zone, "' in 'table.local-time-zone'"));
  }
  return settings;
}

Status Validate(const JobSpec& spec, int max_parallelism) {
  for (size_t v = 0; v < spec.vertices.size(); ++v) {
    const VertexSpec& vertex = spec.vertices[v];
    if (vertex.parallelism < 1) {
      return absl::InvalidArgumentError(absl::StrCat(
          "parallelism of '", vertex.name, "' must be at least 1, got ", vertex.parallelism));
    }
    if (vertex.parallelism > max_parallelism) {
      return absl::InvalidArgumentError(
          absl::StrCat("parallelism ", vertex.parallelism, " of '", vertex.name,
                       "' exceeds 'pipeline.max-parallelism' ", max_parallelism));
    }
    if (vertex.source && !vertex.inputs.empty()) {
      return absl::InternalError(absl::StrCat("source vertex '", vertex.name, "' has inputs"));
    }
    for (const EdgeSpec& edge : vertex.inputs) {
      if (edge.source_vertex < 0 || static_cast<size_t>(edge.source_vertex) >= v) {
        return absl::InternalError(absl::StrCat("vertex '", vertex.name, "' reads from vertex ",
                                                edge.source_vertex, ", not an earlier one"));
      }
      if (edge.target_input < 0) {
        return absl::InternalError(
            absl::StrCat("vertex '", vertex.name, "' has input index ", edge.target_input));
      }
    }
  }
  return Status();
}

/// A forward edge between different parallelisms behaves as rebalance.
PartitionerKind EffectiveKind(const EdgeSpec& edge, const JobSpec& spec, int target_parallelism) {
  if (edge.partitioner == PartitionerKind::kForward &&
      spec.vertices[edge.source_vertex].parallelism != target_parallelism) {
    return PartitionerKind::kRebalance;
  }
  return edge.partitioner;
}

}  // namespace

class JobExecutor::Impl {
 public:
  explicit Impl(JobSpec spec) : spec_(std::move(spec)) {}

  Status Start();
  Status Wait();
  Status StartLocked();
  void Cancel() { control_.Cancel(); }

  JobSpec spec_;
  JobProgress progress_;
  JobControl control_;

 private:
  std::mutex mutex_;  // guards Start/Wait bookkeeping below
  bool started_ = false;
  Status start_error_;
  // Inboxes live as long as the executor: JobControl may close them after the tasks are gone.
  std::vector<std::vector<std::unique_ptr<Inbox>>> inboxes_;  // [vertex][subtask]
  std::vector<std::unique_ptr<Task>> tasks_;
  std::vector<std::thread> threads_;
};

Status JobExecutor::Impl::Start() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (started_) return absl::FailedPreconditionError("job already started");
  started_ = true;
  if (control_.stopping()) return Status();  // cancelled before it started
  start_error_ = StartLocked();
  return start_error_;
}

Status JobExecutor::Impl::StartLocked() {
  SLUICE_ASSIGN_OR_RETURN(RuntimeSettings settings, ReadSettings(spec_.options));
  SLUICE_RETURN_IF_ERROR(Validate(spec_, settings.max_parallelism));

  const size_t num_vertices = spec_.vertices.size();
  inboxes_.resize(num_vertices);
  for (size_t v = 0; v < num_vertices; ++v) {
    for (int s = 0; s < spec_.vertices[v].parallelism; ++s) {
      inboxes_[v].push_back(std::make_unique<Inbox>(settings.inbox_batches));
      control_.AddInbox(inboxes_[v].back().get());
    }
  }

  // Channel layout of every consuming vertex: per input edge, one channel per upstream subtask
  // that sends to it (just the same-index one on a forward edge).
  std::vector<std::vector<int>> channel_inputs(num_vertices);
  std::vector<std::vector<int>> edge_channel_offset(num_vertices);
  for (size_t v = 0; v < num_vertices; ++v) {
    const VertexSpec& vertex = spec_.vertices[v];
    for (const EdgeSpec& edge : vertex.inputs) {
      edge_channel_offset[v].push_back(static_cast<int>(channel_inputs[v].size()));
      const bool forward =
          EffectiveKind(edge, spec_, vertex.parallelism) == PartitionerKind::kForward;
      const int channels = forward ? 1 : spec_.vertices[edge.source_vertex].parallelism;
      channel_inputs[v].insert(channel_inputs[v].end(), channels, edge.target_input);
    }
  }

  for (size_t v = 0; v < num_vertices; ++v) {
    const VertexSpec& vertex = spec_.vertices[v];
    for (int s = 0; s < vertex.parallelism; ++s) {
      TaskSetup setup;
      setup.vertex = &vertex;
      setup.subtask_index = s;
      setup.max_parallelism = settings.max_parallelism;
      setup.batch_size = settings.batch_size;
      setup.options = &spec_.options;
      setup.local_time_zone = settings.local_time_zone;
      setup.inbox = inboxes_[v][s].get();
      setup.channel_inputs = channel_inputs[v];
      for (size_t t = v + 1; t < num_vertices; ++t) {
        const VertexSpec& target = spec_.vertices[t];
        for (size_t e = 0; e < target.inputs.size(); ++e) {
          const EdgeSpec& edge = target.inputs[e];
          if (edge.source_vertex != static_cast<int>(v)) continue;
          const PartitionerKind kind = EffectiveKind(edge, spec_, target.parallelism);
          OutgoingEdge out;
          out.partitioner = std::make_unique<Partitioner>(
              kind, edge.key_columns, s, target.parallelism, settings.max_parallelism);
          for (auto& inbox : inboxes_[t]) out.targets.push_back(inbox.get());
          out.channel = edge_channel_offset[t][e] + (kind == PartitionerKind::kForward ? 0 : s);
          out.target_input = edge.target_input;
          setup.outputs.push_back(std::move(out));
        }
      }
      tasks_.push_back(std::make_unique<Task>(std::move(setup), &control_, &progress_));
    }
  }

  for (auto& task : tasks_) {
    try {
      threads_.emplace_back([t = task.get()] { t->Run(); });
    } catch (const std::system_error& e) {
      Status error = absl::ResourceExhaustedError(
          absl::StrCat("cannot start task thread for job '", spec_.name, "': ", e.what()));
      control_.Fail(error, spec_.name, 0, 1);
      return error;
    }
  }
  return Status();
}

Status JobExecutor::Impl::Wait() {
  std::lock_guard<std::mutex> lock(mutex_);
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
  tasks_.clear();  // destroys the operators
  if (!start_error_.ok()) return start_error_;
  return control_.result();
}

JobExecutor::JobExecutor(JobSpec spec) : impl_(std::make_unique<Impl>(std::move(spec))) {}

JobExecutor::~JobExecutor() {
  impl_->Cancel();
  impl_->Wait().IgnoreError();
}

Status JobExecutor::Start() { return impl_->Start(); }

Status JobExecutor::Wait() { return impl_->Wait(); }

void JobExecutor::Cancel() { impl_->Cancel(); }

const JobProgress& JobExecutor::progress() const { return impl_->progress_; }

}  // namespace sluice::runtime
