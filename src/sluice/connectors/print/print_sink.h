// The 'print' connector: a sink that writes every row, of any row kind, as one line to stdout
// (or stderr) the way Flink prints it: `<prefix>+I[1, abc, null]`.
#pragma once

#include <cstdio>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/connectors/connector_factory.h"

namespace sluice::connectors {

/// Where print lines go. Write() receives whole lines (a batch's worth) and must not interleave
/// them with another writer's: implementations are thread-safe.
class LineOutput {
 public:
  virtual ~LineOutput() = default;
  virtual void Write(std::string_view text) = 0;
};

/// stdout or stderr, one lock per stream shared by every print sink of the process.
std::shared_ptr<LineOutput> StandardLineOutput(bool standard_error);

/// Collects the text in memory (tests).
class StringLineOutput final : public LineOutput {
 public:
  void Write(std::string_view text) override {
    std::lock_guard<std::mutex> lock(mutex_);
    text_.append(text);
  }
  std::string text() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return text_;
  }

 private:
  mutable std::mutex mutex_;
  std::string text_;
};

class PrintTableSink final : public TableSink {
 public:
  PrintTableSink(std::string identifier, std::shared_ptr<LineOutput> output,
                 std::optional<int> parallelism = std::nullopt)
      : identifier_(std::move(identifier)), output_(std::move(output)), parallelism_(parallelism) {}

  types::ChangelogMode accepted_changelog_mode() const override {
    return types::ChangelogMode::All();
  }
  StatusOr<std::unique_ptr<runtime::SinkWriter>> CreateWriter(int subtask_index,
                                                              int parallelism) const override;
  std::optional<int> parallelism() const override { return parallelism_; }

 private:
  std::string identifier_;
  std::shared_ptr<LineOutput> output_;
  std::optional<int> parallelism_;
};

/// Flink's line prefix: `ident:3> ` (identifier and parallelism > 1), `ident> `, `3> `, or none.
std::string PrintLinePrefix(std::string_view identifier, int subtask_index, int parallelism);

class PrintConnectorFactory final : public ConnectorFactory {
 public:
  std::string name() const override { return "print"; }
  std::vector<std::string> required_options() const override { return {}; }
  std::vector<std::string> optional_options() const override {
    return {"print-identifier", "standard-error", "sink.parallelism"};
  }
  StatusOr<std::unique_ptr<TableSink>> CreateSink(const ConnectorTable& table) const override;
};

}  // namespace sluice::connectors
