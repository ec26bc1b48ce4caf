#include "sluice/connectors/connector_factory.h"

#include <gtest/gtest.h>

#include "connector_test_support.h"

namespace sluice::connectors {
namespace {

using test_support::HasPrefix;
using test_support::MakeTable;
using types::DataType;

TEST(ConnectorRegistry, ListsConnectors) {
  EXPECT_EQ(ConnectorNames(),
            (std::vector<std::string>{"blackhole", "datagen", "filesystem", "kafka", "print"}));
  EXPECT_NE(FindConnector("datagen"), nullptr);
  EXPECT_EQ(FindConnector("upsert-kafka"), nullptr);
}

TEST(ValidateOptions, UnknownConnector) {
  auto table = MakeTable({{"a", DataType::Int()}}, {{"connector", "xyz"}});
  EXPECT_EQ(CreateTableSource(table).status().message(),
            "unknown connector 'xyz' for table 'default_catalog.default_database.t'; available: "
            "blackhole, datagen, filesystem, kafka, print");
  auto none = MakeTable({{"a", DataType::Int()}}, {{"path", "/tmp"}});
  EXPECT_FALSE(CreateTableSink(none).ok());
}

TEST(ValidateOptions, UnsupportedOptionsListTheSupportedOnes) {
  auto table = MakeTable({{"a", DataType::Int()}},
                         {{"connector", "datagen"}, {"foo", "1"}, {"fields.a.kind", "random"}});
  EXPECT_EQ(CreateTableSource(table).status().message(),
            "Unsupported options found for 'datagen' in table "
            "'default_catalog.default_database.t': 'foo'. Supported options: connector, "
            "fields.#.end, fields.#.kind, fields.#.length, fields.#.max, fields.#.max-past, "
            "fields.#.min, fields.#.null-rate, fields.#.start, fields.#.var-len, number-of-rows, "
            "rows-per-second");
  auto typo =
      MakeTable({{"a", DataType::Int()}}, {{"connector", "datagen"}, {"fields.a.kinds", "x"}});
  EXPECT_TRUE(HasPrefix(CreateTableSource(typo).status().message(),
                        "Unsupported options found for 'datagen' in table "
                        "'default_catalog.default_database.t': 'fields.a.kinds'."));
}

TEST(ValidateOptions, MissingRequiredOptions) {
  auto table =
      MakeTable({{"a", DataType::Int()}}, {{"connector", "filesystem"}, {"format", "csv"}});
  EXPECT_EQ(CreateTableSource(table).status().message(),
            "Missing required options for 'filesystem' in table "
            "'default_catalog.default_database.t': path");
  auto both = MakeTable({{"a", DataType::Int()}}, {{"connector", "filesystem"}});
  EXPECT_EQ(CreateTableSink(both).status().message(),
            "Missing required options for 'filesystem' in table "
            "'default_catalog.default_database.t': path, format");
}

TEST(ValidateOptions, FormatOptionsFollowTheChosenFormat) {
  auto ok = MakeTable({{"a", DataType::Int()}}, {{"connector", "filesystem"},
                                                 {"path", "/tmp/x"},
                                                 {"format", "json"},
                                                 {"json.ignore-parse-errors", "true"}});
  EXPECT_TRUE(ValidateOptions(*FindConnector("filesystem"), ok).ok());
  auto wrong = MakeTable({{"a", DataType::Int()}}, {{"connector", "filesystem"},
                                                    {"path", "/tmp/x"},
                                                    {"format", "json"},
                                                    {"csv.field-delimiter", ";"}});
  Status status = ValidateOptions(*FindConnector("filesystem"), wrong);
  EXPECT_TRUE(HasPrefix(status.message(),
                        "Unsupported options found for 'filesystem' in table "
                        "'default_catalog.default_database.t': 'csv.field-delimiter'."));
  auto unknown = MakeTable({{"a", DataType::Int()}},
                           {{"connector", "filesystem"}, {"path", "/tmp/x"}, {"format", "avro"}});
  EXPECT_EQ(ValidateOptions(*FindConnector("filesystem"), unknown).message(),
            "unknown format 'avro' for table 'default_catalog.default_database.t'; available: "
            "csv, json, raw");
}

TEST(ValidateOptions, SourceOnlyAndSinkOnlyConnectors) {
  auto print = MakeTable({{"a", DataType::Int()}}, {{"connector", "print"}});
  EXPECT_EQ(CreateTableSource(print).status().message(),
            "Connector 'print' can only be used as a sink. It cannot be used as a source (table "
            "'default_catalog.default_database.t').");
  auto datagen = MakeTable({{"a", DataType::Int()}}, {{"connector", "datagen"}});
  EXPECT_EQ(CreateTableSink(datagen).status().message(),
            "Connector 'datagen' can only be used as a source. It cannot be used as a sink (table "
            "'default_catalog.default_database.t').");
}

TEST(Blackhole, AcceptsEverythingAndCounts) {
  auto table = MakeTable({{"a", DataType::Int()}}, {{"connector", "blackhole"}});
  auto sink = CreateTableSink(table);
  ASSERT_TRUE(sink.ok()) << sink.status();
  EXPECT_EQ((*sink)->accepted_changelog_mode(), types::ChangelogMode::All());
  auto writer = (*sink)->CreateWriter(0, 1);
  ASSERT_TRUE(writer.ok());
  runtime::OperatorMetrics metrics;
  runtime::SinkContext context;
  context.metrics = &metrics;
  ASSERT_TRUE((*writer)->Open(context).ok());
  types::Batch batch(table.physical_schema);
  for (int i = 0; i < 5; ++i) batch.columns[0]->Append<int32_t>(i);
  batch.SyncRowCount();
  batch.row_kinds.assign(5, types::RowKind::kDelete);
  ASSERT_TRUE((*writer)->Write(batch).ok());
  ASSERT_TRUE((*writer)->Finish().ok());
  EXPECT_EQ(metrics.rows_in, 5);
  auto extra = MakeTable({{"a", DataType::Int()}}, {{"connector", "blackhole"}, {"x", "1"}});
  EXPECT_FALSE(CreateTableSink(extra).ok());
}

}  // namespace
}  // namespace sluice::connectors
