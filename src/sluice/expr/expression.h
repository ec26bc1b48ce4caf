// Bound expressions: the typed, resolved form of a SQL expression over an input schema, built by
// the binder and evaluated a batch at a time by ExpressionEvaluator. Immutable once built.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sluice/types/data_type.h"
#include "sluice/types/schema.h"
#include "sluice/types/value.h"

namespace sluice::expr {

struct ScalarFunction;

enum class ExprKind {
  kColumn,   // input column `column_index`
  kLiteral,  // constant `literal` of `type`
  kCall,     // scalar function `function` over `args`
  kCast,     // CAST(args[0] AS type); `try_cast` gives NULL instead of an error
};

struct Expression;
using ExprPtr = std::shared_ptr<const Expression>;

struct Expression {
  ExprKind kind = ExprKind::kLiteral;
  types::DataType type;
  int column_index = -1;
  types::Value literal;
  const ScalarFunction* function = nullptr;
  std::vector<ExprPtr> args;
  bool try_cast = false;

  /// SQL-like text: `$2` for columns unless `input` names them, `+(a, 1)` for calls as Flink's
  /// EXPLAIN prints (`+(a, 1)`, `CAST(a AS BIGINT)`, `_UTF-16LE'x'` is not reproduced).
  std::string ToString(const types::Schema* input = nullptr) const;
  bool IsLiteral() const { return kind == ExprKind::kLiteral; }
  bool IsColumn() const { return kind == ExprKind::kColumn; }
  /// True if no column is referenced and every function is deterministic.
  bool IsConstant() const;
  /// Appends every referenced input column index.
  void CollectColumns(std::vector<int>* out) const;
};

ExprPtr MakeColumnRef(int index, types::DataType type);
ExprPtr MakeLiteral(types::Value value, types::DataType type);
ExprPtr MakeCall(const ScalarFunction* function, std::vector<ExprPtr> args, types::DataType type);
ExprPtr MakeCast(ExprPtr input, types::DataType type, bool try_cast = false);
/// The same expression with column indexes rewritten through `mapping` (old index -> new index).
ExprPtr RemapColumns(const ExprPtr& expr, const std::vector<int>& mapping);

}  // namespace sluice::expr
