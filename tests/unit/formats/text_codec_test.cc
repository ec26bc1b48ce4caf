#include "sluice/formats/text_codec.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "sluice/types/value.h"

namespace sluice::formats {
namespace {

using types::DataType;

int64_t Decimal(std::string_view text, int precision, int scale) {
  int64_t unscaled = -1;
  EXPECT_EQ(ParseDecimalText(text, precision, scale, &unscaled), DecimalParse::kOk) << text;
  return unscaled;
}

TEST(ParseDecimalText, ExactDigitsScaleAndHalfUpRounding) {
  EXPECT_EQ(Decimal("12.345", 10, 3), 12345);
  EXPECT_EQ(Decimal("12.3", 10, 3), 12300);
  EXPECT_EQ(Decimal("-0.5", 10, 0), -1);   // HALF_UP rounds away from zero
  EXPECT_EQ(Decimal("1.005", 5, 2), 101);  // 1.005 is not exact as a double
  EXPECT_EQ(Decimal("1.004", 5, 2), 100);
  EXPECT_EQ(Decimal("1.5e3", 10, 1), 15000);
  EXPECT_EQ(Decimal("15E-1", 10, 2), 150);
  EXPECT_EQ(Decimal("  +7 ", 3, 0), 7);
  EXPECT_EQ(Decimal("0.0000001", 10, 2), 0);
  EXPECT_EQ(Decimal("000123.4500", 18, 4), 1234500);
  EXPECT_EQ(Decimal("12345678901234.5678", 18, 4), 123456789012345678);
  int64_t v;
  EXPECT_EQ(ParseDecimalText("12345", 4, 0, &v), DecimalParse::kOverflow);
  EXPECT_EQ(ParseDecimalText("99.995", 4, 2, &v), DecimalParse::kOverflow);
  EXPECT_EQ(ParseDecimalText("1e30", 18, 0, &v), DecimalParse::kOverflow);
  EXPECT_EQ(ParseDecimalText("abc", 10, 2, &v), DecimalParse::kInvalid);
  EXPECT_EQ(ParseDecimalText("1.2.3", 10, 2, &v), DecimalParse::kInvalid);
  EXPECT_EQ(ParseDecimalText("1e", 10, 2, &v), DecimalParse::kInvalid);
  EXPECT_EQ(ParseDecimalText("", 10, 2, &v), DecimalParse::kInvalid);
}

std::string JavaDouble(double value) {
  std::string out;
  AppendJavaDouble(value, &out);
  return out;
}

TEST(AppendJavaDouble, ShortestDigitsInJavaLayout) {
  EXPECT_EQ(JavaDouble(1.0), "1.0");
  EXPECT_EQ(JavaDouble(0.1), "0.1");
  EXPECT_EQ(JavaDouble(-2.5), "-2.5");
  EXPECT_EQ(JavaDouble(123456.75), "123456.75");
  EXPECT_EQ(JavaDouble(1e7), "1.0E7");
  EXPECT_EQ(JavaDouble(1.234e-5), "1.234E-5");
  EXPECT_EQ(JavaDouble(0.001), "0.001");
  EXPECT_EQ(JavaDouble(1e300), "1.0E300");
  EXPECT_EQ(JavaDouble(std::nan("")), "NaN");
  EXPECT_EQ(JavaDouble(-std::numeric_limits<double>::infinity()), "-Infinity");
  std::string f;
  AppendJavaFloat(0.1f, &f);
  EXPECT_EQ(f, "0.1");
}

std::string RoundTrip(const DataType& type, std::string_view text,
                      TimestampStandard standard = TimestampStandard::kSql) {
  types::Column column(type);
  std::string scratch;
  if (!AppendParsedText(text, standard, &column, &scratch)) return "<invalid>";
  if (column.IsNull(0)) return "<null>";
  std::string out;
  AppendValueText(column, 0, standard, &out);
  return out;
}

TEST(TextCodec, ParsesAndFormatsEveryType) {
  EXPECT_EQ(RoundTrip(DataType::Boolean(), "TRUE"), "true");
  EXPECT_EQ(RoundTrip(DataType::TinyInt(), "-128"), "-128");
  EXPECT_EQ(RoundTrip(DataType::TinyInt(), "128"), "<invalid>");
  EXPECT_EQ(RoundTrip(DataType::SmallInt(), " 300 "), "300");
  EXPECT_EQ(RoundTrip(DataType::Int(), "+12"), "12");
  EXPECT_EQ(RoundTrip(DataType::Int(), "3000000000"), "<invalid>");
  EXPECT_EQ(RoundTrip(DataType::BigInt(), "-9223372036854775808"), "-9223372036854775808");
  EXPECT_EQ(RoundTrip(DataType::Float(), "1.5"), "1.5");
  EXPECT_EQ(RoundTrip(DataType::Double(), "1e10"), "1.0E10");
  EXPECT_EQ(RoundTrip(DataType::Double(), "NaN"), "NaN");
  EXPECT_EQ(RoundTrip(DataType::Double(), "-Infinity"), "-Infinity");
  EXPECT_EQ(RoundTrip(DataType::Double(), "1.5x"), "<invalid>");
  EXPECT_EQ(RoundTrip(DataType::Decimal(10, 2), "3.14159"), "3.14");
  EXPECT_EQ(RoundTrip(DataType::Decimal(10, 2), "-0.05"), "-0.05");
  EXPECT_EQ(RoundTrip(DataType::Decimal(3, 2), "10.5"), "<null>");  // Flink: overflow is NULL
  EXPECT_EQ(RoundTrip(DataType::String(), " a b "), " a b ");
  EXPECT_EQ(RoundTrip(DataType::Bytes(), "AQID"), "AQID");
  EXPECT_EQ(RoundTrip(DataType::Bytes(), "!!"), "<invalid>");
  EXPECT_EQ(RoundTrip(DataType::Date(), "2021-04-13"), "2021-04-13");
  EXPECT_EQ(RoundTrip(DataType::Date(), "2021-02-30"), "<invalid>");
  EXPECT_EQ(RoundTrip(DataType::Time(0), "20:12:11"), "20:12:11");
  EXPECT_EQ(RoundTrip(DataType::Timestamp(3), "2021-04-13 20:12:11.123456"),
            "2021-04-13 20:12:11.123");
  // Flink's TimeFormats write the fraction without trailing zeros.
  EXPECT_EQ(RoundTrip(DataType::Timestamp(6), "2021-04-13 20:12:11"), "2021-04-13 20:12:11");
  EXPECT_EQ(RoundTrip(DataType::Timestamp(6), "2021-04-13 20:12:11.120000"),
            "2021-04-13 20:12:11.12");
  EXPECT_EQ(RoundTrip(DataType::Timestamp(3), "2021-04-13T20:12:11"), "<invalid>");
  EXPECT_EQ(RoundTrip(DataType::Timestamp(3), "2021-04-13"), "<invalid>");
  EXPECT_EQ(RoundTrip(DataType::Timestamp(3), "2021-04-13T20:12:11.5", TimestampStandard::kIso8601),
            "2021-04-13T20:12:11.5");
  EXPECT_EQ(RoundTrip(DataType::TimestampLtz(3), "2021-04-13 20:12:11.123Z"),
            "2021-04-13 20:12:11.123Z");
}

}  // namespace
}  // namespace sluice::formats
