// Data types: TypeSpec with canonical names (see ast.h).
#include <charconv>

#include "absl/strings/str_cat.h"
#include "sluice/sql/sql_parser.h"

namespace sluice::sql {

// type [ARRAY | MULTISET]* [NOT NULL | NULL]
StatusOr<TypeSpec> SqlParser::ParseType() {
  DepthGuard guard(this);
  if (guard.exceeded()) return DepthError();
  SLUICE_ASSIGN_OR_RETURN(TypeSpec type, ParseTypeBody());
  // Calcite's postfix collection syntax: INT ARRAY, STRING MULTISET.
  ChainGuard chain(this);
  while (PeekKeyword("ARRAY") || PeekKeyword("MULTISET")) {
    if (!chain.Step()) return ChainError();
    TypeSpec collection;
    collection.pos = type.pos;
    collection.name = Peek().upper;
    Advance();
    collection.children.push_back(std::move(type));
    type = std::move(collection);
  }
  if (PeekKeywords({"NOT", "NULL"})) {
    Advance();
    Advance();
    type.nullable = false;
  } else {
    AcceptKeyword("NULL");
  }
  return type;
}

StatusOr<std::vector<int>> SqlParser::ParseTypeParams(size_t max_params) {
  std::vector<int> params;
  if (!AcceptToken(TokenType::kLeftParen)) return params;
  do {
    if (!PeekToken(TokenType::kInteger)) return Unexpected("an integer type parameter");
    const std::string& text = Peek().text;
    int value = 0;
    auto [ptr, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || ptr != text.data() + text.size()) {
      return ErrorAt(Peek().pos, absl::StrCat("type parameter ", text, " is out of range"));
    }
    params.push_back(value);
    Advance();
  } while (params.size() < max_params && AcceptToken(TokenType::kComma));
  SLUICE_RETURN_IF_ERROR(ExpectToken(TokenType::kRightParen));
  return params;
}

StatusOr<TypeSpec> SqlParser::ParseTypeBody() {
  TypeSpec type;
  type.pos = Peek().pos;
  if (!PeekToken(TokenType::kIdentifier)) return Unexpected("a data type");
  std::string word = Peek().upper;
  std::string raw = Peek().text;
  Advance();
  auto simple = [&](const char* name, size_t max_params) -> StatusOr<TypeSpec> {
    type.name = name;
    SLUICE_ASSIGN_OR_RETURN(type.params, ParseTypeParams(max_params));
    return type;
  };
  if (word == "BOOLEAN" || word == "BOOL") return simple("BOOLEAN", 0);
  if (word == "TINYINT" || word == "SMALLINT" || word == "BIGINT") return simple(word.c_str(), 0);
  if (word == "INT" || word == "INTEGER") return simple("INT", 0);
  if (word == "FLOAT" || word == "REAL") return simple("FLOAT", 0);
  if (word == "DOUBLE") {
    AcceptKeyword("PRECISION");
    return simple("DOUBLE", 0);
  }
  if (word == "DECIMAL" || word == "DEC" || word == "NUMERIC") return simple("DECIMAL", 2);
  if (word == "CHAR" || word == "CHARACTER") {
    return simple(AcceptKeyword("VARYING") ? "VARCHAR" : "CHAR", 1);
  }
  if (word == "VARCHAR") return simple("VARCHAR", 1);
  if (word == "STRING") return simple("STRING", 0);
  if (word == "BINARY") return simple(AcceptKeyword("VARYING") ? "VARBINARY" : "BINARY", 1);
  if (word == "VARBINARY") return simple("VARBINARY", 1);
  if (word == "BYTES") return simple("BYTES", 0);
  if (word == "DATE") return simple("DATE", 0);
  if (word == "TIME") {
    SLUICE_ASSIGN_OR_RETURN(type, simple("TIME", 1));
    AcceptKeywords({"WITHOUT", "TIME", "ZONE"});
    return type;
  }
  if (word == "TIMESTAMP") {
    SLUICE_ASSIGN_OR_RETURN(type, simple("TIMESTAMP", 1));
    if (AcceptKeywords({"WITH", "LOCAL", "TIME", "ZONE"})) {
      type.name = "TIMESTAMP_LTZ";
    } else if (PeekKeywords({"WITH", "TIME", "ZONE"})) {
      return ErrorAt(Peek().pos,
                     "TIMESTAMP WITH TIME ZONE is not supported; use TIMESTAMP_LTZ or "
                     "TIMESTAMP WITH LOCAL TIME ZONE");
    } else {
      AcceptKeywords({"WITHOUT", "TIME", "ZONE"});
    }
    return type;
  }
  if (word == "TIMESTAMP_LTZ") return simple("TIMESTAMP_LTZ", 1);
  if (word == "ARRAY" || word == "MULTISET" || word == "MAP") {
    type.name = word;
    SLUICE_RETURN_IF_ERROR(ExpectToken(TokenType::kLess));
    SLUICE_ASSIGN_OR_RETURN(TypeSpec element, ParseType());
    type.children.push_back(std::move(element));
    if (word == "MAP") {
      SLUICE_RETURN_IF_ERROR(ExpectToken(TokenType::kComma));
      SLUICE_ASSIGN_OR_RETURN(TypeSpec value, ParseType());
      type.children.push_back(std::move(value));
    }
    SLUICE_RETURN_IF_ERROR(ExpectToken(TokenType::kGreater));
    return type;
  }
  if (word == "ROW") return ParseRowType(type.pos);
  if (word == "NULL" || word == "RAW" || word == "INTERVAL" || word == "SYMBOL") {
    return ErrorAt(type.pos, absl::StrCat("data type ", word, " is not supported"));
  }
  return ErrorAt(type.pos, absl::StrCat("unknown data type '", raw, "'"));
}

// After ROW: <name type ['comment'], ...> or (name type, ...)
StatusOr<TypeSpec> SqlParser::ParseRowType(SourcePosition pos) {
  TypeSpec type;
  type.pos = pos;
  type.name = "ROW";
  TokenType close;
  if (AcceptToken(TokenType::kNotEqual)) {
    if (Previous().text != "<>") return ErrorAt(Previous().pos, "unexpected '!=', expected '<'");
    return type;  // ROW<>, lexed as the <> operator
  }
  if (AcceptToken(TokenType::kLess)) {
    close = TokenType::kGreater;
  } else if (AcceptToken(TokenType::kLeftParen)) {
    close = TokenType::kRightParen;
  } else {
    return Unexpected("'<' or '('");
  }
  if (AcceptToken(close)) return type;
  do {
    SLUICE_ASSIGN_OR_RETURN(Identifier name, ParseIdentifier("a field name"));
    SLUICE_ASSIGN_OR_RETURN(TypeSpec field, ParseType());
    std::string comment;
    if (PeekToken(TokenType::kString)) {
      comment = Peek().text;
      Advance();
    }
    type.field_names.push_back(std::move(name.name));
    type.children.push_back(std::move(field));
    type.field_comments.push_back(std::move(comment));
  } while (AcceptToken(TokenType::kComma));
  SLUICE_RETURN_IF_ERROR(ExpectToken(close));
  return type;
}

}  // namespace sluice::sql
