// The 'datagen' connector: a source of random or sequential rows, Flink's options
// ('rows-per-second', 'number-of-rows', 'fields.<col>.kind|min|max|start|end|length|var-len|
// max-past|null-rate'). Each subtask reads one split: its share of 'number-of-rows' and a
// contiguous share of every sequence.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sluice/connectors/connector_factory.h"

namespace sluice::connectors {

/// How one column is generated (parsed from the 'fields.<col>.*' options).
struct DatagenFieldSpec {
  enum class Kind { kRandom, kSequence };
  Kind kind = Kind::kRandom;
  types::DataType type;
  // kRandom, inclusive bounds: integers and DECIMAL (unscaled) use the int64 pair, FLOAT/DOUBLE
  // the double pair.
  int64_t min_int = 0;
  int64_t max_int = 0;
  double min_double = 0;
  double max_double = 0;
  // kSequence: the whole sequence, inclusive (DECIMAL and strings count whole numbers).
  int64_t start = 0;
  int64_t end = 0;
  int32_t length = 100;         // strings and bytes
  bool var_len = false;         // random length in [1, length]
  int64_t max_past_micros = 0;  // timestamps: now minus up to this
  double null_rate = 0;         // probability of NULL
};

struct DatagenSpec {
  std::string table_name;
  types::SchemaPtr schema;
  std::vector<DatagenFieldSpec> fields;
  double rows_per_second = 10000;
  std::optional<int64_t> number_of_rows;
  bool bounded = false;  // number-of-rows set or any sequence

  /// Rows subtask `subtask_index` of `parallelism` produces (INT64_MAX when unbounded), and the
  /// first value of each sequence column in its share.
  int64_t RowsForSubtask(int subtask_index, int parallelism) const;
  int64_t SequenceBegin(size_t column, int subtask_index, int parallelism) const;
};

/// Parses and validates the table's datagen options.
StatusOr<DatagenSpec> ParseDatagenSpec(const ConnectorTable& table);

class DatagenSource final : public TableSource {
 public:
  explicit DatagenSource(DatagenSpec spec)
      : spec_(std::make_shared<const DatagenSpec>(std::move(spec))) {}
  bool IsBounded() const override { return spec_->bounded; }
  types::SchemaPtr produced_schema() const override { return spec_->schema; }
  StatusOr<std::unique_ptr<runtime::SourceReader>> CreateReader(int subtask_index,
                                                                int parallelism) const override;

 private:
  std::shared_ptr<const DatagenSpec> spec_;
};

class DatagenConnectorFactory final : public ConnectorFactory {
 public:
  std::string name() const override { return "datagen"; }
  std::vector<std::string> required_options() const override { return {}; }
  std::vector<std::string> optional_options() const override;
  StatusOr<std::unique_ptr<TableSource>> CreateSource(const ConnectorTable& table) const override;
};

/// The reader of one subtask (datagen_reader.cc).
std::unique_ptr<runtime::SourceReader> MakeDatagenReader(std::shared_ptr<const DatagenSpec> spec,
                                                         int subtask_index, int parallelism);

}  // namespace sluice::connectors
