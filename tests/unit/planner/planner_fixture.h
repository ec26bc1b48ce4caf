// Shared setup for planner tests: a catalog with one table, SQL bound into plans.
#pragma once

#include <gtest/gtest.h>

#include "sluice/catalog/catalog.h"
#include "sluice/planner/binder.h"
#include "sluice/planner/changelog_inference.h"
#include "sluice/sql/parser.h"

namespace sluice::planner {

/// Every table is an append-only, unbounded source that accepts projections; sinks take
/// inserts only.
class FakeInspector : public ConnectorInspector {
 public:
  StatusOr<types::ChangelogMode> SourceChangelog(const catalog::CatalogTable&) override {
    return types::ChangelogMode::InsertOnly();
  }
  StatusOr<bool> SourceIsBounded(const catalog::CatalogTable&) override { return false; }
  StatusOr<types::ChangelogMode> SinkAccepts(const catalog::CatalogTable&) override {
    return types::ChangelogMode::InsertOnly();
  }
  bool SupportsProjection(const catalog::CatalogTable&) override { return projection; }
  bool projection = true;
};

/// The first node of `kind` in `plan`, depth first, or nullptr.
inline const PlanNode* FindKind(const PlanPtr& plan, NodeKind kind) {
  if (plan->kind == kind) return plan.get();
  for (const PlanPtr& input : plan->inputs) {
    if (const PlanNode* found = FindKind(input, kind)) return found;
  }
  return nullptr;
}

class PlannerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Create(
        "CREATE TABLE events (device_id STRING, page STRING, extra STRING, n INT, "
        "ts TIMESTAMP(3), up AS UPPER(page), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) "
        "WITH ('connector' = 'x')");
    Create("CREATE TABLE out1 (page STRING, c BIGINT) WITH ('connector' = 'x')");
  }

  void Create(const std::string& sql) {
    auto statement = sql::ParseStatement(sql);
    ASSERT_TRUE(statement.ok()) << statement.status();
    Binder binder(catalog_, options_, sql);
    auto table = binder.BindCreateTable((*statement)->As<sql::CreateTableStatement>());
    ASSERT_TRUE(table.ok()) << table.status();
    ASSERT_TRUE(catalog_.CreateTable(*table, false).ok());
  }

  /// Binds a query or INSERT; returns the error status when binding fails.
  StatusOr<PlanPtr> Bind(const std::string& sql) {
    SLUICE_ASSIGN_OR_RETURN(sql::StatementPtr statement, sql::ParseStatement(sql));
    Binder binder(catalog_, options_, sql);
    if (statement->kind == sql::StatementKind::kInsert) {
      return binder.BindInsert(statement->As<sql::InsertStatement>());
    }
    return binder.BindQuery(*statement->As<sql::QueryStatement>().query);
  }

  catalog::Catalog catalog_;
  Options options_;
  FakeInspector inspector_;
};

}  // namespace sluice::planner
