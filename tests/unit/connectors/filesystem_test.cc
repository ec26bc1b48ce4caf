#include <gtest/gtest.h>

#include "connector_test_support.h"
#include "sluice/connectors/filesystem/filesystem_source.h"

namespace sluice::connectors {
namespace {

using test_support::Drain;
using test_support::ListAll;
using test_support::MakeTable;
using test_support::ReadFile;
using test_support::Rows;
using test_support::TempDir;
using types::DataType;

std::vector<types::Field> IdName() {
  return {{"id", DataType::BigInt()}, {"name", DataType::String()}};
}

ConnectorTable JsonTable(const std::string& path, std::map<std::string, std::string> extra = {}) {
  extra["connector"] = "filesystem";
  extra["path"] = path;
  extra["format"] = "json";
  return MakeTable(IdName(), std::move(extra));
}

StatusOr<std::vector<std::string>> ReadTable(const ConnectorTable& table, int subtask = 0,
                                             int parallelism = 1,
                                             runtime::OperatorMetrics* metrics = nullptr) {
  SLUICE_ASSIGN_OR_RETURN(auto source, CreateTableSource(table));
  SLUICE_ASSIGN_OR_RETURN(auto reader, source->CreateReader(subtask, parallelism));
  SLUICE_ASSIGN_OR_RETURN(auto batches, Drain(reader.get(), 2, metrics, subtask, parallelism));
  return Rows(batches);
}

void WriteFolder(const TempDir& dir) {
  dir.Write("a.json", "{\"id\":1,\"name\":\"a\"}\r\n\r\n{\"id\":2,\"name\":\"b\"}");  // no final \n
  dir.Write("sub/b.json", "{\"id\":3,\"name\":\"c\"}\n");
  dir.Write(".hidden.json", "garbage\n");
  dir.Write("_SUCCESS", "garbage\n");
  dir.Write(".staging/c.json", "garbage\n");
  dir.Write("c.json", "{\"id\":4,\"name\":\"d\"}\n{\"id\":\"x\"}\n{\"id\":5}\n");
}

TEST(FilesystemSource, ReadsVisibleFilesInNameOrder) {
  TempDir dir;
  WriteFolder(dir);
  std::filesystem::remove(dir.path() + "/c.json");
  auto rows = ReadTable(JsonTable(dir.path()));
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(*rows, (std::vector<std::string>{"1|a", "2|b", "3|c"}));
  auto single = ReadTable(JsonTable(dir.path() + "/sub/b.json"));
  ASSERT_TRUE(single.ok()) << single.status();
  EXPECT_EQ(*single, (std::vector<std::string>{"3|c"}));
}

TEST(FilesystemSource, BadLineNamesFileAndLine) {
  TempDir dir;
  WriteFolder(dir);
  auto rows = ReadTable(JsonTable(dir.path()));
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(rows.status().message(),
            dir.path() + "/c.json:2: invalid value for field 'id' of type BIGINT: \"x\"");
}

TEST(FilesystemSource, IgnoreParseErrorsSkipsAndCounts) {
  TempDir dir;
  WriteFolder(dir);
  runtime::OperatorMetrics metrics;
  auto rows =
      ReadTable(JsonTable(dir.path(), {{"json.ignore-parse-errors", "true"}}), 0, 1, &metrics);
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(*rows, (std::vector<std::string>{"1|a", "2|b", "4|d", "5|NULL", "3|c"}));
  EXPECT_EQ(metrics.records_skipped, 1);
}

TEST(FilesystemSource, FilesAreDealtRoundRobin) {
  TempDir dir;
  WriteFolder(dir);
  auto table = JsonTable(dir.path(), {{"json.ignore-parse-errors", "true"}});
  auto source = CreateTableSource(table);
  ASSERT_TRUE(source.ok());
  EXPECT_TRUE((*source)->IsBounded());
  // Sorted: a.json, c.json, sub/b.json.
  auto first = ReadTable(table, 0, 2);
  auto second = ReadTable(table, 1, 2);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(*first, (std::vector<std::string>{"1|a", "2|b", "3|c"}));
  EXPECT_EQ(*second, (std::vector<std::string>{"4|d", "5|NULL"}));
  auto reader = (*source)->CreateReader(0, 2);
  ASSERT_TRUE(reader.ok());
  ASSERT_TRUE((*reader)->Open(runtime::SourceContext()).ok());
  EXPECT_EQ((*reader)->num_splits(), 2);
  auto batch = (*reader)->Read();
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ(batch->split, 0);
}

TEST(FilesystemSource, MissingPathAndMetadata) {
  auto missing = ReadTable(JsonTable("/tmp/sluice-no-such-folder"));
  EXPECT_EQ(missing.status().message(),
            "path '/tmp/sluice-no-such-folder' of table 'default_catalog.default_database.t' "
            "does not exist");
  TempDir dir;
  std::string file = dir.Write("x.csv", "7,seven\n");
  auto table =
      MakeTable(IdName(), {{"connector", "filesystem"}, {"path", dir.path()}, {"format", "csv"}});
  table.metadata.push_back({"file", "file.path", DataType::String()});
  table.metadata.push_back({"size", "file.size", DataType::BigInt()});
  auto rows = ReadTable(table);
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(*rows, (std::vector<std::string>{"7|seven|" + file + "|8"}));
  table.metadata.push_back({"x", "file.owner", DataType::String()});
  EXPECT_EQ(CreateTableSource(table).status().message(),
            "unknown metadata key 'file.owner' for 'filesystem' in table "
            "'default_catalog.default_database.t'; available: file.modification-time, file.name, "
            "file.path, file.size");
}

types::Batch IdNameBatch(const types::SchemaPtr& schema, std::vector<int64_t> ids) {
  types::Batch batch(schema);
  for (int64_t id : ids) {
    batch.columns[0]->Append(id);
    batch.columns[1]->AppendString("n" + std::to_string(id));
  }
  batch.SyncRowCount();
  return batch;
}

std::unique_ptr<runtime::SinkWriter> OpenWriter(const ConnectorTable& table, int subtask = 0) {
  auto sink = CreateTableSink(table);
  EXPECT_TRUE(sink.ok()) << sink.status();
  if (!sink.ok()) return nullptr;
  EXPECT_TRUE((*sink)->accepted_changelog_mode().IsInsertOnly());
  auto writer = (*sink)->CreateWriter(subtask, 1);
  EXPECT_TRUE(writer.ok());
  EXPECT_TRUE((*writer)->Open(runtime::SinkContext()).ok());
  return std::move(*writer);
}

bool IsHidden(const std::string& name) { return name[0] == '.'; }

TEST(FilesystemSink, InProgressPendingCommittedLifecycle) {
  TempDir dir;
  auto table = MakeTable(
      IdName(), {{"connector", "filesystem"}, {"path", dir.path() + "/out"}, {"format", "csv"}});
  auto writer = OpenWriter(table);
  ASSERT_NE(writer, nullptr);
  std::string out = dir.path() + "/out";
  ASSERT_TRUE(writer->Write(IdNameBatch(table.physical_schema, {1, 2, 3})).ok());
  auto files = ListAll(out);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_TRUE(IsHidden(files[0])) << files[0];
  EXPECT_NE(files[0].find(".inprogress."), std::string::npos);
  EXPECT_EQ(files[0].substr(0, 6), ".part-");

  ASSERT_TRUE(writer->PrepareCommit(1).ok());  // closed: pending, still hidden
  ASSERT_TRUE(writer->Write(IdNameBatch(table.physical_schema, {4})).ok());
  files = ListAll(out);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_TRUE(IsHidden(files[0]) && IsHidden(files[1]));

  ASSERT_TRUE(writer->Commit(1).ok());  // the checkpoint's file becomes visible
  files = ListAll(out);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_TRUE(IsHidden(files[0]));
  ASSERT_FALSE(IsHidden(files[1]));
  std::string visible = files[1];
  EXPECT_EQ(visible.substr(0, 5), "part-");
  EXPECT_EQ(visible.substr(visible.size() - 4), "-0-0");
  EXPECT_EQ(ReadFile(out + "/" + visible), "1,n1\n2,n2\n3,n3\n");

  ASSERT_TRUE(writer->Finish().ok());  // end of input: everything visible
  files = ListAll(out);
  ASSERT_EQ(files.size(), 2u);
  for (const std::string& name : files) EXPECT_FALSE(IsHidden(name)) << name;
  EXPECT_EQ(files[1].substr(files[1].size() - 4), "-0-1");
  EXPECT_EQ(ReadFile(out + "/" + files[1]), "4,n4\n");

  // What the sink wrote reads back through the source.
  auto source_table = table;
  auto rows = ReadTable(source_table);
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(*rows, (std::vector<std::string>{"1|n1", "2|n2", "3|n3", "4|n4"}));
}

TEST(FilesystemSink, RollsBySize) {
  TempDir dir;
  auto table = MakeTable(IdName(), {{"connector", "filesystem"},
                                    {"path", dir.path()},
                                    {"format", "json"},
                                    {"sink.rolling-policy.file-size", "40b"}});
  auto writer = OpenWriter(table, 3);
  ASSERT_NE(writer, nullptr);
  // Each row is 21 bytes with its newline: a file rolls after its second row.
  ASSERT_TRUE(writer->Write(IdNameBatch(table.physical_schema, {1, 2, 3, 4, 5})).ok());
  ASSERT_TRUE(writer->Finish().ok());
  auto files = ListAll(dir.path());
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(ReadFile(dir.path() + "/" + files[0]),
            "{\"id\":1,\"name\":\"n1\"}\n{\"id\":2,\"name\":\"n2\"}\n");
  EXPECT_EQ(files[2].substr(files[2].size() - 4), "-3-2");  // subtask 3, third part
}

TEST(FilesystemSink, CloseWithoutFinishLeavesOnlyHiddenFiles) {
  TempDir dir;
  auto table = MakeTable(IdName(), {{"connector", "filesystem"},
                                    {"path", dir.path()},
                                    {"format", "csv"},
                                    {"sink.rolling-policy.rollover-interval", "0 ms"}});
  auto writer = OpenWriter(table);
  ASSERT_NE(writer, nullptr);
  ASSERT_TRUE(writer->Write(IdNameBatch(table.physical_schema, {1, 2})).ok());
  writer->Close();
  auto files = ListAll(dir.path());
  EXPECT_EQ(files.size(), 2u);  // an interval of 0 rolls at every row
  for (const std::string& name : files) EXPECT_TRUE(IsHidden(name)) << name;
  auto rows = ReadTable(table);
  ASSERT_TRUE(rows.ok());
  EXPECT_TRUE(rows->empty());
}

TEST(FilesystemSink, CsvFieldsWithLineBreaksReadBack) {
  TempDir dir;
  auto table =
      MakeTable(IdName(), {{"connector", "filesystem"}, {"path", dir.path()}, {"format", "csv"}});
  auto writer = OpenWriter(table);
  ASSERT_NE(writer, nullptr);
  types::Batch batch(table.physical_schema);
  batch.columns[0]->Append<int64_t>(1);
  batch.columns[1]->AppendString("two\nlines, \"quoted\"");
  batch.columns[0]->Append<int64_t>(2);
  batch.columns[1]->AppendString("plain");
  batch.SyncRowCount();
  ASSERT_TRUE(writer->Write(batch).ok());
  ASSERT_TRUE(writer->Finish().ok());
  dir.Write("later.csv", "3,\"open\n4,x\n");  // an unterminated quote runs to the end
  auto rows = ReadTable(table);
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.status().message(),
            dir.path() + "/later.csv:1: unterminated quoted field in '3,\"open\n4,x'");
  std::filesystem::remove(dir.path() + "/later.csv");
  rows = ReadTable(table);
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(*rows, (std::vector<std::string>{"1|two\nlines, \"quoted\"", "2|plain"}));
}

TEST(FilesystemSink, RejectsNonInsertRows) {
  TempDir dir;
  auto table =
      MakeTable(IdName(), {{"connector", "filesystem"}, {"path", dir.path()}, {"format", "csv"}});
  auto writer = OpenWriter(table);
  ASSERT_NE(writer, nullptr);
  types::Batch batch = IdNameBatch(table.physical_schema, {1});
  batch.row_kinds = {types::RowKind::kDelete};
  EXPECT_EQ(writer->Write(batch).message(),
            "the filesystem sink of table 'default_catalog.default_database.t' accepts only "
            "INSERT rows, got -D");
}

TEST(FilesystemSink, PartitionFoldersRoundTrip) {
  TempDir dir;
  auto table = MakeTable(
      {{"id", DataType::BigInt()}, {"dt", DataType::String()}, {"hr", DataType::Int()}},
      {{"connector", "filesystem"}, {"path", dir.path()}, {"format", "json"}}, {"dt", "hr"});
  auto writer = OpenWriter(table);
  ASSERT_NE(writer, nullptr);
  types::Batch batch(table.physical_schema);
  auto add = [&](int64_t id, const char* dt, int32_t hr) {
    batch.columns[0]->Append(id);
    if (dt == nullptr) {
      batch.columns[1]->AppendNull();
    } else {
      batch.columns[1]->AppendString(dt);
    }
    batch.columns[2]->Append(hr);
  };
  add(1, "2021-04-13", 8);
  add(2, "2021-04-13", 8);
  add(3, "a/b", 9);
  add(4, nullptr, 10);
  batch.SyncRowCount();
  ASSERT_TRUE(writer->Write(batch).ok());
  ASSERT_TRUE(writer->Finish().ok());
  auto files = ListAll(dir.path());
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files[0].substr(0, 21), "dt=2021-04-13/hr=8/pa");
  EXPECT_EQ(files[1].substr(0, 34), "dt=__DEFAULT_PARTITION__/hr=10/par");
  EXPECT_EQ(files[2].substr(0, 16), "dt=a%2Fb/hr=9/pa");
  // Files hold only the non-partition columns.
  EXPECT_EQ(ReadFile(dir.path() + "/" + files[0]), "{\"id\":1}\n{\"id\":2}\n");
  auto rows = ReadTable(table);
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(*rows,
            (std::vector<std::string>{"1|2021-04-13|8", "2|2021-04-13|8", "4|NULL|10", "3|a/b|9"}));
}

