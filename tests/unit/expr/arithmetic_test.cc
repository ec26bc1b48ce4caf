// Arithmetic: Flink's result types, Java integer semantics, DECIMAL precision/scale and
// rounding, division by zero, datetime +/- interval.
#include "expression_test.h"

namespace sluice::expr {
namespace {

using types::TypeId;

class ArithmeticTest : public ExpressionTest {};

TEST_F(ArithmeticTest, IntegerResultTypes) {
  EXPECT_EQ(Call("+", {Int(1), Int(2)})->type.id, TypeId::kInt);
  EXPECT_EQ(Call("+", {Int(1), BigInt(2)})->type.id, TypeId::kBigInt);
  EXPECT_EQ(Call("*", {Lit(I(2), DataType::SmallInt()), Lit(I(3), DataType::TinyInt())})->type.id,
            TypeId::kSmallInt);
  EXPECT_EQ(Call("/", {Int(7), Int(2)})->type.id, TypeId::kInt);
  EXPECT_EQ(Call("+", {Int(1), Dbl(2)})->type.id, TypeId::kDouble);
  EXPECT_EQ(Call("+", {Int(1), Lit(D(2), DataType::Float())})->type.id, TypeId::kFloat);
  EXPECT_EQ(Call("+", {Dec(1, 5, 2), Dbl(2)})->type.id, TypeId::kDouble);
}

TEST_F(ArithmeticTest, IntegerArithmeticWrapsAndTruncates) {
  EXPECT_EQ(EvalOne(Call("+", {Int(2147483647), Int(1)})), I(-2147483648));
  EXPECT_EQ(EvalOne(Call("*", {BigInt(INT64_MAX), BigInt(2)})), I(-2));
  EXPECT_EQ(EvalOne(Call("/", {Int(7), Int(2)})), I(3));
  EXPECT_EQ(EvalOne(Call("/", {Int(-7), Int(2)})), I(-3));
  EXPECT_EQ(EvalOne(Call("/", {Int(INT32_MIN), Int(-1)})), I(INT32_MIN));
  EXPECT_EQ(EvalOne(Call("MOD", {Int(-7), Int(3)})), I(-1));
  EXPECT_EQ(EvalOne(Call("%", {Int(7), Int(-3)})), I(1));
  EXPECT_EQ(EvalOne(Call("NEGATE", {Int(5)})), I(-5));
  EXPECT_EQ(EvalOne(Call("-", {Lit(I(-128), DataType::TinyInt()), Lit(I(1), DataType::TinyInt())})),
            I(127));
}

TEST_F(ArithmeticTest, DivisionByZero) {
  AddColumn("x", DataType::Int(), {I(1), I(0), N()});
  EXPECT_EQ(EvalStatus(Call("/", {Int(1), Col("x")})).message(), "division by zero");
  EXPECT_EQ(EvalStatus(Call("MOD", {Int(1), Col("x")})).message(), "division by zero");
  // A NULL divisor is NULL, not an error.
  ExprPtr guarded = Call("/", {Int(6), Call("NULLIF", {Col("x"), Int(0)})});
  EXPECT_EQ(Eval(guarded), (std::vector<Value>{I(6), N(), N()}));
  // DOUBLE follows IEEE: Infinity.
  Value inf = EvalOne(Call("/", {Dbl(1), Dbl(0)}));
  EXPECT_TRUE(std::isinf(inf.as_double()));
}

TEST_F(ArithmeticTest, ModTakesTheDivisorsType) {
  ExprPtr e = Call("MOD", {BigInt(1000000000007), Int(1024)});
  EXPECT_EQ(e->type.id, TypeId::kInt);
  EXPECT_EQ(EvalOne(e), I(1000000000007 % 1024));
  EXPECT_FALSE(CallError("MOD", {Dbl(1), Int(2)}).ok());
}

TEST_F(ArithmeticTest, DecimalTypes) {
  DataType sum = Call("+", {Dec(1, 10, 2), Dec(1, 5, 3)})->type;
  EXPECT_EQ(sum, DataType::Decimal(12, 3).WithNullable(false));
  DataType product = Call("*", {Dec(1, 10, 2), Dec(1, 5, 3)})->type;
  EXPECT_EQ(product.precision, 15);
  EXPECT_EQ(product.scale, 5);
  DataType quotient = Call("/", {Dec(1, 10, 2), Dec(1, 5, 3)})->type;
  EXPECT_EQ(quotient.precision, 19);  // 10 - 2 + 3 + max(6, 2 + 5 + 1)
  EXPECT_EQ(quotient.scale, 8);
  DataType with_int = Call("+", {Dec(1, 10, 2), Int(1)})->type;
  EXPECT_EQ(with_int.precision, 13);  // INT as DECIMAL(10, 0)
  EXPECT_EQ(with_int.scale, 2);
  // Nexmark q1: price * 0.908 with a BIGINT price.
  EXPECT_EQ(Call("*", {BigInt(1), Dec(908, 4, 3)})->type.precision, 23);
  DataType big = Call("*", {Dec(1, 38, 10), Dec(1, 38, 10)})->type;
  EXPECT_EQ(big.precision, 38);
  EXPECT_EQ(big.scale, 6);  // scale sacrificed down to 6
}

TEST_F(ArithmeticTest, DecimalValues) {
  // 12.34 + 0.005 = 12.345
  EXPECT_EQ(EvalOne(Call("+", {Dec(1234, 10, 2), Dec(5, 5, 3)})), I(12345));
  // 1.5 * 2.25 = 3.375
  EXPECT_EQ(EvalOne(Call("*", {Dec(15, 4, 1), Dec(225, 4, 2)})), I(3375));
  // 1.00 / 3 = 0.33333333 at scale max(6, 2 + 10 + 1) = 13
  ExprPtr third = Call("/", {Dec(100, 5, 2), Int(3)});
  EXPECT_EQ(third->type.scale, 13);
  EXPECT_EQ(EvalOne(third), I(3333333333333));
  // 2 / 3 rounds HALF_UP: 0.6666666666667
  EXPECT_EQ(EvalOne(Call("/", {Dec(200, 5, 2), Int(3)})), I(6666666666667));
  // MOD(7.5, 2) = 1.5
  EXPECT_EQ(EvalOne(Call("MOD", {Dec(75, 3, 1), Int(2)})), I(15));
  EXPECT_EQ(EvalOne(Call("NEGATE", {Dec(75, 3, 1)})), I(-75));
}

TEST_F(ArithmeticTest, DecimalOverflowIsAnErrorNotAWrap) {
  Status s =
      EvalStatus(Call("*", {Dec(999999999999999999, 18, 0), Dec(999999999999999999, 18, 0)}));
  EXPECT_TRUE(absl::IsInvalidArgument(s));
  EXPECT_TRUE(std::string(s.message()).starts_with("numeric overflow")) << s;
}

TEST_F(ArithmeticTest, DoubleArithmetic) {
  EXPECT_EQ(EvalOne(Call("+", {Dbl(0.5), Int(1)})), D(1.5));
  EXPECT_EQ(EvalOne(Call("/", {Int(1), Dbl(4)})), D(0.25));
  EXPECT_EQ(EvalOne(Call("*", {Dec(15, 2, 1), Dbl(2)})), D(3.0));
}

TEST_F(ArithmeticTest, TimestampAndDatePlusMinusInterval) {
  const DataType ts = DataType::Timestamp(3);
  ExprPtr t = Lit(I(Micros("2021-01-31 10:00:00")), ts);
  ExprPtr hour = Lit(I(types::kMicrosPerHour), DataType::IntervalDayTime());
  ExprPtr month = Lit(I(1), DataType::IntervalYearMonth());
  ExprPtr plus = Call("+", {t, hour});
  EXPECT_EQ(plus->type.id, TypeId::kTimestamp);
  EXPECT_EQ(EvalOne(plus), I(Micros("2021-01-31 11:00:00")));
  EXPECT_EQ(EvalOne(Call("-", {t, hour})), I(Micros("2021-01-31 09:00:00")));
  EXPECT_EQ(EvalOne(Call("+", {hour, t})), I(Micros("2021-01-31 11:00:00")));
  // Month arithmetic clamps to the end of the month.
  EXPECT_EQ(EvalOne(Call("+", {t, month})), I(Micros("2021-02-28 10:00:00")));
  ExprPtr date = Lit(I(Days("2020-03-31")), DataType::Date());
  EXPECT_EQ(EvalOne(Call("-", {date, month})), I(Days("2020-02-29")));
  ExprPtr day = Lit(I(types::kMicrosPerDay), DataType::IntervalDayTime());
  EXPECT_EQ(EvalOne(Call("+", {date, day})), I(Days("2020-04-01")));
  EXPECT_EQ(EvalOne(Call("+", {hour, hour})), I(2 * types::kMicrosPerHour));
  EXPECT_EQ(EvalOne(Call("*", {hour, Int(3)})), I(3 * types::kMicrosPerHour));
  EXPECT_FALSE(CallError("+", {t, t}).ok());
}

TEST_F(ArithmeticTest, TimestampLtzPlusMonthsUsesTheSessionZone) {
  context_.local_time_zone = absl::FixedTimeZone(8 * 3600);
  // 2021-01-31 20:00 UTC is 2021-02-01 04:00 in UTC+8; plus one month = 2021-03-01 04:00 local.
  ExprPtr t = Lit(I(Micros("2021-01-31 20:00:00")), DataType::TimestampLtz(3));
  ExprPtr month = Lit(I(1), DataType::IntervalYearMonth());
  EXPECT_EQ(EvalOne(Call("+", {t, month})), I(Micros("2021-02-28 20:00:00")));
}

}  // namespace
}  // namespace sluice::expr
