// Renders results the way Flink's SQL client does in tableau mode: content-width tables for
// bounded results, a live changelog table with an `op` column for streams; or CSV / JSON lines.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "sluice/session/result_table.h"

namespace sluice::cli {

enum class OutputFormat { kTable, kCsv, kJson };

/// Prints a small result (SHOW, DESCRIBE, SET) as a content-width table.
void PrintTable(const session::ResultTable& table, OutputFormat format, std::FILE* out,
                const absl::TimeZone& zone);

/// Receives a query's rows. Bounded queries are materialized (the changelog applied) and printed
/// at the end; unbounded ones print every change as it arrives.
class ResultPrinter : public session::QueryListener {
 public:
  ResultPrinter(OutputFormat format, std::FILE* out, absl::TimeZone zone)
      : format_(format), out_(out), zone_(zone) {}
  void OnStart(const types::SchemaPtr& schema, bool bounded) override;
  void OnBatch(const types::Batch& batch) override;
  void OnEnd() override;

 private:
  void PrintChange(types::RowKind kind, const std::vector<std::string>& cells);
  std::vector<std::string> Cells(const types::Batch& batch, size_t row) const;

  OutputFormat format_;
  std::FILE* out_;
  absl::TimeZone zone_;
  types::SchemaPtr schema_;
  bool bounded_ = true;
  std::vector<std::vector<std::string>> rows_;  // bounded: the materialized result
  std::vector<int> widths_;                     // streaming table widths
  int64_t received_ = 0;
};

}  // namespace sluice::cli
