// Comparisons, IS predicates, IN, three-valued AND/OR/NOT and the conditional functions.
#include "expression_test.h"

namespace sluice::expr {
namespace {

using types::TypeId;

class PredicateTest : public ExpressionTest {
 protected:
  void SetUp() override {
    AddColumn("i", DataType::Int(), {I(1), I(2), N(), I(3)});
    AddColumn("l", DataType::BigInt(), {I(1), I(3), I(3), N()});
    AddColumn("s", DataType::String(), {S("a"), S("b"), N(), S("\xc3\xa9")});
    AddColumn("p", DataType::Boolean(), {B(true), B(false), N(), B(true)});
  }
};

TEST_F(PredicateTest, ComparisonsWidenAndPropagateNull) {
  EXPECT_EQ(Eval(Call("=", {Col("i"), Col("l")})),
            (std::vector<Value>{B(true), B(false), N(), N()}));
  EXPECT_EQ(Eval(Call("<", {Col("i"), Col("l")})),
            (std::vector<Value>{B(false), B(true), N(), N()}));
  EXPECT_EQ(Eval(Call(">=", {Col("i"), Dbl(2)})),
            (std::vector<Value>{B(false), B(true), N(), B(true)}));
  EXPECT_EQ(Eval(Call("<>", {Col("i"), Int(1)})),
            (std::vector<Value>{B(false), B(true), N(), B(true)}));
  EXPECT_EQ(Eval(Call("!=", {Col("i"), Int(1)}))[1], B(true));
  // Strings compare by UTF-8 bytes.
  EXPECT_EQ(Eval(Call("<", {Col("s"), Str("b")})),
            (std::vector<Value>{B(true), B(false), N(), B(false)}));
  EXPECT_EQ(Call("=", {Col("i"), Col("l")})->args[0]->type.id, TypeId::kBigInt);
}

TEST_F(PredicateTest, ComparisonsOfDatesDecimalsAndStringLiterals) {
  ExprPtr date = Lit(I(Days("2024-01-02")), DataType::Date());
  EXPECT_EQ(EvalOne(Call(">", {date, Str("2024-01-01")})), B(true));
  ExprPtr ts = Lit(I(Micros("2024-01-02 00:00:00")), DataType::Timestamp(3));
  EXPECT_EQ(EvalOne(Call("=", {date, ts})), B(true));
  EXPECT_EQ(EvalOne(Call("=", {Dec(150, 5, 2), Dec(15, 3, 1)})), B(true));
  EXPECT_EQ(EvalOne(Call("<", {Dec(150, 5, 2), Int(2)})), B(true));
  EXPECT_FALSE(CallError("=", {Int(1), Bool(true)}).ok());
}

TEST_F(PredicateTest, IsPredicates) {
  EXPECT_EQ(Eval(Call("IS NULL", {Col("i")})),
            (std::vector<Value>{B(false), B(false), B(true), B(false)}));
  EXPECT_EQ(Eval(Call("IS NOT NULL", {Col("s")})),
            (std::vector<Value>{B(true), B(true), B(false), B(true)}));
  EXPECT_EQ(Eval(Call("IS TRUE", {Col("p")})),
            (std::vector<Value>{B(true), B(false), B(false), B(true)}));
  EXPECT_EQ(Eval(Call("IS FALSE", {Col("p")})),
            (std::vector<Value>{B(false), B(true), B(false), B(false)}));
  EXPECT_EQ(Eval(Call("IS NOT TRUE", {Col("p")})),
            (std::vector<Value>{B(false), B(true), B(true), B(false)}));
  EXPECT_EQ(Eval(Call("IS NOT FALSE", {Col("p")})),
            (std::vector<Value>{B(true), B(false), B(true), B(true)}));
  EXPECT_FALSE(Call("IS TRUE", {Col("p")})->type.nullable);
  EXPECT_EQ(Eval(Call("IS UNKNOWN", {Col("p")})),
            (std::vector<Value>{B(false), B(false), B(true), B(false)}));
}

TEST_F(PredicateTest, IsDistinctFromTreatsNullsAsEqual) {
  EXPECT_EQ(Eval(Call("IS DISTINCT FROM", {Col("i"), Col("l")})),
            (std::vector<Value>{B(false), B(true), B(true), B(true)}));
  EXPECT_EQ(Eval(Call("IS NOT DISTINCT FROM", {Col("i"), Null(DataType::Int())})),
            (std::vector<Value>{B(false), B(false), B(true), B(false)}));
}

TEST_F(PredicateTest, InUsesThreeValuedLogic) {
  EXPECT_EQ(Eval(Call("IN", {Col("i"), Int(1), Int(3)})),
            (std::vector<Value>{B(true), B(false), N(), B(true)}));
  // No match and a NULL in the list gives NULL; a match is still TRUE.
  EXPECT_EQ(Eval(Call("IN", {Col("i"), Int(1), Null(DataType::Int())})),
            (std::vector<Value>{B(true), N(), N(), N()}));
  EXPECT_EQ(Eval(Call("NOT", {Call("IN", {Col("i"), Int(1), Int(3)})})),
            (std::vector<Value>{B(false), B(true), N(), B(false)}));
  EXPECT_EQ(Eval(Call("IN", {Col("s"), Str("b"), Str("\xc3\xa9")})),
            (std::vector<Value>{B(false), B(true), N(), B(true)}));
}

TEST_F(PredicateTest, InWithALongLiteralListUsesAHashSet) {
  std::vector<ExprPtr> args = {Col("l")};
  for (int v = 3; v < 40; ++v) args.push_back(Int(v));
  EXPECT_EQ(Eval(Call("IN", args)), (std::vector<Value>{B(false), B(true), B(true), N()}));
  args.push_back(Null(DataType::Int()));
  EXPECT_EQ(Eval(Call("IN", args)), (std::vector<Value>{N(), B(true), B(true), N()}));
}

TEST_F(PredicateTest, AndOrNotThreeValuedTruthTables) {
  AddColumn("x", DataType::Boolean(), {B(true), B(true), B(true), B(false)});
  AddColumn("y", DataType::Boolean(), {B(true), B(false), N(), N()});
  EXPECT_EQ(Eval(Call("AND", {Col("x"), Col("y")})),
            (std::vector<Value>{B(true), B(false), N(), B(false)}));
  EXPECT_EQ(Eval(Call("OR", {Col("x"), Col("y")})),
            (std::vector<Value>{B(true), B(true), B(true), N()}));
  EXPECT_EQ(Eval(Call("AND", {Col("y"), Col("x")})),
            (std::vector<Value>{B(true), B(false), N(), B(false)}));
  EXPECT_EQ(Eval(Call("OR", {Col("y"), Col("x")})),
            (std::vector<Value>{B(true), B(true), B(true), N()}));
  EXPECT_EQ(Eval(Call("NOT", {Col("y")})), (std::vector<Value>{B(false), B(true), N(), N()}));
  EXPECT_EQ(Eval(Call("AND", {Col("x"), Col("y"), Bool(false)})),
            (std::vector<Value>{B(false), B(false), B(false), B(false)}));
  EXPECT_EQ(Eval(Call("OR", {Col("y"), Null(), Col("x")})),
            (std::vector<Value>{B(true), B(true), B(true), N()}));
  EXPECT_FALSE(CallError("AND", {Col("x"), Int(1)}).ok());
}

TEST_F(PredicateTest, NullIfIfNullGreatestLeast) {
  EXPECT_EQ(Eval(Call("NULLIF", {Col("i"), Int(2)})), (std::vector<Value>{I(1), N(), N(), I(3)}));
  ExprPtr ifnull = Call("IFNULL", {Col("i"), Int(0)});
  EXPECT_FALSE(ifnull->type.nullable);
  EXPECT_EQ(Eval(ifnull), (std::vector<Value>{I(1), I(2), I(0), I(3)}));
  EXPECT_EQ(Eval(Call("GREATEST", {Col("i"), Col("l")})),
            (std::vector<Value>{I(1), I(3), N(), N()}));
  EXPECT_EQ(Eval(Call("LEAST", {Col("i"), Int(2)})), (std::vector<Value>{I(1), I(2), N(), I(2)}));
  EXPECT_EQ(Eval(Call("COALESCE", {Col("s"), Str("z")})),
            (std::vector<Value>{S("a"), S("b"), S("z"), S("\xc3\xa9")}));
}

}  // namespace
}  // namespace sluice::expr
