#include "sluice/operators/sink_operator.h"

#include <gtest/gtest.h>

#include "operator_harness.h"
#include "sluice/operators/values_reader.h"

namespace sluice::operators {
namespace {

using testing::MakeBatch;
using testing::OperatorHarness;
using types::DataType;
using types::RowKind;
using types::Value;

// Records what the sink operator asks of its writer.
struct WriterLog {
  std::vector<std::string> calls;
  std::vector<RowKind> kinds;
  int subtask = -1;
};

class RecordingWriter : public runtime::SinkWriter {
 public:
  explicit RecordingWriter(WriterLog* log) : log_(log) {}
  Status Open(const runtime::SinkContext& context) override {
    log_->subtask = context.subtask_index;
    log_->calls.push_back("open");
    return Status();
  }
  Status Write(const types::Batch& batch) override {
    log_->calls.push_back("write " + std::to_string(batch.num_rows));
    for (size_t i = 0; i < batch.num_rows; ++i) log_->kinds.push_back(batch.kind(i));
    return Status();
  }
  Status Finish() override {
    log_->calls.push_back("finish");
    return Status();
  }
  void Close() override { log_->calls.push_back("close"); }

 private:
  WriterLog* log_;
};

types::SchemaPtr Schema() {
  static const auto schema = types::MakeSchema({{"k", DataType::String()}});
  return schema;
}

TEST(SinkOperator, UpsertSinkDropsUpdateBefore) {
  WriterLog log;
  SinkOperator op(std::make_unique<RecordingWriter>(&log), /*drop_update_before=*/true);
  OperatorHarness h(&op);
  h.context().subtask_index = 3;
  ASSERT_TRUE(h.Open().ok());
  std::vector<std::vector<Value>> rows(4, {Value::String("a")});
  ASSERT_TRUE(h.Process(MakeBatch(Schema(), rows,
                                  {RowKind::kInsert, RowKind::kUpdateBefore, RowKind::kUpdateAfter,
                                   RowKind::kDelete}))
                  .ok());
  ASSERT_TRUE(
      h.Process(MakeBatch(Schema(), {{Value::String("b")}}, {RowKind::kUpdateBefore})).ok());
  ASSERT_TRUE(h.End().ok());
  op.Close();
  EXPECT_EQ(log.subtask, 3);
  EXPECT_EQ(log.calls, (std::vector<std::string>{"open", "write 3", "finish", "close"}));
  EXPECT_EQ(log.kinds,
            (std::vector<RowKind>{RowKind::kInsert, RowKind::kUpdateAfter, RowKind::kDelete}));
}

TEST(SinkOperator, RetractSinkGetsEveryRow) {
  WriterLog log;
  SinkOperator op(std::make_unique<RecordingWriter>(&log), /*drop_update_before=*/false);
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  std::vector<std::vector<Value>> rows(2, {Value::String("a")});
  ASSERT_TRUE(
      h.Process(MakeBatch(Schema(), rows, {RowKind::kUpdateBefore, RowKind::kUpdateAfter})).ok());
  EXPECT_EQ(log.kinds, (std::vector<RowKind>{RowKind::kUpdateBefore, RowKind::kUpdateAfter}));
}

TEST(ValuesReader, OneBatchFromSubtaskZeroThenEnd) {
  auto node = planner::NewNode(planner::NodeKind::kValues, {});
  node->schema = types::MakeSchema({{"a", DataType::Int()}, {"b", DataType::String()}});
  node->rows = {{Value::Int(1), Value::String("x")}, {Value::Null(), Value::String("y")}};
  ValuesReader reader(*node);
  runtime::SourceContext context;
  ASSERT_TRUE(reader.Open(context).ok());
  EXPECT_EQ(reader.num_splits(), 1);
  auto first = reader.Read();
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->status, runtime::ReadStatus::kBatch);
  EXPECT_EQ(first->batch.num_rows, 2u);
  EXPECT_EQ(first->batch.schema, node->schema);
  EXPECT_TRUE(first->batch.columns[0]->IsNull(1));
  EXPECT_EQ(first->batch.columns[1]->strings()[1], "y");
  EXPECT_EQ(reader.Read()->status, runtime::ReadStatus::kEnd);

  ValuesReader other(*node);
  context.subtask_index = 1;
  context.parallelism = 2;
  ASSERT_TRUE(other.Open(context).ok());
  EXPECT_EQ(other.num_splits(), 0);
  EXPECT_EQ(other.Read()->status, runtime::ReadStatus::kEnd);
}

TEST(ValuesReader, RowsWithoutColumns) {
  auto node = planner::NewNode(planner::NodeKind::kValues, {});
  node->schema = types::MakeSchema({});
  node->rows = {{}};
  ValuesReader reader(*node);
  ASSERT_TRUE(reader.Open(runtime::SourceContext()).ok());
  auto first = reader.Read();
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->batch.num_rows, 1u);
}

}  // namespace
}  // namespace sluice::operators
