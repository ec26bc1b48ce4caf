// ToString for statements: normalized SQL, used by tests and logs (Statement::text keeps the
// user's own spelling).
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "sluice/sql/ast.h"

namespace sluice::sql {

namespace {

std::string Identifiers(const std::vector<Identifier>& ids) {
  std::vector<std::string> parts;
  for (const Identifier& id : ids) parts.push_back(QuoteIdentifier(id.name));
  return absl::StrJoin(parts, ", ");
}

std::string Options(const std::vector<PropertyOption>& options) {
  std::vector<std::string> parts;
  for (const PropertyOption& option : options) {
    parts.push_back(absl::StrCat(QuoteString(option.key), " = ", QuoteString(option.value)));
  }
  return absl::StrCat("(", absl::StrJoin(parts, ", "), ")");
}

std::string ColumnToString(const ColumnDef& column) {
  std::string out = QuoteIdentifier(column.name);
  switch (column.kind) {
    case ColumnKind::kPhysical:
      absl::StrAppend(&out, " ", column.type.ToString());
      if (column.primary_key) absl::StrAppend(&out, " PRIMARY KEY NOT ENFORCED");
      break;
    case ColumnKind::kMetadata:
      absl::StrAppend(&out, " ", column.type.ToString(), " METADATA");
      if (column.metadata_key) absl::StrAppend(&out, " FROM ", QuoteString(*column.metadata_key));
      if (column.is_virtual) absl::StrAppend(&out, " VIRTUAL");
      break;
    case ColumnKind::kComputed:
      absl::StrAppend(&out, " AS ", column.expr ? column.expr->ToString() : "?");
      break;
  }
  if (!column.comment.empty()) absl::StrAppend(&out, " COMMENT ", QuoteString(column.comment));
  return out;
}

std::string CreateTableToString(const CreateTableStatement& create) {
  std::string out = absl::StrCat(
      "CREATE ", create.or_replace ? "OR REPLACE " : "", create.temporary ? "TEMPORARY " : "",
      "TABLE ", create.if_not_exists ? "IF NOT EXISTS " : "", create.name.ToString());
  std::vector<std::string> elements;
  for (const ColumnDef& column : create.columns) elements.push_back(ColumnToString(column));
  if (create.watermark) {
    elements.push_back(
        absl::StrCat("WATERMARK FOR ", QuoteIdentifier(create.watermark->column.name), " AS ",
                     create.watermark->expr ? create.watermark->expr->ToString() : "?"));
  }
  if (create.primary_key) {
    std::string key;
    if (!create.primary_key->constraint_name.empty()) {
      key = absl::StrCat("CONSTRAINT ", QuoteIdentifier(create.primary_key->constraint_name), " ");
    }
    absl::StrAppend(&key, "PRIMARY KEY (", Identifiers(create.primary_key->columns),
                    ") NOT ENFORCED");
    elements.push_back(std::move(key));
  }
  if (!elements.empty()) absl::StrAppend(&out, " (", absl::StrJoin(elements, ", "), ")");
  if (!create.comment.empty()) absl::StrAppend(&out, " COMMENT ", QuoteString(create.comment));
  if (!create.partitioned_by.empty()) {
    absl::StrAppend(&out, " PARTITIONED BY (", Identifiers(create.partitioned_by), ")");
  }
  if (!create.options.empty()) absl::StrAppend(&out, " WITH ", Options(create.options));
  if (create.like) {
    absl::StrAppend(&out, " LIKE ", create.like->table.ToString());
    if (!create.like->options.empty()) {
      std::vector<std::string> options;
      for (const LikeClause::Option& option : create.like->options) {
        options.push_back(absl::StrCat(option.mode, " ", option.feature));
      }
      absl::StrAppend(&out, " (", absl::StrJoin(options, " "), ")");
    }
  }
  if (create.as_query) absl::StrAppend(&out, " AS ", create.as_query->ToString());
  return out;
}

std::string InsertToString(const InsertStatement& insert) {
  std::string out =
      absl::StrCat("INSERT ", insert.overwrite ? "OVERWRITE " : "INTO ", insert.table.ToString());
  if (!insert.hints.empty()) {
    std::vector<std::string> hints;
    for (const Hint& hint : insert.hints) hints.push_back(hint.ToString());
    absl::StrAppend(&out, " /*+ ", absl::StrJoin(hints, ", "), " */");
  }
  if (!insert.partition.empty()) {
    std::vector<std::string> parts;
    for (const auto& [column, value] : insert.partition) {
      parts.push_back(
          absl::StrCat(QuoteIdentifier(column.name), " = ", value ? value->ToString() : "?"));
    }
    absl::StrAppend(&out, " PARTITION (", absl::StrJoin(parts, ", "), ")");
  }
  if (!insert.columns.empty()) absl::StrAppend(&out, " (", Identifiers(insert.columns), ")");
  absl::StrAppend(&out, " ", insert.query ? insert.query->ToString() : "?");
  return out;
}

const char* ObjectKindName(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::kTable:
      return "TABLE";
    case ObjectKind::kView:
      return "VIEW";
    case ObjectKind::kFunction:
      return "FUNCTION";
    case ObjectKind::kDatabase:
      return "DATABASE";
    case ObjectKind::kCatalog:
      return "CATALOG";
  }
  return "?";
}

std::string ShowToString(const ShowStatement& show) {
  std::string out = "SHOW ";
  switch (show.what) {
    case ShowKind::kTables:
      out += "TABLES";
      break;
    case ShowKind::kViews:
      out += "VIEWS";
      break;
    case ShowKind::kFunctions:
      out += "FUNCTIONS";
      break;
    case ShowKind::kUserFunctions:
      out += "USER FUNCTIONS";
      break;
    case ShowKind::kJobs:
      out += "JOBS";
      break;
    case ShowKind::kCatalogs:
      out += "CATALOGS";
      break;
    case ShowKind::kDatabases:
      out += "DATABASES";
      break;
    case ShowKind::kCurrentCatalog:
      out += "CURRENT CATALOG";
      break;
    case ShowKind::kCurrentDatabase:
      out += "CURRENT DATABASE";
      break;
    case ShowKind::kCreateTable:
      return absl::StrCat(out, "CREATE TABLE ", show.name.ToString());
    case ShowKind::kCreateView:
      return absl::StrCat(out, "CREATE VIEW ", show.name.ToString());
    case ShowKind::kColumns:
      absl::StrAppend(&out, "COLUMNS FROM ", show.name.ToString());
      break;
    case ShowKind::kModules:
      out += "MODULES";
      break;
  }
  if (show.what != ShowKind::kColumns && !show.name.parts.empty()) {
    absl::StrAppend(&out, " FROM ", show.name.ToString());
  }
  if (!show.like_pattern.empty()) {
    absl::StrAppend(&out, show.not_like ? " NOT LIKE " : " LIKE ", QuoteString(show.like_pattern));
  }
  return out;
}

}  // namespace

