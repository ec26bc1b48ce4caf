#include "sluice/sql/lexer.h"

#include <cctype>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace sluice::sql {

namespace {
bool IsIdentifierStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;  // UTF-8 letters (e.g. Chinese column names)
}
bool IsIdentifierPart(char c) {
  return IsIdentifierStart(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '$';
}
bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)); }
}  // namespace

void Lexer::AdvanceTo(size_t offset) {
  for (; offset_ < offset && offset_ < sql_.size(); ++offset_) {
    if (sql_[offset_] == '\n') {
      ++pos_.line;
      pos_.column = 1;
    } else {
      ++pos_.column;
    }
  }
}

absl::Status Lexer::Error(size_t offset, std::string_view message) const {
  return SqlError(sql_, PositionAt(sql_, offset), message);
}

Token Lexer::MakeToken(TokenType type, size_t begin, size_t end) const {
  Token token;
  token.type = type;
  token.offset = begin;
  token.end = end;
  token.pos = pos_;  // callers create tokens while offset_ == begin
  token.text = std::string(sql_.substr(begin, end - begin));
  return token;
}

StatusOr<TokenizedSql> Lexer::Tokenize() {
  TokenizedSql result;
  result.tokens.reserve(sql_.size() / 6 + 16);  // typical SQL: a token per 5-7 bytes
  SLUICE_RETURN_IF_ERROR(Scan(/*in_hint=*/false, &result.tokens, &result.hints));
  result.tokens.push_back(MakeToken(TokenType::kEnd, sql_.size(), sql_.size()));
  return result;
}

absl::Status Lexer::Scan(bool in_hint, std::vector<Token>* out, std::vector<HintComment>* hints) {
  while (true) {
    // Whitespace and comments.
    char c = At(offset_);
    if (offset_ >= sql_.size()) {
      if (in_hint) return Error(offset_, "unterminated hint comment, expected '*/'");
      return absl::OkStatus();
    }
    if (std::isspace(static_cast<unsigned char>(c))) {
      AdvanceTo(offset_ + 1);
      continue;
    }
    if (c == '-' && At(offset_ + 1) == '-') {
      size_t end = sql_.find('\n', offset_);
      AdvanceTo(end == std::string_view::npos ? sql_.size() : end);
      continue;
    }
    if (c == '*' && At(offset_ + 1) == '/' && in_hint) {
      out->push_back(MakeToken(TokenType::kEnd, offset_, offset_ + 2));
      AdvanceTo(offset_ + 2);
      return absl::OkStatus();
    }
    if (c == '/' && At(offset_ + 1) == '*') {
      if (At(offset_ + 2) == '+' && !in_hint) {
        HintComment hint;
        hint.pos = pos_;
        hint.next_token = out->size();
        AdvanceTo(offset_ + 3);
        SLUICE_RETURN_IF_ERROR(Scan(/*in_hint=*/true, &hint.tokens, nullptr));
        hints->push_back(std::move(hint));
        continue;
      }
      size_t end = sql_.find("*/", offset_ + 2);
      if (end == std::string_view::npos)
        return Error(offset_, "unterminated comment, expected '*/'");
      AdvanceTo(end + 2);
      continue;
    }

    size_t begin = offset_;
    Token token;
    if (IsIdentifierStart(c)) {
      if ((c == 'X' || c == 'x') && At(offset_ + 1) == '\'') {
        token = MakeToken(TokenType::kBinaryString, begin, begin);
        AdvanceTo(offset_ + 1);
        SLUICE_RETURN_IF_ERROR(ScanQuoted('\'', &token));
        token.type = TokenType::kBinaryString;
        token.offset = begin;
        for (char h : token.text) {
          if (!std::isxdigit(static_cast<unsigned char>(h))) {
            return Error(begin, "invalid binary literal: expected hexadecimal digits");
          }
        }
        if (token.text.size() % 2 != 0) {
          return Error(begin, "invalid binary literal: odd number of hexadecimal digits");
        }
      } else {
        size_t end = offset_;
        while (end < sql_.size() && IsIdentifierPart(sql_[end])) ++end;
        token = MakeToken(TokenType::kIdentifier, begin, end);
        token.upper = absl::AsciiStrToUpper(token.text);
        AdvanceTo(end);
      }
    } else if (IsDigit(c) || (c == '.' && IsDigit(At(offset_ + 1)))) {
      token = MakeToken(TokenType::kInteger, begin, begin);
      ScanNumber(&token);
    } else if (c == '\'') {
      token = MakeToken(TokenType::kString, begin, begin);
      SLUICE_RETURN_IF_ERROR(ScanQuoted('\'', &token));
    } else if (c == '`') {
      token = MakeToken(TokenType::kQuotedIdentifier, begin, begin);
      SLUICE_RETURN_IF_ERROR(ScanQuoted('`', &token));
      if (token.text.empty()) return Error(begin, "empty quoted identifier");
    } else if (c == '"') {
      return Error(begin,
                   "double quotes are not supported: use 'single quotes' for strings and "
                   "`back quotes` for identifiers");
    } else {
      // Operators and punctuation: longest match first.
      static constexpr struct {
        const char* text;
        TokenType type;
      } kOperators[] = {
          {"<>", TokenType::kNotEqual},   {"!=", TokenType::kNotEqual},
          {"<=", TokenType::kLessEqual},  {">=", TokenType::kGreaterEqual},
          {"||", TokenType::kConcat},     {"=>", TokenType::kArrow},
          {"(", TokenType::kLeftParen},   {")", TokenType::kRightParen},
          {"[", TokenType::kLeftBracket}, {"]", TokenType::kRightBracket},
          {"{", TokenType::kLeftBrace},   {"}", TokenType::kRightBrace},
          {",", TokenType::kComma},       {";", TokenType::kSemicolon},
          {".", TokenType::kDot},         {"*", TokenType::kStar},
          {"+", TokenType::kPlus},        {"-", TokenType::kMinus},
          {"/", TokenType::kSlash},       {"%", TokenType::kPercent},
          {"=", TokenType::kEqual},       {"<", TokenType::kLess},
          {">", TokenType::kGreater},     {"?", TokenType::kQuestion},
          {":", TokenType::kColon},
      };
      bool matched = false;
      for (const auto& op : kOperators) {
        std::string_view text(op.text);
        if (sql_.substr(offset_, text.size()) == text) {
          token = MakeToken(op.type, begin, begin + text.size());
          AdvanceTo(begin + text.size());
          matched = true;
          break;
        }
      }
      if (!matched) {
        unsigned char byte = static_cast<unsigned char>(c);
        std::string shown = std::isprint(byte)
                                ? std::string(1, c)
                                : absl::StrCat("\\x", absl::Hex(byte, absl::kZeroPad2));
        return Error(begin, absl::StrCat("unexpected character '", shown, "'"));
      }
    }
    out->push_back(std::move(token));
  }
}

