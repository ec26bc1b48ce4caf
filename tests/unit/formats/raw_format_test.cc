#include "sluice/formats/raw_format.h"

#include <gtest/gtest.h>

namespace sluice::formats {
namespace {

using types::DataType;

Options MakeOptions(std::map<std::string, std::string> values) {
  return Options(std::move(values));
}

TEST(RawFormat, RecordIsTheSingleColumn) {
  auto schema = types::MakeSchema({{"line", DataType::String()}});
  auto decoder = FindFormat("raw")->CreateDecoder(schema, Options());
  ASSERT_TRUE(decoder.ok());
  types::Batch batch(schema);
  ASSERT_TRUE((*decoder)->Decode("{not json, \"anything\"}", &batch).ok());
  ASSERT_TRUE((*decoder)->Decode("", &batch).ok());
  batch.columns[0]->AppendNull();
  batch.SyncRowCount();
  ASSERT_EQ(batch.num_rows, 3u);
  auto encoder = FindFormat("raw")->CreateEncoder(schema, Options(), absl::UTCTimeZone());
  ASSERT_TRUE(encoder.ok());
  std::string out;
  for (size_t row = 0; row < 3; ++row) {
    (*encoder)->Encode(batch, row, &out);
    out += "\n";
  }
  EXPECT_EQ(out, "{not json, \"anything\"}\n\n\n");
}

TEST(RawFormat, RejectsOtherSchemasAndCharsets) {
  auto two = types::MakeSchema({{"a", DataType::String()}, {"b", DataType::Int()}});
  EXPECT_EQ(FindFormat("raw")->CreateDecoder(two, Options()).status().message(),
            "The 'raw' format only supports a single physical column of type STRING or BYTES, but "
            "the schema has: [a STRING, b INT]");
  auto one = types::MakeSchema({{"a", DataType::Bytes()}});
  EXPECT_TRUE(FindFormat("raw")->CreateDecoder(one, Options()).ok());
  EXPECT_FALSE(
      FindFormat("raw")->CreateDecoder(one, MakeOptions({{"raw.charset", "UTF-16"}})).ok());
}

}  // namespace
}  // namespace sluice::formats
