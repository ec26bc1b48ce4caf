// EXTRACT and the field functions, FLOOR/CEIL TO unit, TIMESTAMPADD/DIFF, date formats and
// parsing, epoch conversions and the clock functions.
#include "expression_test.h"

namespace sluice::expr {
namespace {

using types::TypeId;

class TemporalFunctionsTest : public ExpressionTest {
 protected:
  static ExprPtr Ts(const std::string& text) {
    return Lit(I(Micros(text)), DataType::Timestamp(3));
  }
  static ExprPtr Ltz(const std::string& utc_text) {
    return Lit(I(Micros(utc_text)), DataType::TimestampLtz(3));
  }
  static ExprPtr Date(const std::string& text) { return Lit(I(Days(text)), DataType::Date()); }
  Value One(const std::string& name, std::vector<ExprPtr> args) {
    return EvalOne(Call(name, std::move(args)));
  }
};

TEST_F(TemporalFunctionsTest, Extract) {
  ExprPtr ts = Ts("2021-04-13 20:12:11.123");  // a Tuesday
  auto extract = [&](const std::string& unit, ExprPtr x) { return One("EXTRACT", {Str(unit), x}); };
  EXPECT_EQ(Call("EXTRACT", {Str("YEAR"), ts})->type.id, TypeId::kBigInt);
  EXPECT_EQ(extract("YEAR", ts), I(2021));
  EXPECT_EQ(extract("QUARTER", ts), I(2));
  EXPECT_EQ(extract("MONTH", ts), I(4));
  EXPECT_EQ(extract("DAY", ts), I(13));
  EXPECT_EQ(extract("HOUR", ts), I(20));
  EXPECT_EQ(extract("MINUTE", ts), I(12));
  EXPECT_EQ(extract("SECOND", ts), I(11));
  EXPECT_EQ(extract("MILLISECOND", ts), I(123));
  EXPECT_EQ(extract("DOW", ts), I(3));  // Sunday = 1
  EXPECT_EQ(extract("ISODOW", ts), I(2));
  EXPECT_EQ(extract("DOY", ts), I(103));
  EXPECT_EQ(extract("WEEK", ts), I(15));
  EXPECT_EQ(extract("EPOCH", Ts("1970-01-02 00:00:00")), I(86400));
  EXPECT_EQ(extract("WEEK", Date("2021-01-01")), I(53));  // ISO week of 2020
  EXPECT_EQ(extract("YEAR", Date("1999-12-31")), I(1999));
  ExprPtr interval =
      Lit(I(26 * types::kMicrosPerHour + 5 * types::kMicrosPerMinute), DataType::IntervalDayTime());
  EXPECT_EQ(extract("DAY", interval), I(1));
  EXPECT_EQ(extract("HOUR", interval), I(2));
  EXPECT_FALSE(CallError("EXTRACT", {Str("HOUR"), Date("2021-01-01")}).ok());
  EXPECT_FALSE(CallError("EXTRACT", {Str("FORTNIGHT"), ts}).ok());
}

TEST_F(TemporalFunctionsTest, FieldFunctionsAndLtz) {
  context_.local_time_zone = absl::FixedTimeZone(8 * 3600);
  ExprPtr ltz = Ltz("2021-04-13 20:00:00");  // 2021-04-14 04:00 in UTC+8
  EXPECT_EQ(One("DAYOFMONTH", {ltz}), I(14));
  EXPECT_EQ(One("HOUR", {ltz}), I(4));
  EXPECT_EQ(One("YEAR", {Date("2021-04-13")}), I(2021));
  EXPECT_EQ(One("MONTH", {Ts("2021-04-13 00:00:00")}), I(4));
  EXPECT_EQ(One("DAYOFWEEK", {Date("2021-04-11")}), I(1));
  EXPECT_EQ(One("EXTRACT", {Str("EPOCH"), ltz}), I(Micros("2021-04-13 20:00:00") / 1000000));
}

TEST_F(TemporalFunctionsTest, FloorAndCeilToUnit) {
  ExprPtr ts = Ts("2021-04-13 20:12:11.123");
  EXPECT_EQ(One("FLOOR", {ts, Str("HOUR")}), I(Micros("2021-04-13 20:00:00")));
  EXPECT_EQ(One("CEIL", {ts, Str("HOUR")}), I(Micros("2021-04-13 21:00:00")));
  EXPECT_EQ(One("FLOOR", {ts, Str("DAY")}), I(Micros("2021-04-13 00:00:00")));
  EXPECT_EQ(One("FLOOR", {ts, Str("MONTH")}), I(Micros("2021-04-01 00:00:00")));
  EXPECT_EQ(One("CEIL", {ts, Str("MONTH")}), I(Micros("2021-05-01 00:00:00")));
  EXPECT_EQ(One("FLOOR", {ts, Str("YEAR")}), I(Micros("2021-01-01 00:00:00")));
  EXPECT_EQ(One("FLOOR", {ts, Str("QUARTER")}), I(Micros("2021-04-01 00:00:00")));
  EXPECT_EQ(One("FLOOR", {ts, Str("WEEK")}), I(Micros("2021-04-11 00:00:00")));  // Sunday
  EXPECT_EQ(One("CEIL", {Ts("2021-04-13 00:00:00"), Str("DAY")}), I(Micros("2021-04-13 00:00:00")));
  EXPECT_EQ(One("FLOOR", {Date("2021-04-13"), Str("MONTH")}), I(Days("2021-04-01")));
  EXPECT_EQ(Call("FLOOR", {ts, Str("MINUTE")})->type.id, TypeId::kTimestamp);
  context_.local_time_zone = absl::FixedTimeZone(8 * 3600);
  // LTZ values truncate in the session zone: local midnight of 2021-04-14 is 04-13 16:00 UTC.
  EXPECT_EQ(One("FLOOR", {Ltz("2021-04-13 20:00:00"), Str("DAY")}),
            I(Micros("2021-04-13 16:00:00")));
}

TEST_F(TemporalFunctionsTest, TimestampAddAndDiff) {
  EXPECT_EQ(One("TIMESTAMPADD", {Str("MONTH"), Int(1), Ts("2021-01-31 10:00:00")}),
            I(Micros("2021-02-28 10:00:00")));
  EXPECT_EQ(One("TIMESTAMPADD", {Str("HOUR"), Int(-2), Ts("2021-01-31 01:00:00")}),
            I(Micros("2021-01-30 23:00:00")));
  EXPECT_EQ(One("TIMESTAMPADD", {Str("DAY"), Int(3), Date("2021-02-27")}), I(Days("2021-03-02")));
  ExprPtr diff =
      Call("TIMESTAMPDIFF", {Str("DAY"), Ts("2021-01-01 00:00:00"), Ts("2021-01-03 12:00:00")});
  EXPECT_EQ(diff->type.id, TypeId::kInt);
  EXPECT_EQ(EvalOne(diff), I(2));
  // Flink's subtractMonths: Jan 31 + 1 month clamps to Feb 28, a whole month.
  EXPECT_EQ(
      One("TIMESTAMPDIFF", {Str("MONTH"), Ts("2021-01-31 00:00:00"), Ts("2021-02-28 00:00:00")}),
      I(1));
  EXPECT_EQ(
      One("TIMESTAMPDIFF", {Str("MONTH"), Ts("2021-01-31 10:00:00"), Ts("2021-02-28 09:00:00")}),
      I(0));
  EXPECT_EQ(One("TIMESTAMPDIFF", {Str("MONTH"), Date("2021-01-15"), Date("2021-03-15")}), I(2));
  EXPECT_EQ(One("TIMESTAMPDIFF", {Str("YEAR"), Date("2023-06-01"), Date("2021-06-02")}), I(-1));
  EXPECT_EQ(
      One("TIMESTAMPDIFF", {Str("SECOND"), Ts("2021-01-01 00:00:10"), Ts("2021-01-01 00:00:00")}),
      I(-10));
}

TEST_F(TemporalFunctionsTest, DateFormat) {
  ExprPtr ts = Ts("2021-04-03 08:05:09.123");
  EXPECT_EQ(One("DATE_FORMAT", {ts, Str("yyyy-MM-dd HH:mm:ss")}), S("2021-04-03 08:05:09"));
  EXPECT_EQ(One("DATE_FORMAT", {ts, Str("yyyyMMdd")}), S("20210403"));
  EXPECT_EQ(One("DATE_FORMAT", {ts, Str("yy/M/d H:m:s.SSS")}), S("21/4/3 8:5:9.123"));
  EXPECT_EQ(One("DATE_FORMAT", {ts, Str("EEE, MMM d 'at' h a")}), S("Sat, Apr 3 at 8 AM"));
  EXPECT_EQ(One("DATE_FORMAT", {ts, Str("yyyy-MM-dd'T'HH:mm:ss''")}), S("2021-04-03T08:05:09'"));
  EXPECT_EQ(One("DATE_FORMAT", {Str("2021-04-03 08:05:09"), Str("MM/dd/yyyy")}), S("04/03/2021"));
  EXPECT_EQ(One("DATE_FORMAT", {Str("garbage"), Str("MM/dd/yyyy")}), N());
  Status bad = EvalStatus(Call("DATE_FORMAT", {ts, Str("yyyy-qq")}));
  EXPECT_TRUE(std::string(bad.message()).starts_with("invalid date format 'yyyy-qq'")) << bad;
  context_.local_time_zone = absl::FixedTimeZone(8 * 3600);
  EXPECT_EQ(One("DATE_FORMAT", {Ltz("2021-04-03 20:00:00"), Str("yyyy-MM-dd HH:mm XXX")}),
            S("2021-04-04 04:00 +08:00"));
}

TEST_F(TemporalFunctionsTest, DateFormatWithAPatternPerRow) {
  AddColumn("t", DataType::Timestamp(3),
            {I(Micros("2021-04-03 08:05:09")), I(Micros("2022-01-01 00:00:00")), N()});
  AddColumn("f", DataType::String(), {S("yyyy"), S("MM-dd"), S("yyyy")});
  EXPECT_EQ(Eval(Call("DATE_FORMAT", {Col("t"), Col("f")})),
            (std::vector<Value>{S("2021"), S("01-01"), N()}));
}

TEST_F(TemporalFunctionsTest, ToTimestampAndToDate) {
  ExprPtr t = Call("TO_TIMESTAMP", {Str("2021-04-13 20:12:11.123456")});
  EXPECT_EQ(t->type, DataType::Timestamp(3));
  EXPECT_EQ(EvalOne(t), I(Micros("2021-04-13 20:12:11.123")));
  EXPECT_EQ(One("TO_TIMESTAMP", {Str("13/04/2021 20:12"), Str("dd/MM/yyyy HH:mm")}),
            I(Micros("2021-04-13 20:12:00")));
  EXPECT_EQ(One("TO_TIMESTAMP", {Str("1999-9-10 05:20:10"), Str("yyyy-MM-dd HH:mm:ss")}),
            I(Micros("1999-09-10 05:20:10")));  // java.sql.Timestamp fallback
  EXPECT_EQ(One("TO_TIMESTAMP", {Str("not a time")}), N());
  EXPECT_EQ(One("TO_TIMESTAMP", {Str("20210413"), Str("yyyyMMdd")}),
            I(Micros("2021-04-13 00:00:00")));
  EXPECT_EQ(One("TO_DATE", {Str("2021-04-13")}), I(Days("2021-04-13")));
  EXPECT_EQ(One("TO_DATE", {Str("2021-04-13 10:00:00")}), I(Days("2021-04-13")));
  EXPECT_EQ(One("TO_DATE", {Str("13.04.2021"), Str("dd.MM.yyyy")}), I(Days("2021-04-13")));
  EXPECT_EQ(One("TO_DATE", {Str("2021-02-30")}), N());
}

TEST_F(TemporalFunctionsTest, EpochConversions) {
  ExprPtr ltz = Call("TO_TIMESTAMP_LTZ", {BigInt(1618344731123), Int(3)});
  EXPECT_EQ(ltz->type.id, TypeId::kTimestampLtz);
  EXPECT_EQ(ltz->type.precision, 3);
  EXPECT_EQ(EvalOne(ltz), I(1618344731123000));
  EXPECT_EQ(One("TO_TIMESTAMP_LTZ", {BigInt(1618344731), Int(0)}), I(1618344731000000));
  EXPECT_EQ(One("TO_TIMESTAMP_LTZ", {Dbl(1.5), Int(0)}), I(1500000));
  EXPECT_EQ(One("TO_TIMESTAMP_LTZ", {Dec(15, 3, 1), Int(0)}), I(1000000));
  Status bad = EvalStatus(Call("TO_TIMESTAMP_LTZ", {BigInt(1), Int(2)}));
  EXPECT_TRUE(std::string(bad.message()).starts_with("The precision value '2'")) << bad;
  context_.local_time_zone = absl::FixedTimeZone(8 * 3600);
  EXPECT_EQ(One("TO_TIMESTAMP_LTZ", {Str("2021-04-14 04:00:00")}),
            I(Micros("2021-04-13 20:00:00")));
  EXPECT_EQ(One("UNIX_TIMESTAMP", {Str("1970-01-01 08:00:01")}), I(1));
  EXPECT_EQ(One("UNIX_TIMESTAMP", {Str("1970/01/01 08:00"), Str("yyyy/MM/dd HH:mm")}), I(0));
  EXPECT_EQ(One("UNIX_TIMESTAMP", {Str("nope")}), I(INT64_MIN));  // as Flink
  EXPECT_EQ(One("FROM_UNIXTIME", {BigInt(0)}), S("1970-01-01 08:00:00"));
  EXPECT_EQ(One("FROM_UNIXTIME", {BigInt(86400), Str("yyyy-MM-dd")}), S("1970-01-02"));
  EXPECT_EQ(One("CONVERT_TZ", {Str("1970-01-01 00:00:00"), Str("UTC"), Str("+08:00")}),
            S("1970-01-01 08:00:00"));
}

TEST_F(TemporalFunctionsTest, ClockFunctionsReadTheContext) {
  context_.current_timestamp_micros = Micros("2021-04-13 20:12:11.123456");
  context_.local_time_zone = absl::FixedTimeZone(8 * 3600);
  ExprPtr now = Call("NOW", {});
  EXPECT_EQ(now->type, DataType::TimestampLtz(3).WithNullable(false));
  EXPECT_FALSE(now->IsConstant());
  EXPECT_EQ(EvalOne(now), I(Micros("2021-04-13 20:12:11.123")));
  EXPECT_EQ(One("CURRENT_TIMESTAMP", {}), I(Micros("2021-04-13 20:12:11.123")));
  EXPECT_EQ(One("LOCALTIMESTAMP", {}), I(Micros("2021-04-14 04:12:11.123")));
  EXPECT_EQ(One("CURRENT_DATE", {}), I(Days("2021-04-14")));
  EXPECT_EQ(One("UNIX_TIMESTAMP", {}), I(Micros("2021-04-13 20:12:11") / 1000000));
  ExprPtr proctime = Call("PROCTIME", {});
  EXPECT_EQ(proctime->type.ToString(), "TIMESTAMP_LTZ(3) NOT NULL *PROCTIME*");
  // Computing on a time attribute drops the marker.
  EXPECT_FALSE(Call("FLOOR", {proctime, Str("MINUTE")})->type.IsTimeAttribute());
}

}  // namespace
}  // namespace sluice::expr
