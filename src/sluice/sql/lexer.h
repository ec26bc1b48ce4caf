// Splits Flink SQL text into tokens. Comments are skipped, except `/*+ ... */` hint comments, whose
// contents are tokenized separately (HintComment) so the parser can read them where hints belong
// and ignore them elsewhere.
#pragma once

#include <string_view>
#include <vector>

#include "sluice/common/status.h"
#include "sluice/sql/token.h"

namespace sluice::sql {

struct TokenizedSql {
  std::vector<Token> tokens;  // always ends with a kEnd token
  std::vector<HintComment> hints;
};

class Lexer {
 public:
  explicit Lexer(std::string_view sql) : sql_(sql) {}

  /// Tokenizes the whole text; errors (unterminated string/comment, stray character) carry the
  /// position in FormatSqlError form.
  StatusOr<TokenizedSql> Tokenize();

 private:
  // Reads tokens until the end of input, or until "*/" when in_hint; appends them (without the
  // terminating kEnd) to `out`.
  absl::Status Scan(bool in_hint, std::vector<Token>* out, std::vector<HintComment>* hints);
  absl::Status ScanQuoted(char quote, Token* token);
  void ScanNumber(Token* token);
  absl::Status Error(size_t offset, std::string_view message) const;
  char At(size_t i) const { return i < sql_.size() ? sql_[i] : '\0'; }
  Token MakeToken(TokenType type, size_t begin, size_t end) const;

  std::string_view sql_;
  size_t offset_ = 0;
  // Position of offset_, maintained incrementally so that tokenizing stays linear.
  SourcePosition pos_;
  void AdvanceTo(size_t offset);
};

}  // namespace sluice::sql
