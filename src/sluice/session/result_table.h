// Results a statement hands back to its caller: a small table (SHOW, DESCRIBE, a bounded
// query's final rows) and the listener a running query streams its changelog to.
#pragma once

#include <string>
#include <vector>

#include "sluice/types/batch.h"
#include "sluice/types/value.h"

namespace sluice::session {

struct ResultTable {
  types::SchemaPtr schema;
  std::vector<std::vector<types::Value>> rows;
};

/// Receives a query's rows while its job runs (called from the job's sink thread).
class QueryListener {
 public:
  virtual ~QueryListener() = default;
  /// `bounded`: every source is bounded, so the final result is known at the end.
  virtual void OnStart(const types::SchemaPtr& schema, bool bounded) = 0;
  virtual void OnBatch(const types::Batch& batch) = 0;
  virtual void OnEnd() = 0;
};

struct StatementOutcome {
  enum class Kind { kMessage, kTable, kQuery, kJob };
  Kind kind = Kind::kMessage;
  std::string message;  // kMessage: "[INFO] Execute statement succeeded." style text
  ResultTable table;    // kTable
};

}  // namespace sluice::session
