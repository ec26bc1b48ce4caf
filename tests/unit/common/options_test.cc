#include "sluice/common/options.h"

#include <gtest/gtest.h>

namespace sluice {
namespace {

TEST(ParseDuration, UnitsAndBareMilliseconds) {
  EXPECT_EQ(*ParseDuration("10 s"), 10'000'000);
  EXPECT_EQ(*ParseDuration("200ms"), 200'000);
  EXPECT_EQ(*ParseDuration("1 min"), 60'000'000);
  EXPECT_EQ(*ParseDuration("5 minutes"), 300'000'000);
  EXPECT_EQ(*ParseDuration("1 d"), 86'400'000'000);
  EXPECT_EQ(*ParseDuration("3600000"), 3'600'000'000);
  EXPECT_FALSE(ParseDuration("ten seconds").ok());
  EXPECT_FALSE(ParseDuration("10 fortnights").ok());
}

TEST(Options, TypedReadersReportKeyAndValue) {
  Options options({{"a", "12"}, {"b", "true"}, {"c", "x"}});
  EXPECT_EQ(*options.GetInt("a", 0), 12);
  EXPECT_EQ(*options.GetInt("missing", 7), 7);
  EXPECT_TRUE(*options.GetBool("b", false));
  auto bad = options.GetInt("c", 0);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "option 'c' expects an integer, got 'x'");
}

TEST(Options, WithPrefixStripsPrefix) {
  Options options({{"fields.a.kind", "sequence"}, {"fields.b.min", "1"}, {"format", "json"}});
  auto fields = options.WithPrefix("fields.");
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(fields["a.kind"], "sequence");
}

}  // namespace
}  // namespace sluice
