// The expression tree and the evaluator: binding, implicit casts, constant folding, column
// pass-through, literal broadcast, filters, lazy CASE / COALESCE / AND / OR.
#include "expression_test.h"

namespace sluice::expr {
namespace {

using types::TypeId;

class EvaluatorTest : public ExpressionTest {
 protected:
  void SetUp() override {
    AddColumn("a", DataType::Int(), {I(1), I(2), N(), I(4)});
    AddColumn("b", DataType::Int(), {I(0), I(1), I(1), I(0)});
    AddColumn("s", DataType::String(), {S("x"), S("yy"), N(), S("")});
  }
};

TEST_F(EvaluatorTest, ColumnReferenceReturnsTheInputColumnWithoutCopying) {
  types::Batch batch = MakeBatch();
  auto column = Evaluate(*Col("a"), batch, context_);
  ASSERT_TRUE(column.ok());
  EXPECT_EQ(column->get(), batch.columns[0].get());
}

TEST_F(EvaluatorTest, LiteralIsBroadcastToEveryRow) {
  EXPECT_EQ(Eval(Int(7)), (std::vector<Value>{I(7), I(7), I(7), I(7)}));
  EXPECT_EQ(Eval(Str("hi")), (std::vector<Value>{S("hi"), S("hi"), S("hi"), S("hi")}));
  EXPECT_EQ(Eval(Null(DataType::Int())), (std::vector<Value>{N(), N(), N(), N()}));
}

TEST_F(EvaluatorTest, NullPropagatesThroughOrdinaryFunctions) {
  EXPECT_EQ(Eval(Call("+", {Col("a"), Int(10)})), (std::vector<Value>{I(11), I(12), N(), I(14)}));
  EXPECT_EQ(Eval(Call("+", {Col("a"), Null()})), (std::vector<Value>{N(), N(), N(), N()}));
  EXPECT_EQ(Eval(Call("UPPER", {Col("s")})), (std::vector<Value>{S("X"), S("YY"), N(), S("")}));
}

TEST_F(EvaluatorTest, ToStringPrintsCallsAndColumns) {
  ExprPtr e = Call("+", {Col("a"), Int(1)});
  EXPECT_EQ(e->ToString(), "+($0, 1)");
  types::Schema schema(fields_);
  EXPECT_EQ(e->ToString(&schema), "+(a, 1)");
  EXPECT_EQ(Call("=", {Col("s"), Str("it's")})->ToString(&schema), "=(s, 'it''s')");
  EXPECT_EQ(MakeCast(Col("a"), DataType::BigInt())->ToString(&schema), "CAST(a AS BIGINT)");
}

TEST_F(EvaluatorTest, ConstantnessAndColumnsAndRemapping) {
  ExprPtr e = Call("*", {Call("+", {Col("a"), Col("b")}), Int(2)});
  EXPECT_FALSE(e->IsConstant());
  EXPECT_TRUE(Call("+", {Int(1), Int(2)})->IsConstant());
  EXPECT_FALSE(Call("RAND", {})->IsConstant());
  std::vector<int> columns;
  e->CollectColumns(&columns);
  EXPECT_EQ(columns, (std::vector<int>{0, 1}));
  ExprPtr remapped = RemapColumns(e, {1, 0, 2});
  columns.clear();
  remapped->CollectColumns(&columns);
  EXPECT_EQ(columns, (std::vector<int>{1, 0}));
  EXPECT_EQ(Eval(remapped), (std::vector<Value>{I(2), I(6), N(), I(8)}));
}

TEST_F(EvaluatorTest, UnknownFunctionAndTypeMismatchErrors) {
  Status unknown = CallError("foo", {Int(1)});
  EXPECT_EQ(unknown.message(), "unknown function 'FOO'");
  Status mismatch = CallError("+", {Int(1), Bool(true)});
  EXPECT_TRUE(absl::IsInvalidArgument(mismatch));
  EXPECT_TRUE(std::string(mismatch.message())
                  .starts_with("cannot apply '+' to arguments of type (INT, BOOLEAN)"))
      << mismatch;
  Status upper = CallError("UPPER", {Int(1)});
  EXPECT_EQ(upper.message(), "cannot apply 'UPPER' to arguments of type (INT); expected (STRING)");
}

TEST_F(EvaluatorTest, ImplicitCastsWidenArgumentsAndFoldLiterals) {
  ExprPtr e = Call("+", {Col("a"), BigInt(1)});
  EXPECT_EQ(e->type.id, TypeId::kBigInt);
  EXPECT_EQ(e->args[0]->kind, ExprKind::kCast);
  EXPECT_EQ(e->args[0]->type.id, TypeId::kBigInt);
  // A literal that needs a cast is folded into a literal of the target type.
  ExprPtr f = Call("+", {BigInt(5), Int(1)});
  EXPECT_EQ(f->args[1]->kind, ExprKind::kLiteral);
  EXPECT_EQ(f->args[1]->type.id, TypeId::kBigInt);
  // The untyped NULL takes the other side's type.
  ExprPtr g = Call("=", {Col("s"), Null()});
  EXPECT_EQ(g->args[1]->type.id, TypeId::kVarchar);
}

TEST_F(EvaluatorTest, ResultNullabilityFollowsArguments) {
  AddColumn("nn", DataType::Int().WithNullable(false), {I(1), I(2), I(3), I(4)});
  EXPECT_FALSE(Call("+", {Col("nn"), Int(1)})->type.nullable);
  EXPECT_TRUE(Call("+", {Col("a"), Int(1)})->type.nullable);
  EXPECT_FALSE(Call("IS NULL", {Col("a")})->type.nullable);
}

TEST_F(EvaluatorTest, EvaluateConstantAndFilter) {
  auto value = EvaluateConstant(*Call("*", {Int(6), Int(7)}), context_);
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(*value, I(42));
  std::vector<uint32_t> selection;
  ASSERT_TRUE(
      EvaluateFilter(*Call(">", {Col("a"), Int(1)}), MakeBatch(), context_, &selection).ok());
  EXPECT_EQ(selection, (std::vector<uint32_t>{1, 3}));  // NULL row dropped
}

TEST_F(EvaluatorTest, CaseEvaluatesBranchesOnlyOnTheirRows) {
  // CASE WHEN b <> 0 THEN 10 / b ELSE -1 END: the division never sees b = 0.
  ExprPtr e =
      Call("CASE", {Call("<>", {Col("b"), Int(0)}), Call("/", {Int(10), Col("b")}), Int(-1)});
  EXPECT_EQ(Eval(e), (std::vector<Value>{I(-1), I(10), I(10), I(-1)}));
  // Without the guard the division fails.
  Status error = EvalStatus(Call("/", {Int(10), Col("b")}));
  EXPECT_EQ(error.message(), "division by zero");
}

TEST_F(EvaluatorTest, CaseTakesTheFirstTrueConditionAndNullIsNotTrue) {
  ExprPtr e = Call("CASE", {Call(">", {Col("a"), Int(3)}), Str("big"),
                            Call(">", {Col("a"), Int(1)}), Str("mid"), Str("small")});
  // CHAR literals of different lengths meet as VARCHAR (Flink's FlinkTypeSystem converts ragged
  // CHAR types to VARCHAR), so 'mid' is not padded.
  EXPECT_EQ(e->type.id, TypeId::kVarchar);
  EXPECT_EQ(e->type.length, 5);
  EXPECT_EQ(Eval(e), (std::vector<Value>{S("small"), S("mid"), S("small"), S("big")}));
  ExprPtr no_else = Call("CASE", {Call("=", {Col("a"), Int(2)}), Col("s"), Null()});
  EXPECT_EQ(Eval(no_else), (std::vector<Value>{N(), S("yy"), N(), N()}));
}

TEST_F(EvaluatorTest, CaseResultTypeIsTheCommonTypeOfTheValues) {
  ExprPtr e = Call("CASE", {Call(">", {Col("a"), Int(1)}), Col("a"), Dbl(0.5)});
  EXPECT_EQ(e->type.id, TypeId::kDouble);
  EXPECT_EQ(Eval(e), (std::vector<Value>{D(0.5), D(2), D(0.5), D(4)}));
  Status error = CallError("CASE", {Bool(true), Int(1), Bool(false)});
  EXPECT_FALSE(error.ok());
}

TEST_F(EvaluatorTest, IfAndCoalesceAreLazy) {
  ExprPtr guarded =
      Call("IF", {Call("=", {Col("b"), Int(0)}), Int(0), Call("/", {Int(1), Col("b")})});
  EXPECT_EQ(Eval(guarded), (std::vector<Value>{I(0), I(1), I(1), I(0)}));
  // COALESCE's second argument only runs where the first is NULL (row 2: b = 1).
  ExprPtr coalesce = Call("COALESCE", {Col("a"), Call("/", {Int(5), Col("b")})});
  EXPECT_EQ(Eval(coalesce), (std::vector<Value>{I(1), I(2), I(5), I(4)}));
  EXPECT_TRUE(coalesce->type.nullable);
  EXPECT_FALSE(Call("COALESCE", {Col("a"), Int(0)})->type.nullable);
  ExprPtr all_null = Call("COALESCE", {Col("a"), Null(DataType::Int())});
  EXPECT_TRUE(all_null->type.nullable);
  EXPECT_EQ(Eval(all_null), (std::vector<Value>{I(1), I(2), N(), I(4)}));
}

TEST_F(EvaluatorTest, AndOrShortCircuitPerRow) {
  // b <> 0 AND 4 / b > 1 would divide by zero if evaluated eagerly.
  ExprPtr e = Call(
      "AND", {Call("<>", {Col("b"), Int(0)}), Call(">", {Call("/", {Int(4), Col("b")}), Int(1)})});
  EXPECT_EQ(Eval(e), (std::vector<Value>{B(false), B(true), B(true), B(false)}));
  ExprPtr o = Call(
      "OR", {Call("=", {Col("b"), Int(0)}), Call(">", {Call("/", {Int(4), Col("b")}), Int(10)})});
  EXPECT_EQ(Eval(o), (std::vector<Value>{B(true), B(false), B(false), B(true)}));
}

TEST_F(EvaluatorTest, ZeroRowBatches) {
  fields_.clear();
  columns_.clear();
  AddColumn("x", DataType::Int(), {});
  types::Batch batch = MakeBatch();
  auto column =
      Evaluate(*Call("CASE", {Call(">", {Col("x"), Int(0)}), Col("x"), Int(0)}), batch, context_);
  ASSERT_TRUE(column.ok());
  EXPECT_EQ((*column)->size(), 0u);
}

TEST_F(EvaluatorTest, RegistryListsNamesAndAliases) {
  std::vector<std::string> names = ScalarFunctionNames();
  EXPECT_NE(std::find(names.begin(), names.end(), "UPPER"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "CHARACTER_LENGTH"), names.end());
  EXPECT_EQ(FindScalarFunction("upper"), FindScalarFunction("UPPER"));
  EXPECT_EQ(FindScalarFunction("!="), FindScalarFunction("<>"));
  EXPECT_EQ(FindScalarFunction("nope"), nullptr);
}

}  // namespace
}  // namespace sluice::expr
