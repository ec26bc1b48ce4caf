#include "sluice/session/session.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "sluice/expr/function_registry.h"
#include "sluice/operators/operator_factory.h"
#include "sluice/planner/aggregate_strategy.h"
#include "sluice/planner/binder.h"
#include "sluice/planner/changelog_inference.h"
#include "sluice/planner/optimizer.h"
#include "sluice/session/connector_inspector.h"
#include "sluice/session/job_translator.h"
#include "sluice/sql/sql_error.h"
#include "sluice/types/temporal.h"

namespace sluice::session {

using types::DataType;
using types::Value;

namespace {

constexpr const char* kOk = "[INFO] Execute statement succeeded.";

ResultTable OneColumn(const std::string& name, const std::vector<std::string>& values) {
  ResultTable table;
  table.schema = types::MakeSchema({{name, DataType::String().WithNullable(false)}});
  for (const std::string& v : values) table.rows.push_back({Value::String(v)});
  return table;
}

StatementOutcome Message(std::string text) {
  StatementOutcome outcome;
  outcome.kind = StatementOutcome::Kind::kMessage;
  outcome.message = std::move(text);
  return outcome;
}

StatementOutcome Table(ResultTable table) {
  StatementOutcome outcome;
  outcome.kind = StatementOutcome::Kind::kTable;
  outcome.table = std::move(table);
  return outcome;
}

// Options that need a valid value, checked at SET time.
Status CheckOption(const std::string& key, const std::string& value) {
  Options probe;
  probe.Set(key, value);
  if (key == "parallelism.default" || key == "execution.batch-size") {
    SLUICE_ASSIGN_OR_RETURN(int64_t v, probe.GetInt(key, 1));
    if (v < 1) {
      return absl::InvalidArgumentError(absl::StrCat("option '", key, "' must be at least 1"));
    }
  }
  if (key == "execution.runtime-mode") {
    std::string mode = absl::AsciiStrToLower(value);
    if (mode != "streaming" && mode != "batch") {
      return absl::InvalidArgumentError(absl::StrCat(
          "option 'execution.runtime-mode' expects 'streaming' or 'batch', got '", value, "'"));
    }
  }
  if (key == "pipeline.auto-watermark-interval" || key == "table.exec.source.idle-timeout") {
    SLUICE_RETURN_IF_ERROR(probe.GetDuration(key, 0).status());
  }
  if (key == "table.local-time-zone") {
    absl::TimeZone zone;
    if (value != "default" && !types::LoadZone(value, &zone)) {
      return absl::InvalidArgumentError(
          absl::StrCat("option 'table.local-time-zone': unknown time zone '", value, "'"));
    }
  }
  return Status();
}

}  // namespace

Options DefaultConfiguration() {
  Options options;
  options.Set("execution.runtime-mode", "streaming");
  options.Set("parallelism.default", "1");
  options.Set("pipeline.auto-watermark-interval", "200 ms");
  options.Set("execution.batch-size", "1024");
  options.Set("table.local-time-zone", "UTC");
  return options;
}

Session::Session(Options defaults) : defaults_(DefaultConfiguration()) {
  defaults_.Merge(defaults);
  config_ = defaults_;
}

void Session::Cancel() {
  cancelled_ = true;
  std::lock_guard<std::mutex> lock(running_mutex_);
  if (running_ != nullptr) running_->Cancel();
}

StatusOr<PlannedJob> Session::Finish(std::vector<planner::PlanPtr> plans) {
  PlannedJob job;
  job.unoptimized = plans;
  SLUICE_ASSIGN_OR_RETURN(bool batch, operators::IsBatchMode(config_));
  // Constants fold in the session's zone, as they evaluate at run time (CAST of TIMESTAMP_LTZ).
  expr::EvalContext context;
  absl::TimeZone zone;
  if (types::LoadZone(config_.GetOr("table.local-time-zone", "UTC"), &zone)) {
    context.local_time_zone = zone;
  }
  RegistryInspector inspector;
  for (const planner::PlanPtr& plan : plans) {
    SLUICE_ASSIGN_OR_RETURN(planner::PlanPtr optimized,
                            planner::Optimize(plan, context, &inspector));
    if (!batch) {
      SLUICE_ASSIGN_OR_RETURN(optimized, planner::SplitDistinctAggregates(optimized, config_));
    }
    SLUICE_ASSIGN_OR_RETURN(optimized, planner::InferChangelog(optimized, &inspector, batch));
    if (!batch) {
      SLUICE_ASSIGN_OR_RETURN(optimized, planner::TwoPhaseAggregation(optimized, config_));
    }
    job.bounded &= optimized->bounded;
    job.optimized.push_back(optimized);
  }
  SLUICE_ASSIGN_OR_RETURN(int64_t parallelism, config_.GetInt("parallelism.default", 1));
  job.graph = planner::BuildJobGraph(job.optimized, static_cast<int>(parallelism));
  return job;
}

StatusOr<PlannedJob> Session::PlanQuery(const sql::Query& query, std::string_view sql) {
  planner::Binder binder(catalog_, config_, sql);
  SLUICE_ASSIGN_OR_RETURN(planner::PlanPtr plan, binder.BindQuery(query));
  auto sink = planner::NewNode(planner::NodeKind::kSink, {plan});
  sink->schema = plan->schema;
  return Finish({sink});
}

StatusOr<PlannedJob> Session::PlanInserts(
    const std::vector<std::shared_ptr<const sql::InsertStatement>>& inserts, std::string_view sql) {
  std::vector<planner::PlanPtr> plans;
  for (const auto& insert : inserts) {
    planner::Binder binder(catalog_, config_, sql);
    SLUICE_ASSIGN_OR_RETURN(planner::PlanPtr plan, binder.BindInsert(*insert));
    plans.push_back(plan);
  }
  return Finish(std::move(plans));
}

Status Session::RunJob(const PlannedJob& job, QueryListener* listener, JobObserver* observer) {
  SLUICE_ASSIGN_OR_RETURN(runtime::JobSpec spec, TranslateJob(job.graph, config_, listener));
  spec.name = job.graph.vertices.empty() ? "job" : job.graph.vertices.back().Name();
  const std::string name = spec.name;
  runtime::JobExecutor executor(std::move(spec));
  {
    std::lock_guard<std::mutex> lock(running_mutex_);
    running_ = &executor;
  }
  Status status = executor.Start();
  // A stop asked for while the job was being planned applies to it.
  if (status.ok() && cancelled_.exchange(false)) executor.Cancel();
  if (status.ok()) {
    if (observer != nullptr) observer->OnJobStarted(name, executor.progress(), job.bounded);
    status = executor.Wait();
    if (observer != nullptr) observer->OnJobFinished();
  }
  std::lock_guard<std::mutex> lock(running_mutex_);
  running_ = nullptr;
  return status;
}

StatusOr<std::string> Session::Explain(const sql::Statement& statement, std::string_view sql) {
  PlannedJob job;
  switch (statement.kind) {
    case sql::StatementKind::kQuery: {
      SLUICE_ASSIGN_OR_RETURN(job, PlanQuery(*statement.As<sql::QueryStatement>().query, sql));
      break;
    }
    case sql::StatementKind::kInsert: {
      auto insert = std::static_pointer_cast<const sql::InsertStatement>(
          std::shared_ptr<const sql::Statement>(std::shared_ptr<const sql::Statement>(),
                                                &statement));
      SLUICE_ASSIGN_OR_RETURN(job, PlanInserts({insert}, sql));
      break;
    }
    case sql::StatementKind::kStatementSet: {
      SLUICE_ASSIGN_OR_RETURN(job,
                              PlanInserts(statement.As<sql::StatementSetStatement>().inserts, sql));
      break;
    }
    default:
      return absl::InvalidArgumentError("EXPLAIN takes a query, an INSERT or a statement set");
  }
  std::string out = "== Abstract Syntax Tree ==\n";
  for (const auto& plan : job.unoptimized) out += planner::PlanToString(plan, false);
  out += "\n== Optimized Physical Plan ==\n";
  for (const auto& plan : job.optimized) out += planner::PlanToString(plan, true);
  out += "\n== Job Graph ==\n";
  out += job.graph.ToString();
  return out;
}

StatusOr<ResultTable> Session::Describe(const sql::DescribeStatement& describe,
                                        std::string_view sql) {
  auto path = catalog_.Resolve(describe.name.parts);
  if (!path.ok())
    return sql::SqlError(sql, describe.name.pos, std::string(path.status().message()));
  ResultTable table;
  DataType text = DataType::String();
  table.schema = types::MakeSchema({{"name", text.WithNullable(false)},
                                    {"type", text.WithNullable(false)},
                                    {"null", DataType::Boolean().WithNullable(false)},
                                    {"key", text},
                                    {"extras", text},
                                    {"watermark", text}});
  auto type_text = [](const DataType& t) {
    std::string s = t.ToBaseString();
    if (t.time_attribute == types::TimeAttribute::kRowtime) s += " *ROWTIME*";
    if (t.time_attribute == types::TimeAttribute::kProctime) s += " *PROCTIME*";
    return s;
  };
  if (auto t = catalog_.FindTable(*path)) {
    std::string key = t->primary_key.empty()
                          ? ""
                          : absl::StrCat("PRI(", absl::StrJoin(t->primary_key, ", "), ")");
    for (const catalog::TableColumn& c : t->columns) {
      bool in_key =
          std::find(t->primary_key.begin(), t->primary_key.end(), c.name) != t->primary_key.end();
      std::string extras;
      if (c.kind == catalog::ColumnKind::kComputed) extras = "AS " + c.expression_text;
      if (c.kind == catalog::ColumnKind::kMetadata) {
        extras = "METADATA";
        if (c.metadata_key != c.name) absl::StrAppend(&extras, " FROM '", c.metadata_key, "'");
        if (c.is_virtual) extras += " VIRTUAL";
      }
      Value watermark = Value::Null();
      if (t->watermark && t->watermark->rowtime_column == c.name) {
        watermark = Value::String(t->watermark->expression_text);
      }
      table.rows.push_back({Value::String(c.name), Value::String(type_text(c.type)),
                            Value::Bool(c.type.nullable),
                            in_key ? Value::String(key) : Value::Null(),
                            extras.empty() ? Value::Null() : Value::String(extras), watermark});
    }
    return table;
  }
  if (auto v = catalog_.FindView(*path)) {
    for (const types::Field& f : v->schema.fields()) {
      table.rows.push_back({Value::String(f.name), Value::String(type_text(f.type)),
                            Value::Bool(f.type.nullable), Value::Null(), Value::Null(),
                            Value::Null()});
    }
    return table;
  }
  return sql::SqlError(sql, describe.name.pos,
                       absl::StrCat("unknown table '", describe.name.ToString(), "'"));
}

StatusOr<StatementOutcome> Session::Execute(const sql::Statement& statement, std::string_view sql,
                                            QueryListener* listener, JobObserver* observer) {
  switch (statement.kind) {
    case sql::StatementKind::kCreateTable: {
      const auto& create = statement.As<sql::CreateTableStatement>();
      planner::Binder binder(catalog_, config_, sql);
      SLUICE_ASSIGN_OR_RETURN(catalog::CatalogTable table, binder.BindCreateTable(create));
      // Validate the connector options now, as Flink does when the table is first used.
      connectors::ConnectorTable connector_table = ToConnectorTable(table);
      auto factory = ValidatedFactory(connector_table);
      if (!factory.ok())
        return sql::SqlError(sql, create.pos, std::string(factory.status().message()));
      SLUICE_RETURN_IF_ERROR(catalog_.CreateTable(std::move(table), create.if_not_exists));
      return Message(kOk);
    }
    case sql::StatementKind::kCreateView: {
      const auto& create = statement.As<sql::CreateViewStatement>();
      planner::Binder binder(catalog_, config_, sql);
      SLUICE_ASSIGN_OR_RETURN(catalog::CatalogView view, binder.BindCreateView(create));
      SLUICE_RETURN_IF_ERROR(catalog_.CreateView(std::move(view), create.if_not_exists));
      return Message(kOk);
    }
    case sql::StatementKind::kDrop: {
      const auto& drop = statement.As<sql::DropStatement>();
      if (drop.object != sql::ObjectKind::kTable && drop.object != sql::ObjectKind::kView) {
        return sql::SqlError(sql, drop.pos, "only DROP TABLE and DROP VIEW are supported");
      }
      auto path = catalog_.Resolve(drop.name.parts);
      if (!path.ok())
        return sql::SqlError(sql, drop.name.pos, std::string(path.status().message()));
      Status status = catalog_.Drop(*path, drop.object == sql::ObjectKind::kView, drop.if_exists);
      if (!status.ok()) return sql::SqlError(sql, drop.name.pos, std::string(status.message()));
      return Message(kOk);
    }
    case sql::StatementKind::kCreateDatabase: {
      const auto& create = statement.As<sql::CreateDatabaseStatement>();
      std::string catalog_name =
          create.name.parts.size() == 2 ? create.name.parts[0] : catalog_.current_catalog();
      SLUICE_RETURN_IF_ERROR(
          catalog_.CreateDatabase(catalog_name, create.name.last(), create.if_not_exists));
      return Message(kOk);
    }
    case sql::StatementKind::kUse: {
      const auto& use = statement.As<sql::UseStatement>();
      Status status = use.catalog ? catalog_.UseCatalog(use.name.last())
                                  : catalog_.UseDatabase(use.name.last());
      if (!status.ok()) return sql::SqlError(sql, use.name.pos, std::string(status.message()));
      return Message(kOk);
    }
    case sql::StatementKind::kSet: {
      const auto& set = statement.As<sql::SetStatement>();
      if (set.key.empty()) {
        ResultTable table;
        table.schema = types::MakeSchema({{"key", DataType::String().WithNullable(false)},
                                          {"value", DataType::String().WithNullable(false)}});
        for (const auto& [k, v] : config_.values()) {
          table.rows.push_back({Value::String(k), Value::String(v)});
        }
        return Table(std::move(table));
      }
      Status status = CheckOption(set.key, set.value);
      if (!status.ok()) return sql::SqlError(sql, set.pos, std::string(status.message()));
      config_.Set(set.key, set.value);
      return Message(kOk);
    }
    case sql::StatementKind::kReset: {
      const auto& reset = statement.As<sql::ResetStatement>();
      // As Flink's RESET: back to the session's initial configuration (defaults plus the
      // options it was started with), not to the built-in defaults.
      if (reset.key.empty()) {
        config_ = defaults_;
      } else if (auto v = defaults_.Get(reset.key)) {
        config_.Set(reset.key, *v);
      } else {
        config_.Erase(reset.key);
      }
      return Message(kOk);
    }
    case sql::StatementKind::kShow: {
      const auto& show = statement.As<sql::ShowStatement>();
      switch (show.what) {
        case sql::ShowKind::kTables:
          return Table(OneColumn("table name", catalog_.ListTables()));
        case sql::ShowKind::kViews:
          return Table(OneColumn("view name", catalog_.ListViews()));
        case sql::ShowKind::kFunctions:
          return Table(OneColumn("function name", expr::ScalarFunctionNames()));
        case sql::ShowKind::kCatalogs:
          return Table(OneColumn("catalog name", catalog_.ListCatalogs()));
        case sql::ShowKind::kDatabases:
          return Table(OneColumn("database name", catalog_.ListDatabases()));
        case sql::ShowKind::kCurrentCatalog:
          return Table(OneColumn("current catalog name", {catalog_.current_catalog()}));
        case sql::ShowKind::kCurrentDatabase:
          return Table(OneColumn("current database name", {catalog_.current_database()}));
        case sql::ShowKind::kColumns: {
          sql::DescribeStatement describe;
          describe.name = show.name;
          SLUICE_ASSIGN_OR_RETURN(ResultTable table, Describe(describe, sql));
          return Table(std::move(table));
        }
        default:
          return sql::SqlError(sql, show.pos, "this SHOW statement is not supported yet");
      }
    }
    case sql::StatementKind::kDescribe: {
      SLUICE_ASSIGN_OR_RETURN(ResultTable table,
                              Describe(statement.As<sql::DescribeStatement>(), sql));
      return Table(std::move(table));
    }
    case sql::StatementKind::kExplain: {
      const auto& explain = statement.As<sql::ExplainStatement>();
      SLUICE_ASSIGN_OR_RETURN(std::string text, Explain(*explain.statement, sql));
      ResultTable table = OneColumn("result", {text});
      return Table(std::move(table));
    }
    case sql::StatementKind::kQuery: {
      SLUICE_ASSIGN_OR_RETURN(PlannedJob job,
                              PlanQuery(*statement.As<sql::QueryStatement>().query, sql));
      if (listener != nullptr) listener->OnStart(job.optimized[0]->schema, job.bounded);
      SLUICE_RETURN_IF_ERROR(RunJob(job, listener, observer));
      if (listener != nullptr) listener->OnEnd();
      StatementOutcome outcome;
      outcome.kind = StatementOutcome::Kind::kQuery;
      return outcome;
    }
    case sql::StatementKind::kInsert:
    case sql::StatementKind::kStatementSet: {
      std::vector<std::shared_ptr<const sql::InsertStatement>> inserts;
      if (statement.kind == sql::StatementKind::kInsert) {
        inserts.push_back(std::shared_ptr<const sql::InsertStatement>(
            std::shared_ptr<const sql::Statement>(), &statement.As<sql::InsertStatement>()));
      } else {
        inserts = statement.As<sql::StatementSetStatement>().inserts;
      }
      SLUICE_ASSIGN_OR_RETURN(PlannedJob job, PlanInserts(inserts, sql));
      SLUICE_RETURN_IF_ERROR(RunJob(job, nullptr, observer));
      StatementOutcome outcome;
      outcome.kind = StatementOutcome::Kind::kJob;
      outcome.message = "[INFO] Complete execution of the SQL update statement.";
      return outcome;
    }
    case sql::StatementKind::kCreateFunction:
      return sql::SqlError(sql, statement.pos,
                           "user-defined functions are not supported yet: CREATE FUNCTION");
    case sql::StatementKind::kCreateCatalog:
      return sql::SqlError(sql, statement.pos, "CREATE CATALOG is not supported yet");
    case sql::StatementKind::kStopJob:
      return sql::SqlError(sql, statement.pos, "STOP JOB needs the platform server (not yet)");
  }
  return sql::SqlError(sql, statement.pos, "unsupported statement");
}

}  // namespace sluice::session
