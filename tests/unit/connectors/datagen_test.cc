#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "connector_test_support.h"
#include "sluice/common/clock.h"
#include "sluice/connectors/datagen/datagen_source.h"
#include "sluice/connectors/datagen/rate_limiter.h"

namespace sluice::connectors {
namespace {

using test_support::Drain;
using test_support::MakeTable;
using types::DataType;

// Creates the source through the factory (validation included).
std::unique_ptr<TableSource> Source(const ConnectorTable& table) {
  auto source = CreateTableSource(table);
  EXPECT_TRUE(source.ok()) << source.status();
  return source.ok() ? std::move(*source) : nullptr;
}

std::vector<types::Batch> ReadAll(const TableSource& source, int subtask, int parallelism,
                                  int64_t batch_size = 1024) {
  auto reader = source.CreateReader(subtask, parallelism);
  EXPECT_TRUE(reader.ok());
  auto batches = Drain(reader->get(), batch_size, nullptr, subtask, parallelism);
  EXPECT_TRUE(batches.ok()) << batches.status();
  return batches.ok() ? std::move(*batches) : std::vector<types::Batch>();
}

TEST(Datagen, SequenceIsSplitAcrossSubtasksExactlyOnce) {
  auto table = MakeTable({{"id", DataType::BigInt()}, {"name", DataType::String()}},
                         {{"connector", "datagen"},
                          {"rows-per-second", "1000000000"},
                          {"fields.id.kind", "sequence"},
                          {"fields.id.start", "1"},
                          {"fields.id.end", "1001"},
                          {"fields.name.length", "5"}});
  auto source = Source(table);
  ASSERT_NE(source, nullptr);
  EXPECT_TRUE(source->IsBounded());
  std::vector<int64_t> all;
  for (int subtask = 0; subtask < 2; ++subtask) {
    std::vector<int64_t> mine;
    for (const types::Batch& batch : ReadAll(*source, subtask, 2, 64)) {
      EXPECT_LE(batch.num_rows, 64u);
      for (size_t r = 0; r < batch.num_rows; ++r) {
        mine.push_back(batch.columns[0]->data<int64_t>()[r]);
        EXPECT_EQ(batch.columns[1]->strings()[r].size(), 5u);
      }
    }
    // A contiguous share, in order.
    ASSERT_FALSE(mine.empty());
    for (size_t i = 1; i < mine.size(); ++i) EXPECT_EQ(mine[i], mine[i - 1] + 1);
    all.insert(all.end(), mine.begin(), mine.end());
  }
  std::sort(all.begin(), all.end());
  ASSERT_EQ(all.size(), 1001u);
  for (size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i], static_cast<int64_t>(i + 1));
}

TEST(Datagen, NumberOfRowsIsSharedAmongSubtasks) {
  auto table = MakeTable(
      {{"a", DataType::Int()}},
      {{"connector", "datagen"}, {"rows-per-second", "1000000000"}, {"number-of-rows", "10"}});
  auto source = Source(table);
  ASSERT_NE(source, nullptr);
  std::vector<size_t> counts;
  for (int subtask = 0; subtask < 3; ++subtask) {
    size_t rows = 0;
    for (const auto& batch : ReadAll(*source, subtask, 3)) rows += batch.num_rows;
    counts.push_back(rows);
  }
  EXPECT_EQ(counts, (std::vector<size_t>{4, 3, 3}));
  auto unbounded = Source(MakeTable({{"a", DataType::Int()}}, {{"connector", "datagen"}}));
  EXPECT_FALSE(unbounded->IsBounded());
}

TEST(Datagen, RandomValuesRespectMinAndMax) {
  auto table = MakeTable({{"i", DataType::Int()},
                          {"d", DataType::Double()},
                          {"dec", DataType::Decimal(6, 2)},
                          {"t", DataType::TinyInt()},
                          {"s", DataType::String()},
                          {"b", DataType::Boolean()}},
                         {{"connector", "datagen"},
                          {"rows-per-second", "1000000000"},
                          {"number-of-rows", "5000"},
                          {"fields.i.min", "-5"},
                          {"fields.i.max", "5"},
                          {"fields.d.min", "1.5"},
                          {"fields.d.max", "2.5"},
                          {"fields.dec.min", "-1.25"},
                          {"fields.dec.max", "1.25"},
                          {"fields.s.length", "7"},
                          {"fields.s.var-len", "true"}});
  auto source = Source(table);
  ASSERT_NE(source, nullptr);
  std::set<int32_t> ints;
  std::set<size_t> lengths;
  std::set<int8_t> tinyints;
  size_t rows = 0;
  for (const types::Batch& batch : ReadAll(*source, 0, 1)) {
    for (size_t r = 0; r < batch.num_rows; ++r, ++rows) {
      int32_t i = batch.columns[0]->data<int32_t>()[r];
      ints.insert(i);
      double d = batch.columns[1]->data<double>()[r];
      EXPECT_TRUE(d >= 1.5 && d <= 2.5) << d;
      int64_t dec = batch.columns[2]->data<int64_t>()[r];
      EXPECT_TRUE(dec >= -125 && dec <= 125) << dec;
      tinyints.insert(batch.columns[3]->data<int8_t>()[r]);
      std::string_view s = batch.columns[4]->strings()[r];
      lengths.insert(s.size());
      for (char c : s) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << s;
      EXPECT_FALSE(batch.columns[0]->has_nulls());
    }
  }
  EXPECT_EQ(rows, 5000u);
  EXPECT_EQ(*ints.begin(), -5);
  EXPECT_EQ(*ints.rbegin(), 5);
  EXPECT_EQ(ints.size(), 11u);
  EXPECT_GT(tinyints.size(), 100u);  // the whole TINYINT range by default
  EXPECT_EQ(*lengths.begin(), 1u);
  EXPECT_EQ(*lengths.rbegin(), 7u);
}

TEST(Datagen, NullRate) {
  auto table =
      MakeTable({{"a", DataType::Int()}, {"b", DataType::String()}, {"c", DataType::Int()}},
                {{"connector", "datagen"},
                 {"rows-per-second", "1000000000"},
                 {"number-of-rows", "10000"},
                 {"fields.a.null-rate", "0.3"},
                 {"fields.b.null-rate", "1"},
                 {"fields.b.length", "3"}});
  auto source = Source(table);
  ASSERT_NE(source, nullptr);
  size_t a_nulls = 0, b_nulls = 0, c_nulls = 0, rows = 0;
  for (const types::Batch& batch : ReadAll(*source, 0, 1)) {
    for (size_t r = 0; r < batch.num_rows; ++r, ++rows) {
      a_nulls += batch.columns[0]->IsNull(r);
      b_nulls += batch.columns[1]->IsNull(r);
      c_nulls += batch.columns[2]->IsNull(r);
    }
  }
  EXPECT_EQ(rows, 10000u);
  EXPECT_GT(a_nulls, 2400u);  // 30% +- many standard deviations
  EXPECT_LT(a_nulls, 3600u);
  EXPECT_EQ(b_nulls, 10000u);
  EXPECT_EQ(c_nulls, 0u);
}

TEST(Datagen, TimestampsAreRecentWithinMaxPast) {
  auto table = MakeTable({{"ts", DataType::Timestamp(3)}, {"ltz", DataType::TimestampLtz(3)}},
                         {{"connector", "datagen"},
                          {"rows-per-second", "1000000000"},
                          {"number-of-rows", "100"},
                          {"fields.ts.max-past", "10 s"}});
  auto source = Source(table);
  ASSERT_NE(source, nullptr);
  int64_t before = NowMicros();
  auto batches = ReadAll(*source, 0, 1);
  int64_t after = NowMicros();
  ASSERT_EQ(batches.size(), 1u);
  for (size_t r = 0; r < batches[0].num_rows; ++r) {
    int64_t ts = batches[0].columns[0]->data<int64_t>()[r];  // UTC without a local zone set
    EXPECT_GE(ts, before - 10'000'000 - 1000);
    EXPECT_LE(ts, after);
    EXPECT_EQ(ts % 1000, 0);  // TIMESTAMP(3)
    int64_t ltz = batches[0].columns[1]->data<int64_t>()[r];
    EXPECT_GE(ltz, before - 1000);
    EXPECT_LE(ltz, after);
  }
}

TEST(Datagen, ValidationErrors) {
  auto message =
      [](std::map<std::string, std::string> options,
         std::vector<types::Field> fields = {{"id", DataType::Int()}, {"s", DataType::String()}}) {
        options["connector"] = "datagen";
        auto source = CreateTableSource(MakeTable(std::move(fields), std::move(options)));
        return source.ok() ? std::string("ok") : std::string(source.status().message());
      };
  EXPECT_EQ(message({{"fields.id.kind", "sequence"}, {"fields.id.start", "1"}}),
            "missing option 'fields.id.end' for the sequence generator of column 'id' in table "
            "'default_catalog.default_database.t'");
  EXPECT_EQ(message({{"fields.id.min", "10"}, {"fields.id.max", "1"}}),
            "option 'fields.id.min' (10) must not be greater than 'fields.id.max' (1) in table "
            "'default_catalog.default_database.t'");
  EXPECT_EQ(
      message({{"fields.id.kind", "sequence"}, {"fields.id.start", "10"}, {"fields.id.end", "1"}}),
      "option 'fields.id.start' (10) must not be greater than 'fields.id.end' (1) in table "
      "'default_catalog.default_database.t'");
  EXPECT_EQ(message({{"fields.nope.kind", "random"}}),
            "unknown column 'nope' in option 'fields.nope.kind' of table "
            "'default_catalog.default_database.t'");
  EXPECT_EQ(message({{"fields.s.min", "1"}}),
            "option 'fields.s.min' does not apply to column 's' of type STRING in table "
            "'default_catalog.default_database.t'");
  EXPECT_EQ(message({{"fields.id.kind", "sequence"},
                     {"fields.id.start", "1"},
                     {"fields.id.end", "2"},
                     {"fields.id.min", "1"}}),
            "option 'fields.id.min' does not apply to the sequence generator of column 'id' of "
            "type INT in table 'default_catalog.default_database.t'");
  EXPECT_EQ(message({{"fields.id.kind", "zipf"}}),
            "option 'fields.id.kind' of table 'default_catalog.default_database.t' must be "
            "'random' or 'sequence', got 'zipf'");
  EXPECT_EQ(message({{"fields.id.null-rate", "1.5"}}),
            "option 'fields.id.null-rate' of table 'default_catalog.default_database.t' must be "
            "between 0 and 1, got 1.5");
  EXPECT_EQ(message({{"fields.id.max", "3000000000"}}),
            "option 'fields.id.max' of table 'default_catalog.default_database.t' is out of range "
            "for INT: 3000000000");
  EXPECT_EQ(message({{"fields.v.length", "20"}}, {{"v", DataType::Varchar(10)}}),
            "option 'fields.v.length' of table 'default_catalog.default_database.t' must be "
            "between 1 and the declared length of VARCHAR(10), got 20");
  EXPECT_EQ(message({{"rows-per-second", "0"}}),
            "option 'rows-per-second' of table 'default_catalog.default_database.t' must be "
            "positive, got 0");
  EXPECT_EQ(
      message({{"fields.id.kind", "sequence"}, {"fields.id.start", "1"}, {"fields.id.end", "9"}}),
      "ok");
}

TEST(RateLimiter, GrantsTheRateWithABurst) {
  RateLimiter limiter(100, 10);  // 100 rows per second, bucket of 10
  EXPECT_EQ(limiter.Acquire(0, 50), 10);
  EXPECT_EQ(limiter.Acquire(0, 5), 0);
  EXPECT_EQ(limiter.Acquire(50'000, 50), 5);       // 50 ms later: 5 rows
  EXPECT_EQ(limiter.Acquire(10'000'000, 50), 10);  // never more than the bucket
  EXPECT_EQ(limiter.Acquire(10'000'000, 50), 0);
}

}  // namespace
}  // namespace sluice::connectors
