#include "sluice/sql/lexer.h"

#include <gtest/gtest.h>

#include <vector>

namespace sluice::sql {
namespace {

std::vector<Token> Lex(std::string_view sql) {
  StatusOr<TokenizedSql> tokenized = Lexer(sql).Tokenize();
  EXPECT_TRUE(tokenized.ok()) << tokenized.status();
  if (!tokenized.ok()) return {};
  return tokenized->tokens;
}

std::string LexError(std::string_view sql) {
  StatusOr<TokenizedSql> tokenized = Lexer(sql).Tokenize();
  EXPECT_FALSE(tokenized.ok());
  return tokenized.ok() ? "" : std::string(tokenized.status().message());
}

TEST(Lexer, WordsKeepCaseAndGetUpperCopy) {
  std::vector<Token> tokens = Lex("select MyCol from `my table`");
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_EQ(tokens[0].type, TokenType::kIdentifier);
  EXPECT_EQ(tokens[0].upper, "SELECT");
  EXPECT_EQ(tokens[1].text, "MyCol");
  EXPECT_EQ(tokens[3].type, TokenType::kQuotedIdentifier);
  EXPECT_EQ(tokens[3].text, "my table");
  EXPECT_EQ(tokens[4].type, TokenType::kEnd);
}

TEST(Lexer, QuotedValuesUnescapeDoubledQuotes) {
  std::vector<Token> tokens = Lex("'it''s' `a``b` X'0aFF'");
  EXPECT_EQ(tokens[0].type, TokenType::kString);
  EXPECT_EQ(tokens[0].text, "it's");
  EXPECT_EQ(tokens[1].text, "a`b");
  EXPECT_EQ(tokens[2].type, TokenType::kBinaryString);
  EXPECT_EQ(tokens[2].text, "0aFF");
}

TEST(Lexer, Numbers) {
  std::vector<Token> tokens = Lex("1 1.5 .5 1e3 2.5E-2 7.");
  EXPECT_EQ(tokens[0].type, TokenType::kInteger);
  EXPECT_EQ(tokens[1].type, TokenType::kDecimal);
  EXPECT_EQ(tokens[1].text, "1.5");
  EXPECT_EQ(tokens[2].type, TokenType::kDecimal);
  EXPECT_EQ(tokens[3].type, TokenType::kApproxNumber);
  EXPECT_EQ(tokens[4].type, TokenType::kApproxNumber);
  EXPECT_EQ(tokens[4].text, "2.5E-2");
  EXPECT_EQ(tokens[5].type, TokenType::kDecimal);
}

TEST(Lexer, OperatorsLongestMatch) {
  std::vector<Token> tokens = Lex("<> != <= >= || => < > = - / % :");
  std::vector<TokenType> expected = {
      TokenType::kNotEqual, TokenType::kNotEqual, TokenType::kLessEqual, TokenType::kGreaterEqual,
      TokenType::kConcat,   TokenType::kArrow,    TokenType::kLess,      TokenType::kGreater,
      TokenType::kEqual,    TokenType::kMinus,    TokenType::kSlash,     TokenType::kPercent,
      TokenType::kColon,    TokenType::kEnd};
  ASSERT_EQ(tokens.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(tokens[i].type, expected[i]) << i;
}

TEST(Lexer, CommentsAreSkippedAndPositionsTracked) {
  std::vector<Token> tokens = Lex("a -- line comment\n  /* block\n comment */ b\n\tc");
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[0].pos, (SourcePosition{1, 1}));
  EXPECT_EQ(tokens[1].text, "b");
  EXPECT_EQ(tokens[1].pos, (SourcePosition{3, 13}));
  EXPECT_EQ(tokens[2].pos, (SourcePosition{4, 2}));
  EXPECT_EQ(tokens[3].pos, (SourcePosition{4, 3}));  // end of input
}

TEST(Lexer, HintCommentsAreTokenizedSeparately) {
  StatusOr<TokenizedSql> tokenized =
      Lexer("SELECT /*+ LOOKUP('table'='d') */ a FROM t /*+ OPTIONS('k'='v') */").Tokenize();
  ASSERT_TRUE(tokenized.ok()) << tokenized.status();
  ASSERT_EQ(tokenized->hints.size(), 2u);
  EXPECT_EQ(tokenized->hints[0].next_token, 1u);  // before `a`
  EXPECT_EQ(tokenized->hints[0].tokens[0].upper, "LOOKUP");
  EXPECT_EQ(tokenized->hints[0].tokens.back().type, TokenType::kEnd);
  EXPECT_EQ(tokenized->hints[1].next_token, 4u);  // before the end
  EXPECT_EQ(tokenized->hints[1].pos, (SourcePosition{1, 44}));
  EXPECT_EQ(tokenized->tokens.size(), 5u);
}

TEST(Lexer, Utf8IdentifiersAndStrings) {
  std::vector<Token> tokens = Lex("SELECT 用户 FROM t WHERE s = '北京'");
  EXPECT_EQ(tokens[1].type, TokenType::kIdentifier);
  EXPECT_EQ(tokens[1].text, "用户");
  EXPECT_EQ(tokens[7].text, "北京");
}

TEST(Lexer, Errors) {
  EXPECT_EQ(LexError("SELECT 'abc"),
            "line 1:8: unterminated string literal\nSELECT 'abc\n       ^");
  EXPECT_EQ(LexError("SELECT `abc"),
            "line 1:8: unterminated quoted identifier\nSELECT `abc\n       ^");
  EXPECT_EQ(LexError("a /* never closed"),
            "line 1:3: unterminated comment, expected '*/'\na /* never closed\n  ^");
  EXPECT_EQ(LexError("a /*+ OPTIONS("),
            "line 1:15: unterminated hint comment, expected '*/'\na /*+ OPTIONS(\n              ^");
  EXPECT_EQ(LexError("SELECT #"), "line 1:8: unexpected character '#'\nSELECT #\n       ^");
  EXPECT_EQ(LexError("SELECT \"a\""),
            "line 1:8: double quotes are not supported: use 'single quotes' for strings and "
            "`back quotes` for identifiers\nSELECT \"a\"\n       ^");
  EXPECT_EQ(LexError("X'0G'"),
            "line 1:1: invalid binary literal: expected hexadecimal digits\n"
            "X'0G'\n^");
  EXPECT_NE(LexError(std::string_view("a\0b", 3)).find("unexpected character '\\x00'"),
            std::string::npos);
}

}  // namespace
}  // namespace sluice::sql
