// Session: the table environment a user talks to (the CLI now, the server later). It owns the
// catalog and the SET configuration, executes statements, plans queries and INSERTs into jobs
// and runs them.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/catalog/catalog.h"
#include "sluice/common/options.h"
#include "sluice/planner/job_graph.h"
#include "sluice/runtime/job_executor.h"
#include "sluice/session/result_table.h"
#include "sluice/sql/ast.h"

namespace sluice::session {

/// Told when a job starts and ends, e.g. to show progress.
class JobObserver {
 public:
  virtual ~JobObserver() = default;
  virtual void OnJobStarted(const std::string& name, const runtime::JobProgress& progress,
                            bool bounded) = 0;
  virtual void OnJobFinished() = 0;
};

/// A planned job: its plans (for EXPLAIN) and graph.
struct PlannedJob {
  std::vector<planner::PlanPtr> unoptimized;
  std::vector<planner::PlanPtr> optimized;
  planner::JobGraph graph;
  bool bounded = true;
};

class Session {
 public:
  explicit Session(Options defaults = Options());

  const Options& config() const { return config_; }
  catalog::Catalog& catalog() { return catalog_; }

  /// Executes one statement. `sql` is the text its positions refer to. Queries stream their rows
  /// to `listener`; INSERTs and statement sets run as one job each and block until it ends.
  StatusOr<StatementOutcome> Execute(const sql::Statement& statement, std::string_view sql,
                                     QueryListener* listener, JobObserver* observer = nullptr);

  /// Plans several INSERTs as one job (a statement set).
  StatusOr<PlannedJob> PlanInserts(
      const std::vector<std::shared_ptr<const sql::InsertStatement>>& inserts,
      std::string_view sql);
  /// Runs a planned job to completion (or until Cancel()).
  Status RunJob(const PlannedJob& job, QueryListener* listener, JobObserver* observer);
  /// EXPLAIN text: abstract syntax tree, optimized physical plan, job graph.
  StatusOr<std::string> Explain(const sql::Statement& statement, std::string_view sql);

  /// Stops the running job, or the next one to start if none runs (safe from another thread).
  void Cancel();
  /// Forgets a Cancel() that no job has consumed yet.
  void ClearCancel() { cancelled_ = false; }

 private:
  StatusOr<PlannedJob> PlanQuery(const sql::Query& query, std::string_view sql);
  StatusOr<PlannedJob> Finish(std::vector<planner::PlanPtr> plans);
  StatusOr<ResultTable> Describe(const sql::DescribeStatement& describe, std::string_view sql);

  Options defaults_;  // the configuration the session started with; RESET returns to it
  Options config_;
  catalog::Catalog catalog_;
  std::mutex running_mutex_;
  runtime::JobExecutor* running_ = nullptr;
  std::atomic<bool> cancelled_{false};
};

/// Flink's default session configuration merged with `overrides`.
Options DefaultConfiguration();

}  // namespace sluice::session
