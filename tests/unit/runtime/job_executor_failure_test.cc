// JobExecutor lifecycle: errors, cancellation and processing-time timers.
#include <future>

#include "gtest/gtest.h"
#include "sluice/runtime/job_executor.h"
#include "test_operators.h"

namespace sluice::runtime {
namespace {

using testing::CollectSink;
using testing::Factory;
using testing::Journal;
using testing::JournaledOperator;
using testing::MakeBatch;
using testing::PassThrough;
using testing::VectorReader;

/// A source vertex that never ends: with `repeat` it produces batches as fast as it can,
/// otherwise one batch per subtask and then kNothingYet forever.
VertexSpec EndlessSource(Journal* journal, int parallelism, bool repeat,
                         std::vector<OperatorFactory> chain = {}) {
  VertexSpec vertex;
  vertex.name = "Source: endless";
  vertex.parallelism = parallelism;
  vertex.source = [=](int subtask) -> StatusOr<std::unique_ptr<SourceReader>> {
    std::vector<std::vector<types::Batch>> splits = {{MakeBatch({subtask, subtask + 10})}};
    return std::make_unique<VectorReader>(splits, journal, subtask, /*unbounded=*/true, repeat);
  };
  vertex.chain = std::move(chain);
  return vertex;
}

VertexSpec SinkVertex(std::string name, int parallelism, std::vector<OperatorFactory> chain,
                      PartitionerKind kind = PartitionerKind::kRebalance, int source = 0) {
  VertexSpec vertex;
  vertex.name = std::move(name);
  vertex.parallelism = parallelism;
  vertex.chain = std::move(chain);
  EdgeSpec edge;
  edge.source_vertex = source;
  edge.partitioner = kind;
  vertex.inputs.push_back(edge);
  return vertex;
}

TEST(JobExecutorFailureTest, FailingSinkStopsAFastSourceBlockedOnAFullInbox) {
  Journal journal;
  const Status failure = absl::InvalidArgumentError("data.json:3: unexpected token '}'");
  JobSpec spec;
  spec.options.Set("taskmanager.network.inbox-batches", "2");
  spec.vertices.push_back(EndlessSource(&journal, 2, /*repeat=*/true));
  spec.vertices.push_back(
      SinkVertex("Calc", 1, {Factory<PassThrough>(&journal)}, PartitionerKind::kRebalance));
  spec.vertices.push_back(
      SinkVertex("Sink: out", 1, {Factory<CollectSink>(&journal, std::string("sink"), 5, failure)},
                 PartitionerKind::kForward, 1));
  JobExecutor executor(std::move(spec));
  ASSERT_TRUE(executor.Start().ok());
  EXPECT_EQ(executor.Wait(), failure);  // user-facing message unchanged
  EXPECT_EQ(journal.Calls("reader/0/close"), 1);
  EXPECT_EQ(journal.Calls("reader/1/close"), 1);
  EXPECT_EQ(journal.Calls("map/0/close"), 1);
  EXPECT_EQ(journal.Calls("sink/0/close"), 1);
  EXPECT_EQ(journal.Calls("sink/0/end0"), 0);
}

TEST(JobExecutorFailureTest, InternalErrorsNameTheTask) {
  Journal journal;
  JobSpec spec;
  spec.vertices.push_back(EndlessSource(&journal, 1, /*repeat=*/true));
  spec.vertices.push_back(
      SinkVertex("Sink: out", 2,
                 {Factory<CollectSink>(&journal, std::string("sink"), 0,
                                       absl::UnavailableError("connection refused"))}));
  JobExecutor executor(std::move(spec));
  ASSERT_TRUE(executor.Start().ok());
  Status status = executor.Wait();
  EXPECT_TRUE(absl::IsUnavailable(status)) << status;
  EXPECT_TRUE(status.message() == "Sink: out (1/2): connection refused" ||
              status.message() == "Sink: out (2/2): connection refused")
      << status;
}

TEST(JobExecutorFailureTest, FactoryErrorFailsTheJob) {
  Journal journal;
  JobSpec spec;
  spec.vertices.push_back(EndlessSource(&journal, 1, /*repeat=*/false));
  OperatorFactory broken = [](int) -> StatusOr<OperatorPtr> {
    return absl::InvalidArgumentError("unknown column 'did' in table 'app_log'");
  };
  spec.vertices.push_back(SinkVertex("Sink: out", 1, {broken}));
  JobExecutor executor(std::move(spec));
  ASSERT_TRUE(executor.Start().ok());
  EXPECT_EQ(executor.Wait().message(), "unknown column 'did' in table 'app_log'");
  EXPECT_EQ(journal.Calls("reader/0/close"), 1);
}

TEST(JobExecutorFailureTest, CancelStopsAnUnboundedJob) {
  Journal journal;
  JobSpec spec;
  spec.vertices.push_back(EndlessSource(&journal, 2, /*repeat=*/false));
  spec.vertices.push_back(SinkVertex("Sink: out", 1, {Factory<CollectSink>(&journal)}));
  JobExecutor executor(std::move(spec));
  ASSERT_TRUE(executor.Start().ok());
  journal.WaitFor([&] { return journal.keys[0].size() == 4; });
  auto waited = std::async(std::launch::async, [&] { return executor.Wait(); });
  executor.Cancel();
  EXPECT_TRUE(waited.get().ok());
  EXPECT_EQ(journal.Calls("sink/0/close"), 1);
  EXPECT_EQ(journal.Calls("sink/0/end0"), 0);
  EXPECT_EQ(executor.progress().rows_read.load(), 4);
}

TEST(JobExecutorFailureTest, CancelBeforeStartAndDestroyWhileRunning) {
  Journal journal;
  {
    JobSpec spec;
    spec.vertices.push_back(EndlessSource(&journal, 1, /*repeat=*/true));
    JobExecutor executor(std::move(spec));
    executor.Cancel();
    EXPECT_TRUE(executor.Start().ok());
    EXPECT_TRUE(executor.Wait().ok());
    EXPECT_EQ(journal.Calls("reader/0/open"), 0);
  }
  {
    JobSpec spec;
    spec.vertices.push_back(EndlessSource(&journal, 1, /*repeat=*/true));
    spec.vertices.push_back(SinkVertex("Sink: out", 1, {Factory<CollectSink>(&journal)}));
    JobExecutor executor(std::move(spec));
    ASSERT_TRUE(executor.Start().ok());
    journal.WaitFor([&] { return journal.batches > 0; });
  }  // the destructor cancels and joins
  EXPECT_EQ(journal.Calls("sink/0/close"), 1);
}

/// Registers a timer 1 ms ahead on Open and again every time one fires; each firing emits a
/// one-row batch with key -1.
class Ticker : public JournaledOperator {
 public:
  Ticker(Journal* journal, std::string name) : JournaledOperator(std::move(name), journal) {}
  Status Open(OperatorContext* context) override {
    SLUICE_RETURN_IF_ERROR(JournaledOperator::Open(context));
    context->timers->RegisterProcessingTimer(context->timers->CurrentProcessingTime() + 1000);
    return Status();
  }
  Status ProcessBatch(int input, types::Batch batch, Output* out) override {
    return out->Collect(std::move(batch));
  }
  Status OnProcessingTime(int64_t now_micros, Output* out) override {
    journal_->Count(Event("timer"));
    context_->timers->RegisterProcessingTimer(now_micros + 1000);
    return out->Collect(MakeBatch({-1}));
  }
};

TEST(JobExecutorFailureTest, ProcessingTimersFireInSourceAndConsumerTasks) {
  Journal journal;
  JobSpec spec;
  spec.vertices.push_back(EndlessSource(&journal, 1, /*repeat=*/false,
                                        {Factory<Ticker>(&journal, std::string("source_ticker"))}));
  spec.vertices.push_back(
      SinkVertex("Sink: out", 1,
                 {Factory<PassThrough>(&journal), Factory<Ticker>(&journal, std::string("ticker")),
                  Factory<CollectSink>(&journal)}));
  JobExecutor executor(std::move(spec));
  ASSERT_TRUE(executor.Start().ok());
  journal.WaitFor([&] {
    int from_timers = 0;
    for (int64_t key : journal.keys[0]) from_timers += key == -1;
    // Repeated firings in both tasks, and their rows reached the sink.
    return journal.calls["source_ticker/0/timer"] >= 3 && journal.calls["ticker/0/timer"] >= 3 &&
           from_timers >= 6;
  });
  executor.Cancel();
  EXPECT_TRUE(executor.Wait().ok());
}

}  // namespace
}  // namespace sluice::runtime
