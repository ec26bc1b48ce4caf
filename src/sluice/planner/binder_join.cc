// Binder: regular joins (a [INNER|LEFT|RIGHT|FULL] JOIN b ON ..., a CROSS JOIN b, a, b).
#include "absl/strings/str_cat.h"
#include "sluice/planner/binder.h"

namespace sluice::planner {

namespace {

JoinKind KindOf(sql::JoinType type) {
  switch (type) {
    case sql::JoinType::kLeft:
      return JoinKind::kLeft;
    case sql::JoinType::kRight:
      return JoinKind::kRight;
    case sql::JoinType::kFull:
      return JoinKind::kFull;
    default:
      return JoinKind::kInner;
  }
}

}  // namespace

void KeepIntervalTimeAttributes(PlanNode* join, Scope* scope) {
  if (!join->IsIntervalJoin()) return;
  std::vector<types::Field> fields = join->schema->fields();
  const int left_width = static_cast<int>(join->inputs[0]->schema->size());
  const int columns[2] = {join->interval_left_time, left_width + join->interval_right_time};
  const types::DataType* types[2] = {
      &join->inputs[0]->schema->field(join->interval_left_time).type,
      &join->inputs[1]->schema->field(join->interval_right_time).type};
  for (int s = 0; s < 2; ++s) {
    types::DataType type = *types[s];
    type.nullable = fields[columns[s]].type.nullable;
    fields[columns[s]].type = type;
    scope->columns[columns[s]].type = type;
  }
  join->schema = types::MakeSchema(std::move(fields));
}

StatusOr<Binder::Bound> Binder::BindJoin(const sql::JoinTableRef& join) {
  if (!join.using_columns.empty()) {
    return Error(join.pos, "JOIN ... USING is not supported yet: write the condition with ON");
  }
  SLUICE_ASSIGN_OR_RETURN(Bound left, BindTableRef(*join.left));
  SLUICE_ASSIGN_OR_RETURN(Bound right, BindTableRef(*join.right));
  auto node = NewNode(NodeKind::kJoin, {left.plan, right.plan});
  node->join_kind = KindOf(join.join_type);
  const bool left_nullable =
      node->join_kind == JoinKind::kRight || node->join_kind == JoinKind::kFull;
  const bool right_nullable =
      node->join_kind == JoinKind::kLeft || node->join_kind == JoinKind::kFull;

  if (join.condition) {
    // The ON condition sees the inputs' own types (time attributes compare as timestamps).
    Scope on_scope;
    on_scope.columns = left.scope.columns;
    on_scope.columns.insert(on_scope.columns.end(), right.scope.columns.begin(),
                            right.scope.columns.end());
    SLUICE_ASSIGN_OR_RETURN(expr::ExprPtr condition, BindExpression(*join.condition, on_scope));
    if (condition->type.id != types::TypeId::kBoolean) {
      return Error(join.condition->pos, absl::StrCat("JOIN ... ON needs a BOOLEAN condition, not ",
                                                     condition->type.ToString()));
    }
    node->condition = condition;
    ExtractJoinKeys(node.get());
    ExtractIntervalBounds(node.get());
  } else if (join.join_type != sql::JoinType::kCross && join.join_type != sql::JoinType::kComma &&
             join.join_type != sql::JoinType::kInner) {
    return Error(join.pos, "an outer JOIN needs an ON condition");
  }

  // Output: left then right columns. A regular join keeps no time attribute (as Flink, its
  // output rows are not ordered by time); an interval join keeps its two time columns'. The
  // null-padded side's columns become nullable.
  Bound bound;
  std::vector<types::Field> fields;
  std::map<std::string, int> seen;
  auto add_side = [&](const Bound& side, bool nullable) {
    for (size_t i = 0; i < side.scope.columns.size(); ++i) {
      ScopeColumn column = side.scope.columns[i];
      column.type = column.type.Materialized();
      if (nullable) column.type.nullable = true;
      bound.scope.columns.push_back(column);
      // Field names stay unique in the plan (id, id0, ...), as Flink renames them.
      std::string name = side.plan->schema->field(i).name;
      int& count = seen[name];
      std::string unique = count == 0 ? name : absl::StrCat(name, count - 1);
      ++count;
      fields.push_back({unique, column.type});
    }
  };
  add_side(left, left_nullable);
  add_side(right, right_nullable);
  node->schema = types::MakeSchema(std::move(fields));
  KeepIntervalTimeAttributes(node.get(), &bound.scope);
  bound.plan = node;
  return bound;
}

}  // namespace sluice::planner
