// CAST and TRY_CAST between numerics, strings, booleans and datetimes, with Flink 1.15+ errors.
#include "expression_test.h"

namespace sluice::expr {
namespace {

class CastTest : public ExpressionTest {
 protected:
  Value Cast(ExprPtr e, DataType to) { return EvalOne(MakeCast(std::move(e), to)); }
  Value TryCast(ExprPtr e, DataType to) { return EvalOne(MakeCast(std::move(e), to, true)); }
  Status CastError(ExprPtr e, DataType to) { return EvalStatus(MakeCast(std::move(e), to)); }
};

TEST_F(CastTest, NumericToNumeric) {
  EXPECT_EQ(Cast(Dbl(3.9), DataType::Int()), I(3));
  EXPECT_EQ(Cast(Dbl(-3.9), DataType::Int()), I(-3));
  EXPECT_EQ(Cast(Dbl(1e20), DataType::Int()), I(INT32_MAX));  // Java saturates
  EXPECT_EQ(Cast(Dbl(std::nan("")), DataType::BigInt()), I(0));
  EXPECT_EQ(Cast(Int(300), DataType::TinyInt()), I(44));  // narrowing wraps like Java
  EXPECT_EQ(Cast(Dec(-1299, 5, 2), DataType::Int()), I(-12));
  EXPECT_EQ(Cast(Dec(125, 5, 2), DataType::Double()), D(1.25));
  EXPECT_EQ(Cast(Int(7), DataType::Decimal(5, 2)), I(700));
  EXPECT_EQ(Cast(Int(1), DataType::Float()), D(1.0));
}

TEST_F(CastTest, DecimalRoundsHalfUpWhenTheScaleShrinks) {
  EXPECT_EQ(Cast(Dec(12345, 6, 3), DataType::Decimal(5, 2)), I(1235));  // 12.345 -> 12.35
  EXPECT_EQ(Cast(Dec(-12345, 6, 3), DataType::Decimal(5, 2)), I(-1235));
  EXPECT_EQ(Cast(Dec(12344, 6, 3), DataType::Decimal(5, 2)), I(1234));
  EXPECT_EQ(Cast(Dbl(0.125), DataType::Decimal(5, 2)), I(13));
  EXPECT_EQ(Cast(Dbl(2.675), DataType::Decimal(5, 2)),
            I(268));  // decimal digits "2.675", not binary
  // Beyond the target precision: NULL, as Flink.
  EXPECT_EQ(Cast(Int(12345), DataType::Decimal(4, 2)), N());
  // Beyond int64 storage for precisions above 18: an error.
  EXPECT_FALSE(CastError(BigInt(INT64_MAX), DataType::Decimal(38, 10)).ok());
}

TEST_F(CastTest, StringToNumberTrimsAndRejectsGarbage) {
  EXPECT_EQ(Cast(Str(" 42 "), DataType::Int()), I(42));
  EXPECT_EQ(Cast(Str("-7.9"), DataType::Int()), I(-7));
  EXPECT_EQ(Cast(Str("1.5e2"), DataType::Double()), D(150));
  EXPECT_EQ(Cast(Str(" 12.345 "), DataType::Decimal(10, 2)), I(1235));
  Status error = CastError(Str("abc"), DataType::Int());
  EXPECT_EQ(error.message(), "CAST('abc' AS INT) failed: not a valid number");
  EXPECT_FALSE(CastError(Str("99999999999"), DataType::Int()).ok());
  EXPECT_FALSE(CastError(Str("1x"), DataType::Double()).ok());
  EXPECT_EQ(TryCast(Str("abc"), DataType::Int()), N());
  EXPECT_EQ(TryCast(Str("12"), DataType::Int()), I(12));
  EXPECT_TRUE(MakeCast(Str("abc"), DataType::Int().WithNullable(false), true)->type.nullable);
}

TEST_F(CastTest, NumbersAndBooleansToString) {
  EXPECT_EQ(Cast(Int(-12), DataType::String()), S("-12"));
  EXPECT_EQ(Cast(Dbl(1.5), DataType::String()), S("1.5"));
  EXPECT_EQ(Cast(Dbl(1e10), DataType::String()), S("1.0E10"));
  EXPECT_EQ(Cast(Dec(1230, 6, 2), DataType::String()), S("12.30"));
  EXPECT_EQ(Cast(Bool(true), DataType::String()), S("TRUE"));
  EXPECT_EQ(Cast(Str("abcdef"), DataType::Varchar(3)), S("abc"));
  EXPECT_EQ(Cast(Str("ab"), DataType::Char(4)), S("ab  "));
  EXPECT_EQ(Cast(Str("\xe4\xbd\xa0\xe5\xa5\xbd!"), DataType::Varchar(2)),
            S("\xe4\xbd\xa0\xe5\xa5\xbd"));
}

TEST_F(CastTest, Booleans) {
  EXPECT_EQ(Cast(Str("TRUE"), DataType::Boolean()), B(true));
  EXPECT_EQ(Cast(Str(" false "), DataType::Boolean()), B(false));
  EXPECT_EQ(Cast(Str("yes"), DataType::Boolean()), B(true));
  EXPECT_FALSE(CastError(Str("maybe"), DataType::Boolean()).ok());
  EXPECT_EQ(Cast(Int(0), DataType::Boolean()), B(false));
  EXPECT_EQ(Cast(Dbl(2), DataType::Boolean()), B(true));
  EXPECT_EQ(Cast(Bool(true), DataType::Int()), I(1));
  EXPECT_EQ(Cast(Bool(true), DataType::Decimal(3, 1)), I(10));
}

TEST_F(CastTest, StringsToAndFromDatetimes) {
  EXPECT_EQ(Cast(Str("2021-04-13"), DataType::Date()), I(Days("2021-04-13")));
  EXPECT_EQ(Cast(Str("2021-04-13 20:12:11"), DataType::Date()), I(Days("2021-04-13")));
  EXPECT_EQ(Cast(Str("20:12:11.5"), DataType::Time(3)), I(Micros("1970-01-01 20:12:11.5")));
  EXPECT_EQ(Cast(Str("2021-04-13 20:12:11.123456"), DataType::Timestamp(3)),
            I(Micros("2021-04-13 20:12:11.123")));
  EXPECT_EQ(Cast(Str("2021-04-13T20:12:11"), DataType::Timestamp(6)),
            I(Micros("2021-04-13 20:12:11")));
  EXPECT_EQ(CastError(Str("2021-13-01"), DataType::Date()).message(),
            "CAST('2021-13-01' AS DATE) failed: not a valid DATE");
  EXPECT_EQ(TryCast(Str("nope"), DataType::Timestamp(3)), N());
  ExprPtr ts = Lit(I(Micros("2021-04-13 20:12:11.123")), DataType::Timestamp(3));
  EXPECT_EQ(Cast(ts, DataType::String()), S("2021-04-13 20:12:11.123"));
  EXPECT_EQ(Cast(ts, DataType::Date()), I(Days("2021-04-13")));
  EXPECT_EQ(Cast(ts, DataType::Time(0)), I(Micros("1970-01-01 20:12:11")));
  ExprPtr date = Lit(I(Days("2021-04-13")), DataType::Date());
  EXPECT_EQ(Cast(date, DataType::Timestamp(3)), I(Micros("2021-04-13 00:00:00")));
  EXPECT_EQ(Cast(date, DataType::String()), S("2021-04-13"));
}

TEST_F(CastTest, TimestampLtzConvertsThroughTheSessionZone) {
  context_.local_time_zone = absl::FixedTimeZone(8 * 3600);
  ExprPtr wall = Lit(I(Micros("2021-04-13 08:00:00")), DataType::Timestamp(3));
  EXPECT_EQ(Cast(wall, DataType::TimestampLtz(3)), I(Micros("2021-04-13 00:00:00")));
  ExprPtr instant = Lit(I(Micros("2021-04-13 00:00:00")), DataType::TimestampLtz(3));
  EXPECT_EQ(Cast(instant, DataType::Timestamp(3)), I(Micros("2021-04-13 08:00:00")));
  EXPECT_EQ(Cast(instant, DataType::String()), S("2021-04-13 08:00:00.000"));
  EXPECT_EQ(Cast(instant, DataType::Date()), I(Days("2021-04-13")));
  EXPECT_EQ(Cast(Str("2021-04-13 08:00:00"), DataType::TimestampLtz(3)),
            I(Micros("2021-04-13 00:00:00")));
  EXPECT_EQ(Cast(BigInt(60), DataType::TimestampLtz(3)), I(60 * types::kMicrosPerSecond));
  EXPECT_EQ(Cast(instant, DataType::BigInt()), I(Micros("2021-04-13 00:00:00") / 1000000));
}

TEST_F(CastTest, NullsStayNullAndUnsupportedCastsFail) {
  EXPECT_EQ(Cast(Null(DataType::Int()), DataType::String()), N());
  EXPECT_EQ(Cast(Null(), DataType::Date()), N());
  Status s = CastError(Lit(I(Days("2021-01-01")), DataType::Date()), DataType::Int());
  EXPECT_TRUE(absl::IsInvalidArgument(s));
  EXPECT_EQ(s.message(), "cannot cast DATE to INT");
}

TEST_F(CastTest, ColumnCastKeepsNullsAndSharesStringMemory) {
  AddColumn("s", DataType::Varchar(10), {S("a"), N(), S("ccc")});
  types::Batch batch = MakeBatch();
  auto cast = CastColumn(*batch.columns[0], DataType::String(), context_);
  ASSERT_TRUE(cast.ok());
  EXPECT_EQ(types::GetValue(**cast, 0), S("a"));
  EXPECT_TRUE((*cast)->IsNull(1));
  // Widening VARCHAR passes the views through.
  EXPECT_EQ((*cast)->strings()[2].data(), batch.columns[0]->strings()[2].data());
}

}  // namespace
}  // namespace sluice::expr