std::string Statement::ToString() const {
  switch (kind) {
    case StatementKind::kQuery: {
      const auto& query = As<QueryStatement>().query;
      return query ? query->ToString() : "?";
    }
    case StatementKind::kInsert:
      return InsertToString(As<InsertStatement>());
    case StatementKind::kStatementSet: {
      std::string out = "EXECUTE STATEMENT SET BEGIN ";
      for (const auto& insert : As<StatementSetStatement>().inserts) {
        absl::StrAppend(&out, InsertToString(*insert), "; ");
      }
      return out + "END";
    }
    case StatementKind::kCreateTable:
      return CreateTableToString(As<CreateTableStatement>());
    case StatementKind::kCreateView: {
      const auto& view = As<CreateViewStatement>();
      std::string out =
          absl::StrCat("CREATE ", view.temporary ? "TEMPORARY " : "", "VIEW ",
                       view.if_not_exists ? "IF NOT EXISTS " : "", view.name.ToString());
      if (!view.columns.empty()) absl::StrAppend(&out, " (", Identifiers(view.columns), ")");
      if (!view.comment.empty()) absl::StrAppend(&out, " COMMENT ", QuoteString(view.comment));
      return absl::StrCat(out, " AS ", view.query ? view.query->ToString() : "?");
    }
    case StatementKind::kCreateFunction: {
      const auto& function = As<CreateFunctionStatement>();
      std::string out =
          absl::StrCat("CREATE ", function.temporary ? "TEMPORARY " : "",
                       function.temporary_system ? "SYSTEM " : "", "FUNCTION ",
                       function.if_not_exists ? "IF NOT EXISTS " : "", function.name.ToString(),
                       " AS ", QuoteString(function.class_name));
      if (!function.language.empty()) absl::StrAppend(&out, " LANGUAGE ", function.language);
      if (!function.jars.empty()) {
        std::vector<std::string> jars;
        for (const std::string& jar : function.jars)
          jars.push_back(absl::StrCat("JAR ", QuoteString(jar)));
        absl::StrAppend(&out, " USING ", absl::StrJoin(jars, ", "));
      }
      return out;
    }
    case StatementKind::kCreateDatabase: {
      const auto& database = As<CreateDatabaseStatement>();
      std::string out =
          absl::StrCat("CREATE DATABASE ", database.if_not_exists ? "IF NOT EXISTS " : "",
                       database.name.ToString());
      if (!database.comment.empty())
        absl::StrAppend(&out, " COMMENT ", QuoteString(database.comment));
      if (!database.options.empty()) absl::StrAppend(&out, " WITH ", Options(database.options));
      return out;
    }
    case StatementKind::kCreateCatalog: {
      const auto& catalog = As<CreateCatalogStatement>();
      std::string out =
          absl::StrCat("CREATE CATALOG ", catalog.if_not_exists ? "IF NOT EXISTS " : "",
                       catalog.name.ToString());
      if (!catalog.options.empty()) absl::StrAppend(&out, " WITH ", Options(catalog.options));
      return out;
    }
    case StatementKind::kDrop: {
      const auto& drop = As<DropStatement>();
      return absl::StrCat("DROP ", drop.temporary ? "TEMPORARY " : "", ObjectKindName(drop.object),
                          " ", drop.if_exists ? "IF EXISTS " : "", drop.name.ToString());
    }
    case StatementKind::kSet: {
      const auto& set = As<SetStatement>();
      if (set.key.empty()) return "SET";
      return absl::StrCat("SET ", QuoteString(set.key), " = ", QuoteString(set.value));
    }
    case StatementKind::kReset: {
      const auto& reset = As<ResetStatement>();
      return reset.key.empty() ? "RESET" : absl::StrCat("RESET ", QuoteString(reset.key));
    }
    case StatementKind::kShow:
      return ShowToString(As<ShowStatement>());
    case StatementKind::kDescribe: {
      const auto& describe = As<DescribeStatement>();
      return absl::StrCat("DESCRIBE ", describe.extended ? "EXTENDED " : "",
                          describe.name.ToString());
    }
    case StatementKind::kExplain: {
      const auto& explain = As<ExplainStatement>();
      std::string out = "EXPLAIN ";
      if (!explain.details.empty())
        absl::StrAppend(&out, absl::StrJoin(explain.details, ", "), " ");
      return absl::StrCat(out, explain.statement ? explain.statement->ToString() : "?");
    }
    case StatementKind::kUse: {
      const auto& use = As<UseStatement>();
      return absl::StrCat("USE ", use.catalog ? "CATALOG " : "", use.name.ToString());
    }
    case StatementKind::kStopJob: {
      const auto& stop = As<StopJobStatement>();
      return absl::StrCat("STOP JOB ", QuoteString(stop.job_id),
                          stop.with_savepoint ? " WITH SAVEPOINT" : "",
                          stop.with_drain ? " WITH DRAIN" : "");
    }
  }
  return "?";
}

}  // namespace sluice::sql
