#include "sluice/formats/json_format.h"

#include <gtest/gtest.h>

#include "sluice/types/value.h"

namespace sluice::formats {
namespace {

using types::DataType;

Options MakeOptions(std::map<std::string, std::string> values) {
  return Options(std::move(values));
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

std::unique_ptr<RowDecoder> Decoder(types::SchemaPtr schema, Options options = Options()) {
  auto decoder = FindFormat("json")->CreateDecoder(std::move(schema), options);
  EXPECT_TRUE(decoder.ok()) << decoder.status();
  return std::move(*decoder);
}

std::unique_ptr<RowEncoder> Encoder(types::SchemaPtr schema, Options options = Options()) {
  auto encoder = FindFormat("json")->CreateEncoder(std::move(schema), options, absl::UTCTimeZone());
  EXPECT_TRUE(encoder.ok()) << encoder.status();
  return std::move(*encoder);
}

// Row `row` of `batch` as "v1|v2|..." with types::AppendFormatted.
std::string Row(const types::Batch& batch, size_t row) {
  std::string out;
  for (size_t i = 0; i < batch.columns.size(); ++i) {
    if (i > 0) out += "|";
    types::AppendFormatted(*batch.columns[i], row, absl::UTCTimeZone(), &out);
  }
  return out;
}

constexpr char kAllTypesRecord[] =
    R"({"b":true,"ti":-1,"si":300,"i":70000,"bi":9000000000,"f":1.5,"d":0.1,"dec":12.345,)"
    R"("s":"h\u00e9 \"q\"\n\t\\","by":"AQID","dt":"2021-04-13","tm":"20:12:11",)"
    R"("ts":"2021-04-13 20:12:11.123","ltz":"2021-04-13 20:12:11.120Z"})";

TEST(JsonFormat, DecodesEveryType) {
  auto schema = AllTypes();
  types::Batch batch(schema);
  ASSERT_TRUE(Decoder(schema)->Decode(kAllTypesRecord, &batch).ok());
  ASSERT_EQ(batch.num_rows, 1u);
  EXPECT_EQ(Row(batch, 0),
            "TRUE|-1|300|70000|9000000000|1.5|0.1|12.345|h\xC3\xA9 \"q\"\n\t\\|\x01\x02\x03|"
            "2021-04-13|20:12:11|2021-04-13 20:12:11.123|2021-04-13 20:12:11.120");
}

TEST(JsonFormat, EncodeDecodeRoundTripsEveryType) {
  auto schema = AllTypes();
  types::Batch batch(schema);
  ASSERT_TRUE(Decoder(schema)->Decode(kAllTypesRecord, &batch).ok());
  std::string encoded;
  Encoder(schema)->Encode(batch, 0, &encoded);
  EXPECT_EQ(encoded,
            R"({"b":true,"ti":-1,"si":300,"i":70000,"bi":9000000000,"f":1.5,"d":0.1,"dec":12.345,)"
            "\"s\":\"h\xC3\xA9 \\\"q\\\"\\n\\t\\\\\",\"by\":\"AQID\",\"dt\":\"2021-04-13\","
            R"("tm":"20:12:11","ts":"2021-04-13 20:12:11.123","ltz":"2021-04-13 20:12:11.12Z"})");
  types::Batch again(schema);
  ASSERT_TRUE(Decoder(schema)->Decode(encoded, &again).ok());
  EXPECT_EQ(Row(again, 0), Row(batch, 0));
}

TEST(JsonFormat, NullsAndMissingFieldsAreNull) {
  auto schema = types::MakeSchema({{"a", DataType::Int()}, {"b", DataType::String()}});
  types::Batch batch(schema);
  auto decoder = Decoder(schema);
  ASSERT_TRUE(decoder->Decode(R"({"a":null,"b":null})", &batch).ok());
  ASSERT_TRUE(decoder->Decode(R"({"b":"x","other":{"deep":[1,2]}})", &batch).ok());
  ASSERT_TRUE(decoder->Decode(R"({})", &batch).ok());
  ASSERT_EQ(batch.num_rows, 3u);
  EXPECT_EQ(Row(batch, 0), "NULL|NULL");
  EXPECT_EQ(Row(batch, 1), "NULL|x");
  EXPECT_EQ(Row(batch, 2), "NULL|NULL");
  std::string encoded;
  Encoder(schema)->Encode(batch, 1, &encoded);
  EXPECT_EQ(encoded, R"({"a":null,"b":"x"})");
  encoded.clear();
  Encoder(schema, MakeOptions({{"json.encode.ignore-null-fields", "true"}}))
      ->Encode(batch, 1, &encoded);
  EXPECT_EQ(encoded, R"({"b":"x"})");
}

TEST(JsonFormat, FailOnMissingFieldNamesTheField) {
  auto schema = types::MakeSchema({{"a", DataType::Int()}, {"b", DataType::String()}});
  types::Batch batch(schema);
  auto decoder = Decoder(schema, MakeOptions({{"json.fail-on-missing-field", "true"}}));
  Status status = decoder->Decode(R"({"a":1})", &batch);
  EXPECT_EQ(status.message(), "field 'b' is missing");
  EXPECT_EQ(batch.num_rows, 0u);
  EXPECT_EQ(batch.columns[0]->size(), 0u);  // the batch is left unchanged
  EXPECT_FALSE(decoder->ignore_parse_errors());
}

TEST(JsonFormat, WrongTypesNameTheFieldAndValue) {
  auto schema = types::MakeSchema(
      {{"a", DataType::Int()}, {"t", DataType::Timestamp(3)}, {"f", DataType::Boolean()}});
  auto decoder = Decoder(schema);
  types::Batch batch(schema);
  EXPECT_EQ(decoder->Decode(R"({"a":"abc"})", &batch).message(),
            "invalid value for field 'a' of type INT: \"abc\"");
  EXPECT_EQ(decoder->Decode(R"({"a":3000000000})", &batch).message(),
            "invalid value for field 'a' of type INT: 3000000000");
  EXPECT_EQ(decoder->Decode(R"({"a":[1, 2]})", &batch).message(),
            "invalid value for field 'a' of type INT: [1, 2]");
  EXPECT_EQ(decoder->Decode(R"({"a":1,"t":"2021-04-13T20:12:11"})", &batch).message(),
            "invalid value for field 't' of type TIMESTAMP(3): \"2021-04-13T20:12:11\"");
  EXPECT_EQ(decoder->Decode(R"({"a":1,"f":1})", &batch).message(),
            "invalid value for field 'f' of type BOOLEAN: 1");
  EXPECT_EQ(batch.num_rows, 0u);
  for (const auto& column : batch.columns) EXPECT_EQ(column->size(), 0u);
}

TEST(JsonFormat, MalformedRecordsAreErrors) {
  auto schema = types::MakeSchema({{"a", DataType::Int()}});
  auto decoder = Decoder(schema);
  types::Batch batch(schema);
  for (const char* bad : {R"({"a":1)", R"({"a":})", "[1]", "17", R"({"a":1} x)", "not json"}) {
    Status status = decoder->Decode(bad, &batch);
    EXPECT_FALSE(status.ok()) << bad;
    EXPECT_EQ(status.message().substr(0, 15), "malformed JSON ") << status.message();
  }
  EXPECT_EQ(batch.num_rows, 0u);
  EXPECT_EQ(batch.columns[0]->size(), 0u);
  // Still usable after errors; a blank line is no row.
  ASSERT_TRUE(decoder->Decode("  ", &batch).ok());
  ASSERT_TRUE(decoder->Decode(R"( {"a": 5} )", &batch).ok());
  EXPECT_EQ(batch.num_rows, 1u);
  EXPECT_EQ(Row(batch, 0), "5");
}

TEST(JsonFormat, LenientConversionsAsFlink) {
  auto schema = types::MakeSchema({{"i", DataType::Int()},
                                   {"d", DataType::Double()},
                                   {"s", DataType::String()},
                                   {"dec", DataType::Decimal(5, 2)},
                                   {"b", DataType::Boolean()}});
  auto decoder = Decoder(schema);
  types::Batch batch(schema);
  ASSERT_TRUE(
      decoder->Decode(R"({"i":"12","d":"2.5","s":{"x": [1,2]},"dec":"1.005","b":"TRUE"})", &batch)
          .ok());
  ASSERT_TRUE(decoder->Decode(R"({"i":12.9,"d":3,"s":42,"dec":1234.5,"b":false})", &batch).ok());
  ASSERT_TRUE(decoder->Decode(R"({"i":1,"i":2,"s":true})", &batch).ok());  // last key wins
  EXPECT_EQ(Row(batch, 0), "12|2.5|{\"x\": [1,2]}|1.01|TRUE");
  EXPECT_EQ(Row(batch, 1), "12|3.0|42|NULL|FALSE");  // DECIMAL overflow is NULL, as Flink
  EXPECT_EQ(Row(batch, 2), "2|NULL|true|NULL|NULL");
}

TEST(JsonFormat, DecimalIsExactFromTheToken) {
  auto schema = types::MakeSchema({{"dec", DataType::Decimal(18, 4)}});
  types::Batch batch(schema);
  ASSERT_TRUE(Decoder(schema)->Decode(R"({"dec":12345678901234.5678})", &batch).ok());
  EXPECT_EQ(batch.columns[0]->data<int64_t>()[0], 123456789012345678);
}

TEST(JsonFormat, Iso8601TimestampStandard) {
  auto schema =
      types::MakeSchema({{"ts", DataType::Timestamp(3)}, {"ltz", DataType::TimestampLtz(0)}});
  Options options = MakeOptions({{"json.timestamp-format.standard", "ISO-8601"}});
  types::Batch batch(schema);
  auto decoder = Decoder(schema, options);
  ASSERT_TRUE(
      decoder->Decode(R"({"ts":"2021-04-13T20:12:11.5","ltz":"2021-04-13T01:02:03Z"})", &batch)
          .ok());
  EXPECT_FALSE(decoder->Decode(R"({"ts":"2021-04-13 20:12:11"})", &batch).ok());
  std::string encoded;
  Encoder(schema, options)->Encode(batch, 0, &encoded);
  EXPECT_EQ(encoded, R"({"ts":"2021-04-13T20:12:11.5","ltz":"2021-04-13T01:02:03Z"})");
}

TEST(JsonFormat, EncodesDoublesShortestAndEscapesControlCharacters) {
  auto schema = types::MakeSchema({{"d", DataType::Double()}, {"s", DataType::String()}});
  types::Batch batch(schema);
  batch.columns[0]->Append(1e20);
  batch.columns[1]->AppendString(
      std::string_view("a\x01\x1f"
                       "b",
                       4));
  batch.columns[0]->Append(std::numeric_limits<double>::quiet_NaN());
  batch.columns[1]->AppendString("");
  batch.SyncRowCount();
  auto encoder = Encoder(schema);
  std::string encoded;
  encoder->Encode(batch, 0, &encoded);
  EXPECT_EQ(encoded, R"({"d":1.0E20,"s":"a\u0001\u001fb"})");
  encoded.clear();
  encoder->Encode(batch, 1, &encoded);
  EXPECT_EQ(encoded, R"({"d":"NaN","s":""})");
}

TEST(JsonFormat, ValidatesOptions) {
  auto schema = types::MakeSchema({{"a", DataType::Int()}});
  const FormatFactory* json = FindFormat("json");
  auto both = json->CreateDecoder(schema, MakeOptions({{"json.fail-on-missing-field", "true"},
                                                       {"json.ignore-parse-errors", "true"}}));
  EXPECT_EQ(both.status().message(),
            "fail-on-missing-field and ignore-parse-errors shouldn't both be true.");
  auto standard =
      json->CreateDecoder(schema, MakeOptions({{"json.timestamp-format.standard", "RFC"}}));
  EXPECT_EQ(standard.status().message(),
            "Unsupported value 'RFC' for timestamp-format.standard. Supported values are [SQL, "
            "ISO-8601].");
  auto flag = json->CreateDecoder(schema, MakeOptions({{"json.ignore-parse-errors", "yes"}}));
  EXPECT_EQ(flag.status().message(),
            "option 'json.ignore-parse-errors' expects true or false, got 'yes'");
  auto ignoring = json->CreateDecoder(schema, MakeOptions({{"json.ignore-parse-errors", "true"}}));
  ASSERT_TRUE(ignoring.ok());
  EXPECT_TRUE((*ignoring)->ignore_parse_errors());
}

TEST(FormatRegistry, ListsFormats) {
  EXPECT_EQ(FormatNames(), (std::vector<std::string>{"csv", "json", "raw"}));
  EXPECT_EQ(FindFormat("avro"), nullptr);
}

}  // namespace
}  // namespace sluice::formats
