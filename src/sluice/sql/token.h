// Tokens produced by the Lexer (lexer.h) and consumed by the parser.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/sql/sql_error.h"

namespace sluice::sql {

enum class TokenType {
  kIdentifier,        // unquoted word, also every keyword (keywords are not separate tokens)
  kQuotedIdentifier,  // `back quoted`
  kString,            // 'text' (text holds the unescaped value)
  kBinaryString,      // X'0AFF' (text holds the hex digits)
  kInteger,           // 123
  kDecimal,           // 1.5, .5, 1.
  kApproxNumber,      // 1e3, 1.5E-2
  kLeftParen,
  kRightParen,
  kLeftBracket,
  kRightBracket,
  kLeftBrace,
  kRightBrace,
  kComma,
  kSemicolon,
  kDot,
  kStar,
  kPlus,
  kMinus,
  kSlash,
  kPercent,
  kEqual,
  kNotEqual,  // <> or !=
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kConcat,  // ||
  kArrow,   // =>
  kQuestion,
  kColon,
  kEnd,  // end of input (or end of a hint comment)
};

struct Token {
  TokenType type = TokenType::kEnd;
  std::string text;   // identifier name, unescaped string value, digits, or punctuation
  std::string upper;  // kIdentifier only: text upper-cased, for keyword comparison
  size_t offset = 0;  // byte range in the SQL text
  size_t end = 0;
  SourcePosition pos;
};

/// The tokens of one `/*+ ... */` comment; `next_token` is the index (in the main token list) of
/// the token that follows the comment, which is how the parser finds the hints at a position.
struct HintComment {
  std::vector<Token> tokens;  // ends with kEnd positioned at the closing "*/"
  size_t next_token = 0;
  SourcePosition pos;
};

/// True for the words that can't be used as unquoted identifiers or implicit aliases
/// (`upper` must be upper-case).
bool IsReservedWord(std::string_view upper);

}  // namespace sluice::sql
