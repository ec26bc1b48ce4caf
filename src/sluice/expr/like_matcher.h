// LikeMatcher: a compiled SQL LIKE pattern ('%' any sequence, '_' one character, optional escape
// character). Patterns of the shapes 'abc', 'abc%', '%abc' and '%abc%' become equality, prefix,
// suffix and substring tests; others run a backtracking wildcard match over UTF-8 code points.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/common/status.h"

namespace sluice::expr {

class LikeMatcher {
 public:
  /// `escape` is 0 for none. Errors: an escape not followed by '%', '_' or itself
  /// ("invalid escape sequence in LIKE pattern 'a\x'").
  static StatusOr<LikeMatcher> Compile(std::string_view pattern, char escape);
  /// Compiles a cache key: the escape character (or '\0') followed by the pattern.
  static StatusOr<std::shared_ptr<const LikeMatcher>> CompileKey(std::string_view key);

  bool Matches(std::string_view text) const;

 private:
  enum class Shape { kExact, kPrefix, kSuffix, kContains, kGeneral };
  enum class TokenKind : uint8_t { kLiteral, kAnyOne, kAnyMany };
  struct Token {
    TokenKind kind;
    std::string literal;
  };

  bool MatchGeneral(std::string_view text) const;

  Shape shape_ = Shape::kGeneral;
  std::string literal_;  // for the simple shapes
  std::vector<Token> tokens_;
};

}  // namespace sluice::expr
