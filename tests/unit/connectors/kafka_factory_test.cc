#include "sluice/connectors/kafka/kafka_factory.h"

#include <gtest/gtest.h>

#include "connector_test_support.h"

namespace sluice::connectors {
namespace {

using test_support::HasPrefix;
using test_support::MakeTable;
using types::DataType;

std::map<std::string, std::string> Base(std::map<std::string, std::string> extra = {}) {
  std::map<std::string, std::string> options = {{"connector", "kafka"},
                                                {"topic", "orders"},
                                                {"properties.bootstrap.servers", "k:9092"},
                                                {"format", "json"}};
  for (auto& [key, value] : extra) options[key] = value;
  return options;
}

ConnectorTable Orders(std::map<std::string, std::string> options) {
  return MakeTable({{"user", DataType::String()}, {"amount", DataType::BigInt()}},
                   std::move(options));
}

TEST(KafkaFactory, DefaultsAreFlinks) {
  auto config = ParseKafkaConfig(Orders(Base()));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->startup_mode, KafkaStartupMode::kGroupOffsets);
  EXPECT_FALSE(config->bounded);
  EXPECT_EQ(config->properties.at("bootstrap.servers"), "k:9092");
  EXPECT_EQ(config->properties.at("group.id"), "KafkaSource-default_catalog.default_database.t");
  EXPECT_EQ(config->value_columns, (std::vector<int>{0, 1}));
  EXPECT_EQ(config->key_format, nullptr);
}

TEST(KafkaFactory, KeyAndValueFields) {
  auto options = Base({{"key.format", "csv"},
                       {"key.fields", "k_user"},
                       {"key.fields-prefix", "k_"},
                       {"value.fields-include", "EXCEPT_KEY"},
                       {"key.csv.field-delimiter", ";"}});
  auto table = MakeTable({{"k_user", DataType::String()}, {"amount", DataType::BigInt()}},
                         std::move(options));
  ASSERT_TRUE(ValidateOptions(*FindConnector("kafka"), table).ok());
  auto config = ParseKafkaConfig(table);
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->key_columns, (std::vector<int>{0}));
  EXPECT_EQ(config->key_schema->field(0).name, "user");
  EXPECT_EQ(config->value_columns, (std::vector<int>{1}));
  EXPECT_EQ(config->key_options.GetOr("csv.field-delimiter", ""), ";");
}

TEST(KafkaFactory, ValueFormatOptionsArePrefixed) {
  auto options = Base({{"value.format", "json"}, {"value.json.ignore-parse-errors", "true"}});
  options.erase("format");
  auto table = Orders(options);
  ASSERT_TRUE(ValidateOptions(*FindConnector("kafka"), table).ok());
  auto config = ParseKafkaConfig(table);
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->value_options.GetOr("json.ignore-parse-errors", ""), "true");
}

TEST(KafkaFactory, Errors) {
  auto error = [](std::map<std::string, std::string> extra) {
    return std::string(ParseKafkaConfig(Orders(Base(std::move(extra)))).status().message());
  };
  EXPECT_TRUE(HasPrefix(error({{"sink.delivery-guarantee", "exactly-once"}}),
                        "'sink.delivery-guarantee' = 'exactly-once' of table "
                        "'default_catalog.default_database.t' is not supported yet"));
  EXPECT_TRUE(HasPrefix(error({{"scan.startup.mode", "timestamp"}}),
                        "'scan.startup.mode' = 'timestamp' of table"));
  EXPECT_TRUE(HasPrefix(error({{"scan.startup.mode", "first"}}),
                        "option 'scan.startup.mode' of table 'default_catalog.default_database.t' "
                        "must be one of [earliest-offset, latest-offset, group-offsets"));
  EXPECT_TRUE(HasPrefix(error({{"topic", "a;b"}}), "option 'topic' of table"));
  EXPECT_TRUE(HasPrefix(error({{"key.fields", "user"}}), "option 'key.fields' of table"));
  EXPECT_TRUE(HasPrefix(error({{"key.format", "raw"}, {"key.fields", "nope"}}),
                        "'key.fields' of table 'default_catalog.default_database.t' names 'nope'"));
  EXPECT_TRUE(HasPrefix(error({{"value.format", "json"}}),
                        "table 'default_catalog.default_database.t' must set exactly one of"));
  EXPECT_TRUE(HasPrefix(error({{"scan.bounded.mode", "timestamp"}}),
                        "'scan.bounded.mode' = 'timestamp' of table"));
}

}  // namespace
}  // namespace sluice::connectors
