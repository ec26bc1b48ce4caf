#include "sluice/sql/interval_literal.h"

#include <gtest/gtest.h>

namespace sluice::sql {
namespace {

int64_t Value(std::string_view text, TimeUnit start, std::optional<TimeUnit> end = std::nullopt) {
  StatusOr<int64_t> value = EvaluateIntervalLiteral(text, start, end);
  EXPECT_TRUE(value.ok()) << value.status();
  return value.ok() ? *value : -999;
}

TEST(IntervalLiteral, SingleUnitsInMilliseconds) {
  EXPECT_EQ(Value("10", TimeUnit::kMinute), 600'000);
  EXPECT_EQ(Value("1", TimeUnit::kDay), 86'400'000);
  EXPECT_EQ(Value("2", TimeUnit::kHour), 7'200'000);
  EXPECT_EQ(Value("0.001", TimeUnit::kSecond), 1);
  EXPECT_EQ(Value("1.5", TimeUnit::kSecond), 1'500);
  EXPECT_EQ(Value("0.0001", TimeUnit::kSecond), 0);  // below a millisecond: truncated
  EXPECT_EQ(Value("-5", TimeUnit::kSecond), -5'000);
  EXPECT_EQ(Value(" 3 ", TimeUnit::kSecond), 3'000);
}

TEST(IntervalLiteral, YearMonthInMonths) {
  EXPECT_EQ(Value("2", TimeUnit::kYear), 24);
  EXPECT_EQ(Value("7", TimeUnit::kMonth), 7);
  EXPECT_EQ(Value("1-6", TimeUnit::kYear, TimeUnit::kMonth), 18);
  EXPECT_TRUE(IsYearMonthUnit(TimeUnit::kYear));
  EXPECT_FALSE(IsYearMonthUnit(TimeUnit::kDay));
}

TEST(IntervalLiteral, Ranges) {
  EXPECT_EQ(Value("1:30", TimeUnit::kHour, TimeUnit::kMinute), 5'400'000);
  EXPECT_EQ(Value("1 02", TimeUnit::kDay, TimeUnit::kHour), 93'600'000);
  EXPECT_EQ(Value("1 01:01:01.5", TimeUnit::kDay, TimeUnit::kSecond), 90'061'500);
  EXPECT_EQ(Value("90:05", TimeUnit::kMinute, TimeUnit::kSecond), 5'405'000);
  EXPECT_EQ(Value("-1:30", TimeUnit::kHour, TimeUnit::kMinute), -5'400'000);
}

TEST(IntervalLiteral, Errors) {
  auto error = [](std::string_view text, TimeUnit start, std::optional<TimeUnit> end) {
    StatusOr<int64_t> value = EvaluateIntervalLiteral(text, start, end);
    EXPECT_FALSE(value.ok()) << text;
    return value.ok() ? "" : std::string(value.status().message());
  };
  EXPECT_EQ(error("1:30", TimeUnit::kHour, std::nullopt), "invalid INTERVAL HOUR literal '1:30'");
  EXPECT_EQ(error("1:70", TimeUnit::kHour, TimeUnit::kMinute),
            "invalid INTERVAL HOUR TO MINUTE literal '1:70'");
  EXPECT_EQ(error("abc", TimeUnit::kDay, std::nullopt), "invalid INTERVAL DAY literal 'abc'");
  EXPECT_EQ(error("", TimeUnit::kDay, std::nullopt), "invalid INTERVAL DAY literal ''");
  EXPECT_EQ(error("1.5", TimeUnit::kMinute, std::nullopt), "invalid INTERVAL MINUTE literal '1.5'");
  EXPECT_EQ(error("99999999999999999999", TimeUnit::kDay, std::nullopt),
            "INTERVAL DAY literal '99999999999999999999' is out of range");
  EXPECT_EQ(error("9999999999999", TimeUnit::kDay, std::nullopt),
            "INTERVAL DAY literal '9999999999999' is out of range");
  EXPECT_EQ(error("1", TimeUnit::kMinute, TimeUnit::kHour),
            "invalid interval qualifier MINUTE TO HOUR");
  EXPECT_EQ(error("1", TimeUnit::kYear, TimeUnit::kDay), "invalid interval qualifier YEAR TO DAY");
}

}  // namespace
}  // namespace sluice::sql
