// CREATE TABLE / VIEW / FUNCTION / DATABASE / CATALOG and DROP.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "sluice/sql/sql_parser.h"

namespace sluice::sql {

StatusOr<SqlParser::MutableStatement> SqlParser::ParseCreate() {
  SourcePosition pos = Peek().pos;
  SLUICE_RETURN_IF_ERROR(ExpectKeyword("CREATE"));
  bool or_replace = AcceptKeywords({"OR", "REPLACE"});
  bool temporary = AcceptKeyword("TEMPORARY");
  bool system = temporary && AcceptKeyword("SYSTEM");
  if (AcceptKeyword("TABLE")) return ParseCreateTable(pos, or_replace, temporary);
  if (or_replace) return Unexpected("TABLE (only CREATE OR REPLACE TABLE ... AS is supported)");
  if (AcceptKeyword("VIEW")) return ParseCreateView(pos, temporary);
  if (AcceptKeyword("FUNCTION")) return ParseCreateFunction(pos, temporary, system);
  if (!temporary && AcceptKeyword("DATABASE")) return ParseCreateDatabase(pos);
  if (!temporary && AcceptKeyword("CATALOG")) return ParseCreateCatalog(pos);
  return Unexpected(temporary ? "TABLE, VIEW or FUNCTION"
                              : "TABLE, VIEW, FUNCTION, DATABASE or CATALOG");
}

StatusOr<SqlParser::MutableStatement> SqlParser::ParseCreateTable(SourcePosition pos,
                                                                  bool or_replace, bool temporary) {
  auto create = std::make_shared<CreateTableStatement>();
  create->or_replace = or_replace;
  create->temporary = temporary;
  create->if_not_exists = AcceptKeywords({"IF", "NOT", "EXISTS"});
  SLUICE_ASSIGN_OR_RETURN(create->name, ParseQualifiedName("a table name"));
  if (AcceptToken(TokenType::kLeftParen)) {
    do {
      SLUICE_RETURN_IF_ERROR(ParseTableElement(create.get()));
    } while (AcceptToken(TokenType::kComma));
    SLUICE_RETURN_IF_ERROR(ExpectToken(TokenType::kRightParen));
  }
  if (AcceptKeyword("COMMENT")) {
    SLUICE_ASSIGN_OR_RETURN(create->comment, ParseStringLiteral());
  }
  if (AcceptKeywords({"PARTITIONED", "BY"})) {
    SLUICE_ASSIGN_OR_RETURN(create->partitioned_by, ParseIdentifierList());
  }
  if (AcceptKeyword("WITH")) {
    SLUICE_ASSIGN_OR_RETURN(create->options, ParsePropertyList());
  }
  if (PeekKeyword("LIKE")) {
    SLUICE_ASSIGN_OR_RETURN(create->like, ParseLikeClause());
  } else if (AcceptKeyword("AS")) {
    if (!PeekQueryStart()) return Unexpected("a query after AS");
    SLUICE_ASSIGN_OR_RETURN(create->as_query, ParseQuery());
  } else if (or_replace) {
    return Unexpected("AS (CREATE OR REPLACE TABLE needs AS <query>)");
  }
  return create;
}

absl::Status SqlParser::ParseTableElement(CreateTableStatement* create) {
  SourcePosition pos = Peek().pos;
  if (PeekKeyword("WATERMARK") && PeekKeyword("FOR", 1)) {
    if (create->watermark) return ErrorAt(pos, "only one WATERMARK may be declared per table");
    Advance();
    Advance();
    WatermarkDef watermark;
    watermark.pos = pos;
    watermark.column.pos = Peek().pos;
    SLUICE_ASSIGN_OR_RETURN(QualifiedName column, ParseQualifiedName("the rowtime column"));
    watermark.column.name = absl::StrJoin(column.parts, ".");
    SLUICE_RETURN_IF_ERROR(ExpectKeyword("AS"));
    size_t first = cursor();
    SLUICE_ASSIGN_OR_RETURN(watermark.expr, ParseExpr());
    watermark.expr_text = TextFrom(first);
    create->watermark = std::move(watermark);
    return absl::OkStatus();
  }
  if (PeekKeyword("CONSTRAINT") || PeekKeywords({"PRIMARY", "KEY"})) {
    PrimaryKeyDef key;
    key.pos = pos;
    if (AcceptKeyword("CONSTRAINT")) {
      SLUICE_ASSIGN_OR_RETURN(Identifier name, ParseIdentifier("a constraint name"));
      key.constraint_name = std::move(name.name);
    }
    SourcePosition primary_pos = Peek().pos;
    SLUICE_RETURN_IF_ERROR(ExpectKeywords({"PRIMARY", "KEY"}));
    SLUICE_ASSIGN_OR_RETURN(key.columns, ParseIdentifierList());
    SLUICE_RETURN_IF_ERROR(ParsePrimaryKeyTail(primary_pos));
    if (create->primary_key) return ErrorAt(pos, "a table can have only one PRIMARY KEY");
    for (const ColumnDef& column : create->columns) {
      if (column.primary_key) return ErrorAt(pos, "a table can have only one PRIMARY KEY");
    }
    create->primary_key = std::move(key);
    return absl::OkStatus();
  }
  SLUICE_ASSIGN_OR_RETURN(ColumnDef column, ParseColumnDef());
  if (column.primary_key) {
    bool duplicate = create->primary_key.has_value();
    for (const ColumnDef& other : create->columns) duplicate |= other.primary_key;
    if (duplicate) return ErrorAt(column.pos, "a table can have only one PRIMARY KEY");
  }
  create->columns.push_back(std::move(column));
  return absl::OkStatus();
}

// name type [NOT NULL] [[CONSTRAINT n] PRIMARY KEY NOT ENFORCED] [COMMENT '..']
// name type METADATA [FROM 'key'] [VIRTUAL] [COMMENT '..']
// name AS expr [COMMENT '..']
StatusOr<ColumnDef> SqlParser::ParseColumnDef() {
  ColumnDef column;
  column.pos = Peek().pos;
  SLUICE_ASSIGN_OR_RETURN(Identifier name,
                          ParseIdentifier("a column name, WATERMARK or PRIMARY KEY"));
  column.name = std::move(name.name);
  if (AcceptKeyword("AS")) {
    column.kind = ColumnKind::kComputed;
    size_t first = cursor();
    SLUICE_ASSIGN_OR_RETURN(column.expr, ParseExpr());
    column.expr_text = TextFrom(first);
  } else {
    SLUICE_ASSIGN_OR_RETURN(column.type, ParseType());
    if (AcceptKeyword("METADATA")) {
      column.kind = ColumnKind::kMetadata;
      if (AcceptKeyword("FROM")) {
        SLUICE_ASSIGN_OR_RETURN(column.metadata_key, ParseStringLiteral("a quoted metadata key"));
      }
      column.is_virtual = AcceptKeyword("VIRTUAL");
    } else {
      if (AcceptKeyword("CONSTRAINT")) {
        SLUICE_RETURN_IF_ERROR(ParseIdentifier("a constraint name").status());
        if (!PeekKeyword("PRIMARY")) return Unexpected("PRIMARY KEY");
      }
      SourcePosition primary_pos = Peek().pos;
      if (AcceptKeywords({"PRIMARY", "KEY"})) {
        SLUICE_RETURN_IF_ERROR(ParsePrimaryKeyTail(primary_pos));
        column.primary_key = true;
      }
    }
  }
  if (AcceptKeyword("COMMENT")) {
    SLUICE_ASSIGN_OR_RETURN(column.comment, ParseStringLiteral());
  }
  return column;
}

absl::Status SqlParser::ParsePrimaryKeyTail(SourcePosition primary_pos) {
  if (AcceptKeywords({"NOT", "ENFORCED"})) return absl::OkStatus();
  if (PeekKeyword("ENFORCED") || AtEnd() || PeekToken(TokenType::kComma) ||
      PeekToken(TokenType::kRightParen) || PeekKeyword("COMMENT")) {
    return ErrorAt(primary_pos,
                   "PRIMARY KEY must be declared NOT ENFORCED: Flink does not own the data, so "
                   "the only supported mode is NOT ENFORCED");
  }
  return Unexpected("NOT ENFORCED");
}

// LIKE t [( {INCLUDING|EXCLUDING|OVERWRITING} {ALL|CONSTRAINTS|PARTITIONS|GENERATED|OPTIONS|
//            WATERMARKS|METADATA} ... )]
StatusOr<LikeClause> SqlParser::ParseLikeClause() {
  LikeClause like;
  like.pos = Peek().pos;
  SLUICE_RETURN_IF_ERROR(ExpectKeyword("LIKE"));
  SLUICE_ASSIGN_OR_RETURN(like.table, ParseQualifiedName("a table name"));
  if (!AcceptToken(TokenType::kLeftParen)) return like;
  while (!AcceptToken(TokenType::kRightParen)) {
    LikeClause::Option option;
    if (PeekKeyword("INCLUDING") || PeekKeyword("EXCLUDING") || PeekKeyword("OVERWRITING")) {
      option.mode = Peek().upper;
      Advance();
    } else {
      return Unexpected(like.options.empty() ? "INCLUDING, EXCLUDING or OVERWRITING"
                                             : "INCLUDING, EXCLUDING, OVERWRITING or ')'");
    }
    static constexpr std::string_view kFeatures[] = {
        "ALL", "CONSTRAINTS", "PARTITIONS", "GENERATED", "OPTIONS", "WATERMARKS", "METADATA"};
    for (std::string_view feature : kFeatures) {
      if (AcceptKeyword(feature)) {
        option.feature = std::string(feature);
        break;
      }
    }
    if (option.feature.empty()) {
      return Unexpected("ALL, CONSTRAINTS, PARTITIONS, GENERATED, OPTIONS, WATERMARKS or METADATA");
    }
    like.options.push_back(std::move(option));
    AcceptToken(TokenType::kComma);
  }
  return like;
}

StatusOr<SqlParser::MutableStatement> SqlParser::ParseCreateView(SourcePosition pos,
                                                                 bool temporary) {
  auto view = std::make_shared<CreateViewStatement>();
  view->temporary = temporary;
  view->if_not_exists = AcceptKeywords({"IF", "NOT", "EXISTS"});
  SLUICE_ASSIGN_OR_RETURN(view->name, ParseQualifiedName("a view name"));
  if (PeekToken(TokenType::kLeftParen)) {
    SLUICE_ASSIGN_OR_RETURN(view->columns, ParseIdentifierList());
  }
  if (AcceptKeyword("COMMENT")) {
    SLUICE_ASSIGN_OR_RETURN(view->comment, ParseStringLiteral());
  }
  SLUICE_RETURN_IF_ERROR(ExpectKeyword("AS"));
  if (!PeekQueryStart()) return Unexpected("a query");
  size_t first = cursor();
  SLUICE_ASSIGN_OR_RETURN(view->query, ParseQuery());
  view->query_text = TextFrom(first);
  return view;
}

// CREATE [TEMPORARY [SYSTEM]] FUNCTION [IF NOT EXISTS] f AS 'class' [LANGUAGE l]
//   [USING JAR 'a' [, JAR 'b']]
StatusOr<SqlParser::MutableStatement> SqlParser::ParseCreateFunction(SourcePosition pos,
                                                                     bool temporary, bool system) {
  auto function = std::make_shared<CreateFunctionStatement>();
  function->temporary = temporary;
  function->temporary_system = system;
  function->if_not_exists = AcceptKeywords({"IF", "NOT", "EXISTS"});
  SLUICE_ASSIGN_OR_RETURN(function->name, ParseQualifiedName("a function name"));
  SLUICE_RETURN_IF_ERROR(ExpectKeyword("AS"));
  SLUICE_ASSIGN_OR_RETURN(function->class_name, ParseStringLiteral("a quoted class name"));
  if (AcceptKeyword("LANGUAGE")) {
    if (!PeekToken(TokenType::kIdentifier)) return Unexpected("JAVA, SCALA or PYTHON");
    function->language = Peek().upper;
    Advance();
  }
  if (AcceptKeyword("USING")) {
    do {
      SLUICE_RETURN_IF_ERROR(ExpectKeyword("JAR"));
      SLUICE_ASSIGN_OR_RETURN(std::string jar, ParseStringLiteral("a quoted jar path"));
      function->jars.push_back(std::move(jar));
    } while (AcceptToken(TokenType::kComma));
  }
  return function;
}

StatusOr<SqlParser::MutableStatement> SqlParser::ParseCreateDatabase(SourcePosition pos) {
  auto database = std::make_shared<CreateDatabaseStatement>();
  database->if_not_exists = AcceptKeywords({"IF", "NOT", "EXISTS"});
  SLUICE_ASSIGN_OR_RETURN(database->name, ParseQualifiedName("a database name"));
  if (AcceptKeyword("COMMENT")) {
    SLUICE_ASSIGN_OR_RETURN(database->comment, ParseStringLiteral());
  }
  if (AcceptKeyword("WITH")) {
    SLUICE_ASSIGN_OR_RETURN(database->options, ParsePropertyList());
  }
  return database;
}

StatusOr<SqlParser::MutableStatement> SqlParser::ParseCreateCatalog(SourcePosition pos) {
  auto catalog = std::make_shared<CreateCatalogStatement>();
  catalog->if_not_exists = AcceptKeywords({"IF", "NOT", "EXISTS"});
  SLUICE_ASSIGN_OR_RETURN(catalog->name, ParseQualifiedName("a catalog name"));
  if (AcceptKeyword("WITH")) {
    SLUICE_ASSIGN_OR_RETURN(catalog->options, ParsePropertyList());
  }
  return catalog;
}

// DROP [TEMPORARY [SYSTEM]] {TABLE|VIEW|FUNCTION|DATABASE|CATALOG} [IF EXISTS] name
//   [RESTRICT|CASCADE]
StatusOr<SqlParser::MutableStatement> SqlParser::ParseDrop() {
  auto drop = std::make_shared<DropStatement>();
  SLUICE_RETURN_IF_ERROR(ExpectKeyword("DROP"));
  drop->temporary = AcceptKeyword("TEMPORARY");
  if (drop->temporary) AcceptKeyword("SYSTEM");
  if (AcceptKeyword("TABLE")) {
    drop->object = ObjectKind::kTable;
  } else if (AcceptKeyword("VIEW")) {
    drop->object = ObjectKind::kView;
  } else if (AcceptKeyword("FUNCTION")) {
    drop->object = ObjectKind::kFunction;
  } else if (!drop->temporary && AcceptKeyword("DATABASE")) {
    drop->object = ObjectKind::kDatabase;
  } else if (!drop->temporary && AcceptKeyword("CATALOG")) {
    drop->object = ObjectKind::kCatalog;
  } else {
    return Unexpected("TABLE, VIEW, FUNCTION, DATABASE or CATALOG");
  }
  drop->if_exists = AcceptKeywords({"IF", "EXISTS"});
  SLUICE_ASSIGN_OR_RETURN(drop->name, ParseQualifiedName("a name"));
  if (!AcceptKeyword("RESTRICT")) AcceptKeyword("CASCADE");
  return drop;
}

}  // namespace sluice::sql