// Reads a quoted string or identifier starting at offset_ (the opening quote); a doubled quote
// stands for one quote character. Sets token->text to the unescaped value and token->end.
absl::Status Lexer::ScanQuoted(char quote, Token* token) {
  size_t begin = offset_;
  std::string value;
  size_t i = offset_ + 1;
  while (true) {
    if (i >= sql_.size()) {
      return Error(begin,
                   quote == '`' ? "unterminated quoted identifier" : "unterminated string literal");
    }
    if (sql_[i] == quote) {
      if (At(i + 1) == quote) {
        value.push_back(quote);
        i += 2;
        continue;
      }
      ++i;
      break;
    }
    value.push_back(sql_[i]);
    ++i;
  }
  token->text = std::move(value);
  token->end = i;
  AdvanceTo(i);
  return absl::OkStatus();
}

// digits [. digits] [E [+-] digits] | . digits [E ...]
void Lexer::ScanNumber(Token* token) {
  size_t i = offset_;
  TokenType type = TokenType::kInteger;
  while (IsDigit(At(i))) ++i;
  if (At(i) == '.' && At(i + 1) != '.') {
    type = TokenType::kDecimal;
    ++i;
    while (IsDigit(At(i))) ++i;
  }
  if ((At(i) == 'e' || At(i) == 'E') &&
      (IsDigit(At(i + 1)) || ((At(i + 1) == '+' || At(i + 1) == '-') && IsDigit(At(i + 2))))) {
    type = TokenType::kApproxNumber;
    i += 2;
    while (IsDigit(At(i))) ++i;
  }
  token->type = type;
  token->text = std::string(sql_.substr(offset_, i - offset_));
  token->end = i;
  AdvanceTo(i);
}

}  // namespace sluice::sql
