// String functions, LIKE, the regular-expression functions and the hash functions.
#include "expression_test.h"

namespace sluice::expr {
namespace {

using types::TypeId;

class StringFunctionsTest : public ExpressionTest {
 protected:
  Value One(const std::string& name, std::vector<ExprPtr> args) {
    return EvalOne(Call(name, std::move(args)));
  }
};

TEST_F(StringFunctionsTest, ConcatAndTypes) {
  AddColumn("s", DataType::Varchar(5), {S("ab"), N()});
  EXPECT_EQ(Eval(Call("||", {Col("s"), Str("c")})), (std::vector<Value>{S("abc"), N()}));
  EXPECT_EQ(Eval(Call("CONCAT", {Str("x"), Col("s"), Str("y")})),
            (std::vector<Value>{S("xaby"), N()}));
  EXPECT_EQ(Call("||", {Col("s"), Str("c")})->type, DataType::Varchar(6));
  EXPECT_EQ(Call("||", {Str("a"), Str("bc")})->type, DataType::Varchar(3).WithNullable(false));
  EXPECT_EQ(Eval(Call("CONCAT_WS", {Str("-"), Str("a"), Col("s"), Str("b")})),
            (std::vector<Value>{S("a-ab-b"), S("a-b")}));
  EXPECT_EQ(One("CONCAT_WS", {Null(DataType::String()), Str("a")}), N());
  EXPECT_FALSE(CallError("CONCAT", {Str("a"), Int(1)}).ok());
}

TEST_F(StringFunctionsTest, SubstringFollowsFlink) {
  ExprPtr s = Str("hello");
  EXPECT_EQ(One("SUBSTRING", {s, Int(2)}), S("ello"));
  EXPECT_EQ(One("SUBSTRING", {s, Int(2), Int(3)}), S("ell"));
  EXPECT_EQ(One("SUBSTRING", {s, Int(0), Int(2)}), S("he"));
  EXPECT_EQ(One("SUBSTRING", {s, Int(-3)}), S("llo"));
  EXPECT_EQ(One("SUBSTRING", {s, Int(-3), Int(2)}), S("ll"));
  EXPECT_EQ(One("SUBSTRING", {s, Int(-9)}), S(""));
  EXPECT_EQ(One("SUBSTRING", {s, Int(9)}), S(""));
  EXPECT_EQ(One("SUBSTRING", {s, Int(2), Int(-1)}), N());
  EXPECT_EQ(One("SUBSTR", {Str("\xe4\xbd\xa0\xe5\xa5\xbd\xe5\x90\x97"), Int(2), Int(1)}),
            S("\xe5\xa5\xbd"));
  EXPECT_EQ(Call("SUBSTRING", {s, Int(2)})->type.id, TypeId::kVarchar);
  EXPECT_EQ(One("LEFT", {s, Int(2)}), S("he"));
  EXPECT_EQ(One("RIGHT", {s, Int(2)}), S("lo"));
  EXPECT_EQ(One("RIGHT", {s, Int(-2)}), S(""));
}

TEST_F(StringFunctionsTest, CaseMappingKeepsTheType) {
  AddColumn("s", DataType::Varchar(10),
            {S("Hello \xc3\xa9t\xc3\xa9"), S("\xd0\x9f\xd1\x80\xd0\xb8")});
  EXPECT_EQ(Eval(Call("UPPER", {Col("s")})),
            (std::vector<Value>{S("HELLO \xc3\x89T\xc3\x89"), S("\xd0\x9f\xd0\xa0\xd0\x98")}));
  EXPECT_EQ(Eval(Call("LOWER", {Col("s")}))[0], S("hello \xc3\xa9t\xc3\xa9"));
  EXPECT_EQ(Call("UPPER", {Col("s")})->type, DataType::Varchar(10));
  EXPECT_EQ(One("INITCAP", {Str("hello wORLD 9lives")}), S("Hello World 9lives"));
  EXPECT_EQ(One("REVERSE", {Str("ab\xc3\xa9")}), S("\xc3\xa9"
                                                   "ba"));
}

TEST_F(StringFunctionsTest, TrimFamily) {
  EXPECT_EQ(One("TRIM", {Str("BOTH"), Str(" "), Str("  a b  ")}), S("a b"));
  EXPECT_EQ(One("TRIM", {Str("LEADING"), Str("xy"), Str("xyxaxy")}), S("axy"));
  EXPECT_EQ(One("TRIM", {Str("TRAILING"), Str("x"), Str("xaxx")}), S("xa"));
  EXPECT_EQ(One("LTRIM", {Str("  a ")}), S("a "));
  EXPECT_EQ(One("RTRIM", {Str("  a ")}), S("  a"));
  EXPECT_FALSE(CallError("TRIM", {Str("MIDDLE"), Str(" "), Str("a")}).ok());
}

TEST_F(StringFunctionsTest, LengthsAndPositions) {
  ExprPtr len = Call("CHAR_LENGTH", {Str("h\xc3\xa9llo")});
  EXPECT_EQ(len->type.id, TypeId::kInt);
  EXPECT_EQ(EvalOne(len), I(5));
  EXPECT_EQ(One("CHARACTER_LENGTH", {Str("")}), I(0));
  EXPECT_EQ(One("POSITION", {Str("l"), Str("h\xc3\xa9llo")}), I(3));
  EXPECT_EQ(One("POSITION", {Str("z"), Str("hello")}), I(0));
  EXPECT_EQ(One("POSITION", {Str(""), Str("hello")}), I(1));
  EXPECT_EQ(One("LOCATE", {Str("l"), Str("hello"), Int(4)}), I(4));
  EXPECT_EQ(One("INSTR", {Str("hello"), Str("lo")}), I(4));
}

TEST_F(StringFunctionsTest, ReplaceSplitPadRepeat) {
  EXPECT_EQ(One("REPLACE", {Str("a.b.c"), Str("."), Str("--")}), S("a--b--c"));
  EXPECT_EQ(One("REPLACE", {Str("abc"), Str(""), Str("-")}), S("-a-b-c-"));
  EXPECT_EQ(One("SPLIT_INDEX", {Str("a,b,,c"), Str(","), Int(1)}), S("b"));
  EXPECT_EQ(One("SPLIT_INDEX", {Str("a,b,,c"), Str(","), Int(2)}), S(""));
  EXPECT_EQ(One("SPLIT_INDEX", {Str("a,b,,c"), Str(","), Int(4)}), N());
  EXPECT_EQ(One("SPLIT_INDEX", {Str("a::b"), Str("::"), Int(1)}), S("b"));
  EXPECT_EQ(One("SPLIT_INDEX", {Str("abc"), Str(","), Int(-1)}), N());
  EXPECT_EQ(One("LPAD", {Str("hi"), Int(5), Str("xy")}), S("xyxhi"));
  EXPECT_EQ(One("LPAD", {Str("hello"), Int(2), Str("x")}), S("he"));
  EXPECT_EQ(One("RPAD", {Str("hi"), Int(5), Str("xy")}), S("hixyx"));
  EXPECT_EQ(One("RPAD", {Str("hi"), Int(-1), Str("x")}), N());
  EXPECT_EQ(One("REPEAT", {Str("ab"), Int(3)}), S("ababab"));
  EXPECT_EQ(One("TO_BASE64", {Str("hello")}), S("aGVsbG8="));
  EXPECT_EQ(One("FROM_BASE64", {Str("aGVsbG8=")}), S("hello"));
}

TEST_F(StringFunctionsTest, LikePatterns) {
  AddColumn("s", DataType::String(), {S("apple"), S("banana"), S("grape"), N(), S("a_c")});
  auto like = [&](const std::string& pattern) {
    return Eval(Call("LIKE", {Col("s"), Str(pattern)}));
  };
  EXPECT_EQ(like("a%"), (std::vector<Value>{B(true), B(false), B(false), N(), B(true)}));
  EXPECT_EQ(like("%e"), (std::vector<Value>{B(true), B(false), B(true), N(), B(false)}));
  EXPECT_EQ(like("%an%"), (std::vector<Value>{B(false), B(true), B(false), N(), B(false)}));
  EXPECT_EQ(like("apple"), (std::vector<Value>{B(true), B(false), B(false), N(), B(false)}));
  EXPECT_EQ(like("_r%e"), (std::vector<Value>{B(false), B(false), B(true), N(), B(false)}));
  EXPECT_EQ(like("%a%a%a"), (std::vector<Value>{B(false), B(true), B(false), N(), B(false)}));
  EXPECT_EQ(like("%"), (std::vector<Value>{B(true), B(true), B(true), N(), B(true)}));
  EXPECT_EQ(Eval(Call("LIKE", {Col("s"), Str("a!_c"), Str("!")})),
            (std::vector<Value>{B(false), B(false), B(false), N(), B(true)}));
  EXPECT_FALSE(EvalStatus(Call("LIKE", {Col("s"), Str("a!x"), Str("!")})).ok());
  EXPECT_EQ(One("LIKE", {Str("\xc3\xa9t\xc3\xa9"), Str("_t_")}), B(true));
}

TEST_F(StringFunctionsTest, LikeWithAPatternPerRow) {
  AddColumn("s", DataType::String(), {S("abc"), S("abc"), S("xyz")});
  AddColumn("p", DataType::String(), {S("a%"), S("%z"), S("%y%")});
  EXPECT_EQ(Eval(Call("LIKE", {Col("s"), Col("p")})),
            (std::vector<Value>{B(true), B(false), B(true)}));
}

TEST_F(StringFunctionsTest, RegularExpressions) {
  EXPECT_EQ(One("REGEXP", {Str("abc123"), Str("\\d+")}), B(true));
  EXPECT_EQ(One("REGEXP", {Str("abc"), Str("^b")}), B(false));
  EXPECT_EQ(One("REGEXP_EXTRACT", {Str("foothebar"), Str("foo(.*?)(bar)"), Int(2)}), S("bar"));
  EXPECT_EQ(One("REGEXP_EXTRACT", {Str("foothebar"), Str("foo(.*?)(bar)"), Int(1)}), S("the"));
  EXPECT_EQ(One("REGEXP_EXTRACT", {Str("foothebar"), Str("o+")}), S("oo"));
  EXPECT_EQ(One("REGEXP_EXTRACT", {Str("abc"), Str("x(y)"), Int(1)}), N());
  EXPECT_EQ(One("REGEXP_EXTRACT", {Str("abc"), Str("(b)"), Int(3)}), N());
  EXPECT_EQ(One("REGEXP_EXTRACT", {Str("id=42;"), Str("id=(\\p{Digit}+)"), Int(1)}), S("42"));
  EXPECT_EQ(One("REGEXP_REPLACE", {Str("a1b22c"), Str("\\d+"), Str("#")}), S("a#b#c"));
  EXPECT_EQ(
      One("REGEXP_REPLACE", {Str("2021-04-13"), Str("(\\d+)-(\\d+)-(\\d+)"), Str("$3/$2/$1")}),
      S("13/04/2021"));
  EXPECT_EQ(One("REGEXP_REPLACE", {Str("abc"), Str("x*"), Str("-")}), S("-a-b-c-"));
  EXPECT_EQ(One("REGEXP_REPLACE", {Str("abc"), Str("b"), Str("$9")}), N());
  Status bad = EvalStatus(Call("REGEXP", {Str("abc"), Str("(?<=a)b")}));
  EXPECT_TRUE(std::string(bad.message()).starts_with("invalid regular expression '(?<=a)b'"))
      << bad;
}

TEST_F(StringFunctionsTest, HashCodeMatchesJava) {
  ExprPtr h = Call("HASH_CODE", {Str("hello")});
  EXPECT_EQ(h->type.id, TypeId::kInt);
  EXPECT_EQ(EvalOne(h), I(99162322));                                         // "hello".hashCode()
  EXPECT_EQ(One("HASH_CODE", {Str("\xe4\xbd\xa0\xe5\xa5\xbd")}), I(652829));  // "你好"
  EXPECT_EQ(One("HASH_CODE", {Int(-7)}), I(-7));
  EXPECT_EQ(One("HASH_CODE", {BigInt(1LL << 32)}), I(1));  // (int)(v ^ (v >>> 32))
  EXPECT_EQ(One("HASH_CODE", {BigInt(-1)}), I(0));
  EXPECT_EQ(One("HASH_CODE", {Bool(true)}), I(1231));
  EXPECT_EQ(One("HASH_CODE", {Dbl(1.0)}), I(1072693248));  // Double.hashCode(1.0)
  EXPECT_EQ(One("MOD", {Call("HASH_CODE", {Str("hello")}), Int(1024)}), I(99162322 % 1024));
}

TEST_F(StringFunctionsTest, Md5AndUuid) {
  EXPECT_EQ(One("MD5", {Str("")}), S("d41d8cd98f00b204e9800998ecf8427e"));
  EXPECT_EQ(One("MD5", {Str("The quick brown fox jumps over the lazy dog")}),
            S("9e107d9d372bb6826bd81d3542a419d6"));
  Value uuid = One("UUID", {});
  ASSERT_TRUE(uuid.is_string());
  EXPECT_EQ(uuid.as_string().size(), 36u);
  EXPECT_EQ(uuid.as_string()[14], '4');
}

}  // namespace
}  // namespace sluice::expr
