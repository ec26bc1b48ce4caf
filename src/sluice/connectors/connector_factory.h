// Connectors (DESIGN.md §7): a factory per connector, registered in connector_registry.cc. A
// factory validates a table's WITH options and creates the table's source or sink; sources and
// sinks then create one reader or writer per parallel subtask.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/common/options.h"
#include "sluice/common/status.h"
#include "sluice/runtime/sink_writer.h"
#include "sluice/runtime/source_reader.h"
#include "sluice/types/changelog_mode.h"
#include "sluice/types/schema.h"

namespace sluice::connectors {

/// A metadata column a query reads from (or writes to) a connector: `key` as the connector names
/// it ('offset', 'timestamp'), `type` the declared column type.
struct MetadataColumn {
  std::string name;
  std::string key;
  types::DataType type;
};

/// Everything a factory needs to know about a table.
struct ConnectorTable {
  std::string name;                      // for messages: `default_catalog.default_database.t`
  types::SchemaPtr physical_schema;      // physical columns in declared order
  std::vector<MetadataColumn> metadata;  // metadata columns, appended after physical ones
  std::vector<std::string> primary_key;
  std::vector<std::string> partition_keys;
  Options options;  // the WITH clause
  /// Projection push-down: when not empty, the physical columns (indexes into physical_schema)
  /// a query reads; a source whose factory SupportsProjection() produces only those, in this
  /// order, followed by the metadata columns. Options are validated against the whole table.
  std::vector<int> projection;
};

class TableSource {
 public:
  virtual ~TableSource() = default;
  virtual bool IsBounded() const = 0;
  virtual types::ChangelogMode changelog_mode() const { return types::ChangelogMode::InsertOnly(); }
  /// The schema of the batches readers produce: physical columns then metadata columns.
  virtual types::SchemaPtr produced_schema() const = 0;
  virtual StatusOr<std::unique_ptr<runtime::SourceReader>> CreateReader(int subtask_index,
                                                                        int parallelism) const = 0;
};

/// A source whose readers all share one immutable `Shared` state (parsed options, produced
/// schema): `Reader(shared, subtask_index, parallelism)`. `Shared` has `produced_schema`.
template <typename Shared, typename Reader>
class SharedStateSource final : public TableSource {
 public:
  SharedStateSource(std::shared_ptr<const Shared> shared, bool bounded)
      : shared_(std::move(shared)), bounded_(bounded) {}
  bool IsBounded() const override { return bounded_; }
  types::SchemaPtr produced_schema() const override { return shared_->produced_schema; }
  StatusOr<std::unique_ptr<runtime::SourceReader>> CreateReader(int subtask_index,
                                                                int parallelism) const override {
    return std::unique_ptr<runtime::SourceReader>(
        std::make_unique<Reader>(shared_, subtask_index, parallelism));
  }

 private:
  std::shared_ptr<const Shared> shared_;
  bool bounded_;
};

/// The error for a metadata column declared with a type its key does not have: "metadata column
/// 'm' ('offset') of table 't' must be BIGINT, not INT".
Status MetadataTypeError(const MetadataColumn& column, const std::string& table,
                         const char* expected);

class TableSink {
 public:
  virtual ~TableSink() = default;
  /// The row kinds this sink accepts given its options and primary key.
  virtual types::ChangelogMode accepted_changelog_mode() const = 0;
  /// Batches given to writers have the physical schema (plus writable metadata columns).
  virtual StatusOr<std::unique_ptr<runtime::SinkWriter>> CreateWriter(int subtask_index,
                                                                      int parallelism) const = 0;
  /// The parallelism the table asks for ('sink.parallelism'), if any.
  virtual std::optional<int> parallelism() const { return std::nullopt; }
};

class ConnectorFactory {
 public:
  virtual ~ConnectorFactory() = default;
  /// The 'connector' option value: 'datagen', 'filesystem', 'print', 'blackhole', ...
  virtual std::string name() const = 0;
  virtual std::vector<std::string> required_options() const = 0;
  /// Accepted optional keys; a key ending in '.' or containing '*' is a pattern
  /// ('properties.', 'fields.*.kind').
  virtual std::vector<std::string> optional_options() const = 0;
  /// Whether the connector uses 'format' (then the format's own keys are accepted too).
  virtual bool uses_format() const { return false; }
  virtual StatusOr<std::unique_ptr<TableSource>> CreateSource(const ConnectorTable& table) const;
  /// Whether CreateSource honours ConnectorTable::projection for this table.
  virtual bool SupportsProjection(const ConnectorTable& table) const { return false; }
  virtual StatusOr<std::unique_ptr<TableSink>> CreateSink(const ConnectorTable& table) const;
};

/// The registered connector named `name`, or nullptr.
const ConnectorFactory* FindConnector(std::string_view name);
std::vector<std::string> ConnectorNames();

/// Checks `table.options` against the factory (and its format): a missing required option or an
/// unknown option is an InvalidArgument naming it and listing the supported ones, as Flink does:
/// "Unsupported options found for 'datagen' in table 't': 'foo'. Supported options: ...".
Status ValidateOptions(const ConnectorFactory& factory, const ConnectorTable& table);

/// The factory named by the table's 'connector' option, or InvalidArgument ("unknown connector
/// 'xyz' for table 't'; available: blackhole, datagen, filesystem, kafka, print").
StatusOr<const ConnectorFactory*> FindConnectorForTable(const ConnectorTable& table);

/// Finds the connector, validates the options and creates the source (or sink): what the planner
/// calls for a table it scans (or inserts into).
StatusOr<std::unique_ptr<TableSource>> CreateTableSource(const ConnectorTable& table);
StatusOr<std::unique_ptr<TableSink>> CreateTableSink(const ConnectorTable& table);

/// The table's 'sink.parallelism' (a positive integer), or nullopt when it is not set.
StatusOr<std::optional<int>> SinkParallelism(const ConnectorTable& table);

}  // namespace sluice::connectors
