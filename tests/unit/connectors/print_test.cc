#include <gtest/gtest.h>

#include <thread>

#include "connector_test_support.h"
#include "sluice/connectors/print/print_sink.h"

namespace sluice::connectors {
namespace {

using test_support::MakeTable;
using types::DataType;

types::SchemaPtr Schema() {
  return types::MakeSchema({{"id", DataType::Int()},
                            {"name", DataType::String()},
                            {"score", DataType::Double()},
                            {"ts", DataType::Timestamp(3)}});
}

types::Batch TwoRows() {
  types::Batch batch(Schema());
  batch.columns[0]->Append<int32_t>(1);
  batch.columns[1]->AppendString("abc");
  batch.columns[2]->AppendNull();
  batch.columns[3]->Append<int64_t>(1618344731123000);  // 2021-04-13 20:12:11.123
  batch.columns[0]->Append<int32_t>(2);
  batch.columns[1]->AppendNull();
  batch.columns[2]->Append(0.5);
  batch.columns[3]->AppendNull();
  batch.SyncRowCount();
  return batch;
}

std::string Print(const std::string& identifier, int subtask, int parallelism,
                  const types::Batch& batch) {
  auto output = std::make_shared<StringLineOutput>();
  PrintTableSink sink(identifier, output);
  auto writer = sink.CreateWriter(subtask, parallelism);
  EXPECT_TRUE(writer.ok());
  EXPECT_TRUE((*writer)->Open(runtime::SinkContext()).ok());
  EXPECT_TRUE((*writer)->Write(batch).ok());
  EXPECT_TRUE((*writer)->Finish().ok());
  return output->text();
}

TEST(PrintSink, FlinkLineFormat) {
  EXPECT_EQ(Print("", 0, 1, TwoRows()),
            "+I[1, abc, null, 2021-04-13 20:12:11.123]\n+I[2, null, 0.5, null]\n");
}

TEST(PrintSink, PrefixesByIdentifierAndParallelism) {
  types::Batch batch = TwoRows().Slice(0, 1);
  EXPECT_EQ(Print("sink", 0, 1, batch), "sink> +I[1, abc, null, 2021-04-13 20:12:11.123]\n");
  EXPECT_EQ(Print("sink", 1, 3, batch), "sink:2> +I[1, abc, null, 2021-04-13 20:12:11.123]\n");
  EXPECT_EQ(Print("", 2, 3, batch), "3> +I[1, abc, null, 2021-04-13 20:12:11.123]\n");
  EXPECT_EQ(PrintLinePrefix("", 0, 1), "");
}

TEST(PrintSink, RowKinds) {
  types::Batch batch = TwoRows();
  batch.row_kinds = {types::RowKind::kUpdateBefore, types::RowKind::kDelete};
  EXPECT_EQ(Print("", 0, 1, batch),
            "-U[1, abc, null, 2021-04-13 20:12:11.123]\n-D[2, null, 0.5, null]\n");
  batch.row_kinds = {types::RowKind::kUpdateAfter, types::RowKind::kInsert};
  EXPECT_EQ(Print("", 0, 1, batch).substr(0, 4), "+U[1");
}

TEST(PrintSink, WritersShareOneOutputWithoutInterleaving) {
  auto output = std::make_shared<StringLineOutput>();
  PrintTableSink sink("p", output);
  std::vector<std::unique_ptr<runtime::SinkWriter>> writers;
  for (int i = 0; i < 2; ++i) {
    auto writer = sink.CreateWriter(i, 2);
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->Open(runtime::SinkContext()).ok());
    writers.push_back(std::move(*writer));
  }
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i) {
    threads.emplace_back([&, i] {
      for (int round = 0; round < 50; ++round) EXPECT_TRUE(writers[i]->Write(TwoRows()).ok());
    });
  }
  for (auto& thread : threads) thread.join();
  // Every batch's two lines stay together.
  std::string text = output->text();
  size_t pos = 0, batches = 0;
  while (pos < text.size()) {
    std::string prefix = text.substr(pos, 5);
    ASSERT_TRUE(prefix == "p:1> " || prefix == "p:2> ") << prefix;
    size_t first_end = text.find('\n', pos);
    size_t second_end = text.find('\n', first_end + 1);
    EXPECT_EQ(text.substr(first_end + 1, 5), prefix);
    pos = second_end + 1;
    ++batches;
  }
  EXPECT_EQ(batches, 100u);
}

TEST(PrintConnector, OptionsThroughTheFactory) {
  auto table = MakeTable({{"a", DataType::Int()}}, {{"connector", "print"},
                                                    {"print-identifier", "x"},
                                                    {"standard-error", "true"},
                                                    {"sink.parallelism", "4"}});
  auto sink = CreateTableSink(table);
  ASSERT_TRUE(sink.ok()) << sink.status();
  EXPECT_EQ((*sink)->parallelism(), std::optional<int>(4));
  EXPECT_EQ((*sink)->accepted_changelog_mode(), types::ChangelogMode::All());
  auto bad =
      MakeTable({{"a", DataType::Int()}}, {{"connector", "print"}, {"sink.parallelism", "0"}});
  EXPECT_EQ(CreateTableSink(bad).status().message(),
            "option 'sink.parallelism' of table 'default_catalog.default_database.t' must be a "
            "positive integer, got 0");
  auto flag =
      MakeTable({{"a", DataType::Int()}}, {{"connector", "print"}, {"standard-error", "1"}});
  EXPECT_EQ(CreateTableSink(flag).status().message(),
            "option 'standard-error' expects true or false, got '1'");
}

}  // namespace
}  // namespace sluice::connectors
