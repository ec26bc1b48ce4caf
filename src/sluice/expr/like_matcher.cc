#include "sluice/expr/like_matcher.h"

#include "absl/strings/str_cat.h"
#include "sluice/expr/ascii.h"
#include "sluice/expr/utf8.h"

namespace sluice::expr {

StatusOr<LikeMatcher> LikeMatcher::Compile(std::string_view pattern, char escape) {
  LikeMatcher m;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (escape != 0 && c == escape) {
      if (i + 1 == pattern.size() ||
          (pattern[i + 1] != '%' && pattern[i + 1] != '_' && pattern[i + 1] != escape)) {
        return absl::InvalidArgumentError(
            absl::StrCat("invalid escape sequence in LIKE pattern '", ToAbsl(pattern), "'"));
      }
      c = pattern[++i];
    } else if (c == '%') {
      if (m.tokens_.empty() || m.tokens_.back().kind != TokenKind::kAnyMany) {
        m.tokens_.push_back({TokenKind::kAnyMany, {}});
      }
      continue;
    } else if (c == '_') {
      m.tokens_.push_back({TokenKind::kAnyOne, {}});
      continue;
    }
    if (m.tokens_.empty() || m.tokens_.back().kind != TokenKind::kLiteral) {
      m.tokens_.push_back({TokenKind::kLiteral, {}});
    }
    m.tokens_.back().literal.push_back(c);
  }
  // Recognize the shapes with a single literal.
  auto is = [&](size_t i, TokenKind k) { return m.tokens_[i].kind == k; };
  size_t n = m.tokens_.size();
  if (n == 0) {
    m.shape_ = Shape::kExact;
  } else if (n == 1 && is(0, TokenKind::kLiteral)) {
    m.shape_ = Shape::kExact;
    m.literal_ = m.tokens_[0].literal;
  } else if (n == 2 && is(0, TokenKind::kLiteral) && is(1, TokenKind::kAnyMany)) {
    m.shape_ = Shape::kPrefix;
    m.literal_ = m.tokens_[0].literal;
  } else if (n == 2 && is(0, TokenKind::kAnyMany) && is(1, TokenKind::kLiteral)) {
    m.shape_ = Shape::kSuffix;
    m.literal_ = m.tokens_[1].literal;
  } else if (n == 3 && is(0, TokenKind::kAnyMany) && is(1, TokenKind::kLiteral) &&
             is(2, TokenKind::kAnyMany)) {
    m.shape_ = Shape::kContains;
    m.literal_ = m.tokens_[1].literal;
  } else if (n == 1 && is(0, TokenKind::kAnyMany)) {
    m.shape_ = Shape::kPrefix;  // '%': any string
  }
  return m;
}

StatusOr<std::shared_ptr<const LikeMatcher>> LikeMatcher::CompileKey(std::string_view key) {
  auto compiled = Compile(key.substr(1), key[0]);
  if (!compiled.ok()) return compiled.status();
  return std::make_shared<const LikeMatcher>(std::move(*compiled));
}

bool LikeMatcher::Matches(std::string_view text) const {
  switch (shape_) {
    case Shape::kExact:
      return text == literal_;
    case Shape::kPrefix:
      return text.starts_with(literal_);
    case Shape::kSuffix:
      return text.ends_with(literal_);
    case Shape::kContains:
      return text.find(literal_) != std::string_view::npos;
    case Shape::kGeneral:
      return MatchGeneral(text);
  }
  return false;
}

// The classic wildcard match with backtracking to the last '%': linear for patterns with one
// '%', O(text * pattern) in the worst case.
bool LikeMatcher::MatchGeneral(std::string_view text) const {
  const size_t n = tokens_.size();
  size_t t = 0, pos = 0;
  size_t star_token = n, star_pos = 0;
  while (pos < text.size()) {
    if (t < n) {
      const Token& token = tokens_[t];
      if (token.kind == TokenKind::kLiteral) {
        if (star_token != n && t == star_token + 1) {
          // Right after the active '%': jump to the literal's next occurrence. If there is none,
          // no later backtracking can match either.
          size_t found = text.find(token.literal, pos);
          if (found == std::string_view::npos) return false;
          star_pos = found;
          pos = found + token.literal.size();
          ++t;
          continue;
        }
        if (text.compare(pos, token.literal.size(), token.literal) == 0) {
          pos += token.literal.size();
          ++t;
          continue;
        }
      } else if (token.kind == TokenKind::kAnyOne) {
        pos = NextCodePoint(text, pos);
        ++t;
        continue;
      } else {
        star_token = t++;
        star_pos = pos;
        continue;
      }
    }
    if (star_token == n) return false;
    t = star_token + 1;
    star_pos = NextCodePoint(text, star_pos);
    pos = star_pos;
  }
  while (t < n && tokens_[t].kind == TokenKind::kAnyMany) ++t;
  return t == n;
}

}  // namespace sluice::expr
