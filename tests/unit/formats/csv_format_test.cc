#include "sluice/formats/csv_format.h"

#include <gtest/gtest.h>

#include "sluice/types/value.h"

namespace sluice::formats {
namespace {

using types::DataType;

Options MakeOptions(std::map<std::string, std::string> values) {
  return Options(std::move(values));
}

std::unique_ptr<RowDecoder> Decoder(types::SchemaPtr schema, Options options = Options()) {
  auto decoder = FindFormat("csv")->CreateDecoder(std::move(schema), options);
  EXPECT_TRUE(decoder.ok()) << decoder.status();
  return decoder.ok() ? std::move(*decoder) : nullptr;
}

std::unique_ptr<RowEncoder> Encoder(types::SchemaPtr schema, Options options = Options()) {
  auto encoder = FindFormat("csv")->CreateEncoder(std::move(schema), options, absl::UTCTimeZone());
  EXPECT_TRUE(encoder.ok()) << encoder.status();
  return encoder.ok() ? std::move(*encoder) : nullptr;
}

std::string Row(const types::Batch& batch, size_t row) {
  std::string out;
  for (size_t i = 0; i < batch.columns.size(); ++i) {
    if (i > 0) out += "|";
    types::AppendFormatted(*batch.columns[i], row, absl::UTCTimeZone(), &out);
  }
  return out;
}

types::SchemaPtr AllTypes() {
  return types::MakeSchema({{"b", DataType::Boolean()},
                            {"ti", DataType::TinyInt()},
                            {"si", DataType::SmallInt()},
                            {"i", DataType::Int()},
                            {"bi", DataType::BigInt()},
                            {"f", DataType::Float()},
                            {"d", DataType::Double()},
                            {"dec", DataType::Decimal(10, 3)},
                            {"s", DataType::String()},
                            {"by", DataType::Bytes()},
                            {"dt", DataType::Date()},
                            {"tm", DataType::Time(0)},
                            {"ts", DataType::Timestamp(3)},
                            {"ltz", DataType::TimestampLtz(3)}});
}

TEST(CsvFormat, RoundTripsEveryType) {
  auto schema = AllTypes();
  const std::string line =
      "true,-1,300,70000,9000000000,1.5,1.0E10,-12.345,\"a,\"\"b\"\"\",AQID,2021-04-13,20:12:11,"
      "\"2021-04-13 20:12:11.123\",\"2021-04-13 20:12:11.123Z\"";
  types::Batch batch(schema);
  ASSERT_TRUE(Decoder(schema)->Decode(line, &batch).ok());
  EXPECT_EQ(Row(batch, 0),
            "TRUE|-1|300|70000|9000000000|1.5|1.0E10|-12.345|a,\"b\"|\x01\x02\x03|2021-04-13|"
            "20:12:11|2021-04-13 20:12:11.123|2021-04-13 20:12:11.123");
  std::string encoded;
  Encoder(schema)->Encode(batch, 0, &encoded);
  EXPECT_EQ(encoded, line);
}

TEST(CsvFormat, EmptyFieldIsNullExceptForStrings) {
  auto schema = types::MakeSchema(
      {{"a", DataType::Int()}, {"s", DataType::String()}, {"t", DataType::Timestamp(3)}});
  types::Batch batch(schema);
  ASSERT_TRUE(Decoder(schema)->Decode(",,", &batch).ok());
  EXPECT_EQ(Row(batch, 0), "NULL||NULL");
  EXPECT_FALSE(batch.columns[1]->IsNull(0));
  std::string encoded;
  Encoder(schema)->Encode(batch, 0, &encoded);
  EXPECT_EQ(encoded, ",,");
}

TEST(CsvFormat, NullLiteral) {
  auto schema = types::MakeSchema({{"a", DataType::Int()}, {"s", DataType::String()}});
  Options options = MakeOptions({{"csv.null-literal", "n/a"}});
  types::Batch batch(schema);
  ASSERT_TRUE(Decoder(schema, options)->Decode("n/a,n/a", &batch).ok());
  ASSERT_TRUE(Decoder(schema, options)->Decode("1,", &batch).ok());
  EXPECT_EQ(Row(batch, 0), "NULL|NULL");
  EXPECT_EQ(Row(batch, 1), "1|");
  std::string encoded;
  Encoder(schema, options)->Encode(batch, 0, &encoded);
  EXPECT_EQ(encoded, "n/a,n/a");
}

TEST(CsvFormat, ErrorsNameTheColumnAndText) {
  auto schema = types::MakeSchema(
      {{"a", DataType::Int()}, {"b", DataType::String()}, {"c", DataType::Double()}});
  auto decoder = Decoder(schema);
  types::Batch batch(schema);
  EXPECT_EQ(decoder->Decode("1,x", &batch).message(),
            "missing value for column 'c': expected 3 fields but found 2 in '1,x'");
  EXPECT_EQ(decoder->Decode("1,x,2,3", &batch).message(),
            "too many fields: expected 3 but found 4 in '1,x,2,3'");
  EXPECT_EQ(decoder->Decode("1,x,abc", &batch).message(),
            "invalid value for column 'c' of type DOUBLE: 'abc'");
  EXPECT_EQ(decoder->Decode("1,\"x,2", &batch).message(), "unterminated quoted field in '1,\"x,2'");
  EXPECT_EQ(batch.num_rows, 0u);
  for (const auto& column : batch.columns) EXPECT_EQ(column->size(), 0u);
  EXPECT_FALSE(decoder->ignore_parse_errors());
  EXPECT_TRUE(
      Decoder(schema, MakeOptions({{"csv.ignore-parse-errors", "true"}}))->ignore_parse_errors());
}

TEST(CsvFormat, DelimiterQuoteEscapeAndComments) {
  auto schema = types::MakeSchema({{"a", DataType::String()}, {"b", DataType::Int()}});
  {
    Options options = MakeOptions({{"csv.field-delimiter", "\\t"}, {"csv.allow-comments", "true"}});
    auto decoder = Decoder(schema, options);
    types::Batch batch(schema);
    ASSERT_TRUE(decoder->Decode("# a comment", &batch).ok());
    ASSERT_TRUE(decoder->Decode("x,y\t 7 ", &batch).ok());
    ASSERT_EQ(batch.num_rows, 1u);
    EXPECT_EQ(Row(batch, 0), "x,y|7");
    std::string encoded;
    Encoder(schema, options)->Encode(batch, 0, &encoded);
    EXPECT_EQ(encoded, "x,y\t7");
  }
  {
    Options options = MakeOptions({{"csv.quote-character", "'"}, {"csv.escape-character", "\\\\"}});
    auto decoder = Decoder(schema, options);
    types::Batch batch(schema);
    ASSERT_TRUE(decoder->Decode(R"('it\'s, ok',1)", &batch).ok());
    ASSERT_TRUE(decoder->Decode(R"(a\,b,2)", &batch).ok());
    EXPECT_EQ(Row(batch, 0), "it's, ok|1");
    EXPECT_EQ(Row(batch, 1), "a,b|2");
    std::string encoded;
    Encoder(schema, options)->Encode(batch, 0, &encoded);
    EXPECT_EQ(encoded, R"('it\'s, ok',1)");
  }
  {
    Options options = MakeOptions({{"csv.disable-quote-character", "true"}});
    types::Batch batch(schema);
    ASSERT_TRUE(Decoder(schema, options)->Decode("\"q\",3", &batch).ok());
    EXPECT_EQ(Row(batch, 0), "\"q\"|3");
  }
}

TEST(CsvFormat, EncoderQuotesOnlyWhenNeeded) {
  auto schema = types::MakeSchema({{"a", DataType::String()}, {"b", DataType::String()}});
  types::Batch batch(schema);
  batch.columns[0]->AppendString("line\nbreak");
  batch.columns[1]->AppendString("plain");
  batch.SyncRowCount();
  std::string encoded;
  Encoder(schema)->Encode(batch, 0, &encoded);
  EXPECT_EQ(encoded, "\"line\nbreak\",plain");
}

// As Flink (Jackson's non-strict check): text with a character below ',' + 1 (a space, '!',
// '+', ...) or longer than 24 characters is quoted; '-', '.', ':' and letters are not.
TEST(CsvFormat, EncoderQuotesLikeFlink) {
  auto schema = types::MakeSchema({{"a", DataType::String()},
                                   {"b", DataType::String()},
                                   {"c", DataType::String()},
                                   {"d", DataType::String()},
                                   {"e", DataType::Double()}});
  types::Batch batch(schema);
  batch.columns[0]->AppendString("This is a test.");
  batch.columns[1]->AppendString("2019-12-26T12:12:12");
  batch.columns[2]->AppendString("abcdefghijklmnopqrstuvwxyz");
  batch.columns[3]->AppendString("a+b");
  batch.columns[4]->Append(-1.5);
  batch.SyncRowCount();
  std::string encoded;
  Encoder(schema)->Encode(batch, 0, &encoded);
  EXPECT_EQ(encoded,
            "\"This is a test.\",2019-12-26T12:12:12,\"abcdefghijklmnopqrstuvwxyz\",\"a+b\",-1.5");
}

TEST(CsvFormat, NeedsMoreLinesInsideAQuotedField) {
  auto schema = types::MakeSchema({{"a", DataType::String()}, {"b", DataType::String()}});
  auto decoder = Decoder(schema);
  EXPECT_FALSE(decoder->NeedsMoreLines("a,b"));
  EXPECT_TRUE(decoder->NeedsMoreLines("\"line"));
  EXPECT_FALSE(decoder->NeedsMoreLines("\"line\nbreak\",x"));
  EXPECT_TRUE(decoder->NeedsMoreLines("x,\"say \"\"hi\"\""));
  EXPECT_FALSE(decoder->NeedsMoreLines("x,a\"b"));  // a quote inside an unquoted field
  auto unquoted = Decoder(schema, MakeOptions({{"csv.disable-quote-character", "true"}}));
  EXPECT_FALSE(unquoted->NeedsMoreLines("\"line"));
}

TEST(CsvFormat, ValidatesOptions) {
  auto schema = types::MakeSchema({{"a", DataType::String()}});
  const FormatFactory* csv = FindFormat("csv");
  EXPECT_EQ(
      csv->CreateDecoder(schema, MakeOptions({{"csv.field-delimiter", ";;"}})).status().message(),
      "Option 'csv.field-delimiter' must be a string with single character, but was: ;;");
  EXPECT_EQ(csv->CreateDecoder(schema, MakeOptions({{"csv.disable-quote-character", "true"},
                                                    {"csv.quote-character", "'"}}))
                .status()
                .message(),
            "Format cannot define a quote character and disabled quote character at the same "
            "time.");
}

}  // namespace
}  // namespace sluice::formats