TEST(FilesystemConnector, ValidatesAcceptedOptions) {
  auto message = [](std::map<std::string, std::string> options) {
    options["connector"] = "filesystem";
    options["path"] = "/tmp/x";
    options["format"] = "csv";
    auto sink = CreateTableSink(MakeTable(IdName(), std::move(options)));
    return sink.ok() ? std::string("ok") : std::string(sink.status().message());
  };
  EXPECT_EQ(message({{"sink.rolling-policy.rollover-interval", "soon"}}),
            "option 'sink.rolling-policy.rollover-interval': invalid duration 'soon': expected a "
            "number and a unit such as '10 s'");
  EXPECT_EQ(message({{"sink.partition-commit.trigger", "eventually"}}),
            "option 'sink.partition-commit.trigger' of table "
            "'default_catalog.default_database.t' must be one of [process-time, partition-time], "
            "got 'eventually'");
  EXPECT_EQ(message({{"sink.partition-commit.policy.kind", "metastore,success-file"},
                     {"source.monitor-interval", "10 s"},
                     {"sink.parallelism", "2"}}),
            "ok");
  EXPECT_EQ(message({{"csv.field-delimiter", "ab"}}),
            "Option 'csv.field-delimiter' must be a string with single character, but was: ab");
  auto partitioned = MakeTable(
      IdName(), {{"connector", "filesystem"}, {"path", "/tmp/x"}, {"format", "csv"}}, {"day"});
  EXPECT_EQ(CreateTableSink(partitioned).status().message(),
            "partition key 'day' is not a column of table 'default_catalog.default_database.t'");
}

}  // namespace
}  // namespace sluice::connectors
