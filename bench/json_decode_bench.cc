// The 'json' format: decoding records into a batch (what a filesystem or Kafka source does per
// record) and encoding rows back to text (what a sink does). One iteration = 1024 records, decoded
// into a fresh batch as a source fills one. No target; reported as rows/s and bytes/s.
#include <random>
#include <string>
#include <vector>

#include "batch_generator.h"
#include "benchmark/benchmark.h"
#include "operator_driver.h"
#include "sluice/formats/format_factory.h"

namespace sluice::bench {
namespace {

using types::DataType;

types::SchemaPtr OrderSchema() {
  static const auto schema = types::MakeSchema({{"order_id", DataType::BigInt()},
                                                {"user_id", DataType::Int()},
                                                {"amount", DataType::Double()},
                                                {"status", DataType::String()},
                                                {"note", DataType::String()},
                                                {"ts", DataType::Timestamp(3)}});
  return schema;
}

// 1024 records of about 125 bytes:
// {"order_id":1000042,"user_id":4711,"amount":123.45,"status":"PAID","note":"...","ts":"..."}
std::vector<std::string> OrderRecords() {
  std::mt19937_64 random(42);
  const char* statuses[] = {"NEW", "PAID", "SHIPPED", "CANCELLED"};
  std::vector<std::string> records;
  for (size_t i = 0; i < kBatchRows; ++i) {
    std::string record = "{\"order_id\":" + std::to_string(1'000'000 + i) +
                         ",\"user_id\":" + std::to_string(random() % 100'000) +
                         ",\"amount\":" + std::to_string(random() % 100'000) + "." +
                         std::to_string(10 + random() % 90) + ",\"status\":\"" +
                         statuses[random() % 4] + "\",\"note\":\"note number " +
                         std::to_string(random() % 1000) +
                         "\",\"ts\":\"2024-01-01 00:" + std::to_string(10 + random() % 50) + ":" +
                         std::to_string(10 + random() % 50) + ".123\"}";
    records.push_back(std::move(record));
  }
  return records;
}

void BM_JsonDecode(benchmark::State& state) {
  const std::vector<std::string> records = OrderRecords();
  int64_t bytes = 0;
  for (const std::string& record : records) bytes += static_cast<int64_t>(record.size());
  auto decoder = formats::FindFormat("json")->CreateDecoder(OrderSchema(), Options());
  if (!decoder.ok()) std::abort();
  for (auto _ : state) {
    types::Batch batch(OrderSchema());
    for (const std::string& record : records) CheckOk((*decoder)->Decode(record, &batch), state);
    benchmark::DoNotOptimize(batch.columns.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * records.size()));
  state.SetBytesProcessed(state.iterations() * bytes);
}
BENCHMARK(BM_JsonDecode);

void BM_JsonEncode(benchmark::State& state) {
  const std::vector<std::string> records = OrderRecords();
  auto decoder = formats::FindFormat("json")->CreateDecoder(OrderSchema(), Options());
  auto encoder =
      formats::FindFormat("json")->CreateEncoder(OrderSchema(), Options(), absl::UTCTimeZone());
  if (!decoder.ok() || !encoder.ok()) std::abort();
  types::Batch batch(OrderSchema());
  for (const std::string& record : records) {
    if (!(*decoder)->Decode(record, &batch).ok()) std::abort();
  }
  std::string out;
  int64_t bytes = 0;
  for (auto _ : state) {
    for (size_t row = 0; row < batch.num_rows; ++row) {
      out.clear();
      (*encoder)->Encode(batch, row, &out);
      bytes += static_cast<int64_t>(out.size());
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * batch.num_rows));
  state.SetBytesProcessed(bytes);
}
BENCHMARK(BM_JsonEncode);

}  // namespace
}  // namespace sluice::bench
