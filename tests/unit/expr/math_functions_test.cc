// Numeric functions: ABS, SIGN, FLOOR/CEIL, ROUND/TRUNCATE, the DOUBLE functions and RAND.
#include <cmath>

#include "expression_test.h"

namespace sluice::expr {
namespace {

using types::TypeId;

class MathFunctionsTest : public ExpressionTest {
 protected:
  Value One(const std::string& name, std::vector<ExprPtr> args) {
    return EvalOne(Call(name, std::move(args)));
  }
};

TEST_F(MathFunctionsTest, AbsSignFloorCeil) {
  EXPECT_EQ(One("ABS", {Int(-3)}), I(3));
  EXPECT_EQ(One("ABS", {Dec(-125, 5, 2)}), I(125));
  EXPECT_EQ(One("SIGN", {Dbl(-2.5)}), D(-1));
  EXPECT_EQ(One("SIGN", {Dec(-125, 5, 2)}), I(-100));
  EXPECT_EQ(One("FLOOR", {Dbl(-1.5)}), D(-2));
  EXPECT_EQ(One("CEIL", {Dbl(-1.5)}), D(-1));
  EXPECT_EQ(One("CEILING", {Dbl(1.2)}), D(2));
  ExprPtr floor = Call("FLOOR", {Dec(-125, 5, 2)});
  EXPECT_EQ(floor->type, DataType::Decimal(5, 0).WithNullable(false));
  EXPECT_EQ(EvalOne(floor), I(-2));
  EXPECT_EQ(One("CEIL", {Dec(-125, 5, 2)}), I(-1));
  EXPECT_EQ(One("CEIL", {Dec(125, 5, 2)}), I(2));
  EXPECT_EQ(One("FLOOR", {Int(7)}), I(7));
}

TEST_F(MathFunctionsTest, RoundIsHalfUp) {
  ExprPtr r = Call("ROUND", {Dec(12345, 10, 3), Int(2)});  // 12.345
  EXPECT_EQ(r->type, DataType::Decimal(10, 2).WithNullable(false));
  EXPECT_EQ(EvalOne(r), I(1235));
  EXPECT_EQ(One("ROUND", {Dec(-12345, 10, 3), Int(2)}), I(-1235));
  EXPECT_EQ(One("ROUND", {Dec(12345, 10, 3)}), I(12));
  EXPECT_EQ(Call("ROUND", {Dec(12345, 10, 3), Int(-1)})->type,
            DataType::Decimal(8, 0).WithNullable(false));
  EXPECT_EQ(One("ROUND", {Dec(15345, 10, 3), Int(-1)}), I(20));
  EXPECT_EQ(One("ROUND", {Dbl(2.675), Int(2)}), D(2.68));  // decimal digits, HALF_UP
  EXPECT_EQ(One("ROUND", {Dbl(-0.5)}), D(-1));
  EXPECT_EQ(One("ROUND", {Int(1250), Int(-2)}), I(1300));
  EXPECT_EQ(One("TRUNCATE", {Dbl(2.679), Int(2)}), D(2.67));
  EXPECT_EQ(One("TRUNCATE", {Dec(-12345, 10, 3), Int(1)}), I(-123));
  EXPECT_EQ(One("TRUNCATE", {Int(1299), Int(-2)}), I(1200));
}

TEST_F(MathFunctionsTest, DoubleFunctions) {
  EXPECT_EQ(Call("POWER", {Int(2), Int(10)})->type.id, TypeId::kDouble);
  EXPECT_EQ(One("POWER", {Int(2), Int(10)}), D(1024));
  EXPECT_EQ(One("POW", {Dbl(9), Dbl(0.5)}), D(3));
  EXPECT_EQ(One("SQRT", {Int(16)}), D(4));
  EXPECT_EQ(One("LN", {Dbl(1)}), D(0));
  EXPECT_EQ(One("LOG10", {Int(1000)}), D(3));
  EXPECT_EQ(One("LOG2", {Int(8)}), D(3));
  EXPECT_EQ(One("LOG", {Int(2), Int(8)}), D(3));
  EXPECT_EQ(One("EXP", {Int(0)}), D(1));
  EXPECT_NEAR(One("PI", {}).as_double(), M_PI, 1e-15);
  EXPECT_NEAR(One("DEGREES", {Call("PI", {})}).as_double(), 180.0, 1e-12);
  EXPECT_TRUE(std::isnan(One("SQRT", {Int(-1)}).as_double()));
}

TEST_F(MathFunctionsTest, RandomNumbers) {
  AddColumn("x", DataType::Int(), {I(1), I(2), I(3), I(4), I(5)});
  ExprPtr rand = Call("RAND", {});
  EXPECT_FALSE(rand->IsConstant());
  EXPECT_FALSE(rand->type.nullable);
  for (const Value& v : Eval(rand)) {
    EXPECT_GE(v.as_double(), 0.0);
    EXPECT_LT(v.as_double(), 1.0);
  }
  // Java's new Random(42).nextDouble() sequence.
  EXPECT_NEAR(Eval(Call("RAND", {Int(42)}))[0].as_double(), 0.7275636800328681, 1e-16);
  for (const Value& v : Eval(Call("RAND_INTEGER", {Int(10)}))) {
    EXPECT_GE(v.as_int(), 0);
    EXPECT_LT(v.as_int(), 10);
  }
  EXPECT_EQ(Eval(Call("RAND_INTEGER", {Int(42), Int(10)}))[0], I(0));  // new Random(42).nextInt(10)
}

}  // namespace
}  // namespace sluice::expr
