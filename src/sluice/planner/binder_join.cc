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
  if (join->IsTemporalJoin()) {
    // A temporal join's rows are emitted in the left side's time: its rowtime stays one.
    std::vector<types::Field> fields = join->schema->fields();
    const int column = join->temporal_left_time;
    fields[column].type = join->inputs[0]->schema->field(column).type;
    scope->columns[column].type = fields[column].type;
    join->schema = types::MakeSchema(std::move(fields));
    return;
  }
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

Status Binder::BindTemporalTime(const sql::NamedTableRef& versioned, const Bound& left,
                                const Bound& right, PlanNode* join) {
  if (join->join_kind != JoinKind::kInner && join->join_kind != JoinKind::kLeft) {
    return Error(versioned.pos, "a temporal join must be an INNER or LEFT JOIN");
  }
  SLUICE_ASSIGN_OR_RETURN(expr::ExprPtr time, BindExpression(*versioned.system_time, left.scope));
  if (!time->IsColumn() || !time->type.IsTimeAttribute()) {
    return Error(versioned.system_time->pos,
                 "FOR SYSTEM_TIME AS OF needs a time attribute of the left table, such as "
                 "o.order_time (a rowtime) or o.proc_time (PROCTIME())");
  }
  if (time->type.time_attribute == types::TimeAttribute::kProctime) {
    return Error(versioned.system_time->pos,
                 "lookup joins (FOR SYSTEM_TIME AS OF a processing-time attribute) are not "
                 "supported yet");
  }
  int version_time = -1;
  for (size_t i = 0; i < right.scope.columns.size(); ++i) {
    if (right.scope.columns[i].type.time_attribute == types::TimeAttribute::kRowtime) {
      version_time = static_cast<int>(i);
    }
  }
  if (version_time < 0) {
    return Error(versioned.pos, absl::StrCat("event-time temporal join needs a versioned table: '",
                                             versioned.name.ToString(),
                                             "' has no rowtime attribute (declare a WATERMARK)"));
  }
  join->temporal_left_time = time->column_index;
  join->temporal_right_time = version_time;
  return Status();
}

Status Binder::CheckTemporalKeys(const sql::NamedTableRef& versioned, const Bound& right,
                                 const PlanNode& join) {
  const PlanNode* scan = right.plan.get();
  while (scan->kind != NodeKind::kScan && !scan->inputs.empty()) scan = scan->inputs[0].get();
  const std::vector<std::string> primary_key =
      scan->kind == NodeKind::kScan ? scan->table->primary_key : std::vector<std::string>();
  if (primary_key.empty()) {
    return Error(versioned.pos,
                 absl::StrCat("event-time temporal join needs a versioned table: '",
                              versioned.name.ToString(),
                              "' has no PRIMARY KEY (declare PRIMARY KEY (...) NOT ENFORCED)"));
  }
  for (const std::string& column : primary_key) {
    bool keyed = false;
    for (int k : join.right_keys) keyed |= right.scope.columns[k].name == column;
    if (!keyed) {
      return Error(versioned.pos,
                   absl::StrCat("temporal join condition must equate the versioned table's "
                                "primary key: '",
                                column, "' of '", versioned.name.ToString(), "' is not joined"));
    }
  }
  return Status();
}

StatusOr<Binder::Bound> Binder::BindJoin(const sql::JoinTableRef& join) {
  if (!join.using_columns.empty()) {
    return Error(join.pos, "JOIN ... USING is not supported yet: write the condition with ON");
  }
  SLUICE_ASSIGN_OR_RETURN(Bound left, BindTableRef(*join.left));
  // FOR SYSTEM_TIME AS OF on the right table: a temporal join; the time is the left's.
  const sql::NamedTableRef* versioned = nullptr;
  if (join.right->kind == sql::TableRefKind::kNamed &&
      join.right->As<sql::NamedTableRef>().system_time != nullptr) {
    versioned = &join.right->As<sql::NamedTableRef>();
  }
  Bound right;
  if (versioned != nullptr) {
    sql::NamedTableRef plain = *versioned;
    plain.system_time = nullptr;
    SLUICE_ASSIGN_OR_RETURN(right, BindTableRef(plain));
  } else {
    SLUICE_ASSIGN_OR_RETURN(right, BindTableRef(*join.right));
  }
  auto node = NewNode(NodeKind::kJoin, {left.plan, right.plan});
  node->join_kind = KindOf(join.join_type);
  if (versioned != nullptr) {
    SLUICE_RETURN_IF_ERROR(BindTemporalTime(*versioned, left, right, node.get()));
  }
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
    if (node->IsTemporalJoin()) {
      SLUICE_RETURN_IF_ERROR(CheckTemporalKeys(*versioned, right, *node));
    } else {
      ExtractIntervalBounds(node.get());
    }
  } else if (versioned != nullptr) {
    return Error(join.pos,
                 "a temporal join needs an ON condition with equalities on the versioned "
                 "table's primary key");
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
