// DatagenReader: one subtask's datagen split. Each Read fills a fresh batch column by column in
// tight loops (no per-value virtual calls or allocations; strings of a batch are generated into
// one buffer and copied into the column's arena once).
#include <algorithm>
#include <charconv>
#include <limits>
#include <random>

#include "sluice/common/clock.h"
#include "sluice/connectors/datagen/datagen_source.h"
#include "sluice/connectors/datagen/rate_limiter.h"
#include "sluice/formats/text_codec.h"
#include "sluice/types/temporal.h"

namespace sluice::connectors {
namespace {

using types::TypeId;

/// SplitMix64: a small, fast generator with good statistical quality.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, 1).
  double NextDouble() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  /// Uniform in [low, high], inclusive.
  int64_t Between(int64_t low, int64_t high) {
    uint64_t range = static_cast<uint64_t>(high) - static_cast<uint64_t>(low) + 1;
    if (range == 0) return static_cast<int64_t>(Next());  // the whole int64 range
    uint64_t offset = static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * range) >> 64);
    return static_cast<int64_t>(static_cast<uint64_t>(low) + offset);
  }

 private:
  uint64_t state_;
};

constexpr char kAlphanumeric[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

class DatagenReader final : public runtime::SourceReader {
 public:
  DatagenReader(std::shared_ptr<const DatagenSpec> spec, int subtask_index, int parallelism)
      : spec_(std::move(spec)),
        random_(std::random_device()() ^ (static_cast<uint64_t>(subtask_index) << 32) ^
                static_cast<uint64_t>(MonotonicMicros())),
        rows_(spec_->RowsForSubtask(subtask_index, parallelism)),
        limiter_(spec_->rows_per_second / parallelism, 1) {
    for (size_t i = 0; i < spec_->fields.size(); ++i) {
      next_sequence_.push_back(spec_->fields[i].kind == DatagenFieldSpec::Kind::kSequence
                                   ? spec_->SequenceBegin(i, subtask_index, parallelism)
                                   : 0);
    }
    parallelism_ = parallelism;
  }

  Status Open(const runtime::SourceContext& context) override {
    batch_size_ = std::max<int64_t>(1, context.batch_size);
    metrics_ = context.metrics;
    // The bucket holds one batch, so a bounded test run is not slowed by the first batches.
    double rate = spec_->rows_per_second / parallelism_;
    limiter_ = RateLimiter(rate, std::min<int64_t>(batch_size_, std::max<int64_t>(1, rate)));
    if (context.job_options != nullptr) {
      std::optional<std::string> zone = context.job_options->Get("table.local-time-zone");
      if (zone && !types::LoadZone(*zone, &zone_)) {
        return absl::InvalidArgumentError("unknown time zone '" + *zone +
                                          "' in 'table.local-time-zone'");
      }
    }
    return Status();
  }

  int num_splits() const override { return 1; }
  bool IsSplitFinished(int split) const override { return produced_ >= rows_; }

  StatusOr<runtime::ReadResult> Read() override {
    runtime::ReadResult result;
    if (produced_ >= rows_) {
      result.status = runtime::ReadStatus::kEnd;
      return result;
    }
    int64_t wanted = std::min<int64_t>(batch_size_, rows_ - produced_);
    int64_t count = limiter_.Acquire(MonotonicMicros(), wanted);
    if (count == 0) return result;  // kNothingYet: over the rate
    types::Batch batch(spec_->schema);
    now_utc_ = NowMicros();
    now_local_ = types::InstantToLocal(now_utc_, zone_);
    for (size_t i = 0; i < spec_->fields.size(); ++i) {
      FillColumn(i, static_cast<size_t>(count), batch.columns[i].get());
    }
    batch.num_rows = static_cast<size_t>(count);
    produced_ += count;
    if (metrics_ != nullptr) metrics_->rows_out += count;
    result.status = runtime::ReadStatus::kBatch;
    result.batch = std::move(batch);
    result.split = 0;
    return result;
  }

 private:
  template <typename T>
  void FillIntegers(const DatagenFieldSpec& field, int64_t* sequence, size_t n,
                    types::Column* column) {
    T* data = column->mutable_data<T>();
    if (field.kind == DatagenFieldSpec::Kind::kSequence) {
      int64_t next = *sequence;
      for (size_t r = 0; r < n; ++r) data[r] = static_cast<T>(next + static_cast<int64_t>(r));
      *sequence = next + static_cast<int64_t>(n);
      return;
    }
    for (size_t r = 0; r < n; ++r) {
      data[r] = static_cast<T>(random_.Between(field.min_int, field.max_int));
    }
  }

  template <typename T>
  void FillFloating(const DatagenFieldSpec& field, int64_t* sequence, size_t n,
                    types::Column* column) {
    T* data = column->mutable_data<T>();
    if (field.kind == DatagenFieldSpec::Kind::kSequence) {
      for (size_t r = 0; r < n; ++r) data[r] = static_cast<T>(*sequence + static_cast<int64_t>(r));
      *sequence += static_cast<int64_t>(n);
      return;
    }
    double span = field.max_double - field.min_double;
    for (size_t r = 0; r < n; ++r) {
      data[r] = static_cast<T>(field.min_double + random_.NextDouble() * span);
    }
  }

  void FillStrings(const DatagenFieldSpec& field, int64_t* sequence, size_t n,
                   types::Column* column) {
    text_.clear();
    lengths_.resize(n);
    if (field.kind == DatagenFieldSpec::Kind::kSequence) {
      char buffer[24];
      for (size_t r = 0; r < n; ++r) {
        auto end =
            std::to_chars(buffer, buffer + sizeof(buffer), *sequence + static_cast<int64_t>(r));
        text_.append(buffer, end.ptr);
        lengths_[r] = static_cast<uint32_t>(end.ptr - buffer);
      }
      *sequence += static_cast<int64_t>(n);
    } else {
      bool binary = field.type.IsBinary();
      for (size_t r = 0; r < n; ++r) {
        uint32_t length = field.var_len ? static_cast<uint32_t>(random_.Between(1, field.length))
                                        : static_cast<uint32_t>(field.length);
        lengths_[r] = length;
        size_t start = text_.size();
        text_.resize(start + length);
        char* out = text_.data() + start;
        for (uint32_t k = 0; k < length; ++k) {
          uint64_t bits = random_.Next();
          out[k] = binary ? static_cast<char>(bits) : kAlphanumeric[bits % 62];
        }
      }
    }
    std::string_view all = column->CopyString(text_);
    std::string_view* data = column->mutable_strings();
    size_t offset = 0;
    for (size_t r = 0; r < n; ++r) {
      data[r] = all.substr(offset, lengths_[r]);
      offset += lengths_[r];
    }
  }

  void FillColumn(size_t index, size_t n, types::Column* column) {
    const DatagenFieldSpec& field = spec_->fields[index];
    int64_t* sequence = &next_sequence_[index];
    column->Resize(n);
    switch (field.type.id) {
      case TypeId::kBoolean: {
        uint8_t* data = column->mutable_data<uint8_t>();
        for (size_t r = 0; r < n; ++r) data[r] = static_cast<uint8_t>(random_.Next() >> 63);
        break;
      }
      case TypeId::kTinyInt:
        FillIntegers<int8_t>(field, sequence, n, column);
        break;
      case TypeId::kSmallInt:
        FillIntegers<int16_t>(field, sequence, n, column);
        break;
      case TypeId::kInt:
        FillIntegers<int32_t>(field, sequence, n, column);
        break;
      case TypeId::kBigInt:
        FillIntegers<int64_t>(field, sequence, n, column);
        break;
      case TypeId::kDecimal: {
        FillIntegers<int64_t>(field, sequence, n, column);
        if (field.kind == DatagenFieldSpec::Kind::kSequence) {
          int64_t unit = 1;
          for (int i = 0; i < field.type.scale; ++i) unit *= 10;
          int64_t* data = column->mutable_data<int64_t>();
          for (size_t r = 0; r < n; ++r) data[r] *= unit;  // whole numbers
        }
        break;
      }
      case TypeId::kFloat:
        FillFloating<float>(field, sequence, n, column);
        break;
      case TypeId::kDouble:
        FillFloating<double>(field, sequence, n, column);
        break;
      case TypeId::kChar:
      case TypeId::kVarchar:
      case TypeId::kBinary:
      case TypeId::kVarbinary:
        FillStrings(field, sequence, n, column);
        break;
      case TypeId::kDate: {
        int32_t today = static_cast<int32_t>(types::FloorDiv(now_local_, types::kMicrosPerDay));
        std::fill_n(column->mutable_data<int32_t>(), n, today);
        break;
      }
      case TypeId::kTime: {
        int64_t time = formats::TruncateToPrecision(
            types::FloorMod(now_local_, types::kMicrosPerDay), field.type.precision);
        std::fill_n(column->mutable_data<int64_t>(), n, time);
        break;
      }
      case TypeId::kTimestamp:
      case TypeId::kTimestampLtz: {
        int64_t now = field.type.id == TypeId::kTimestamp ? now_local_ : now_utc_;
        int64_t* data = column->mutable_data<int64_t>();
        int precision = field.type.precision;
        for (size_t r = 0; r < n; ++r) {
          int64_t past = field.max_past_micros > 0 ? random_.Between(0, field.max_past_micros) : 0;
          data[r] = formats::TruncateToPrecision(now - past, precision);
        }
        break;
      }
      default:
        break;  // rejected by ParseDatagenSpec
    }
    if (field.null_rate > 0) {
      uint8_t* nulls = column->mutable_nulls();
      for (size_t r = 0; r < n; ++r) nulls[r] = random_.NextDouble() < field.null_rate ? 1 : 0;
      column->CompactNulls();
    }
  }

  std::shared_ptr<const DatagenSpec> spec_;
  Random random_;
  int64_t rows_;  // this subtask's share (INT64_MAX when unbounded)
  int64_t produced_ = 0;
  RateLimiter limiter_;
  int parallelism_ = 1;
  int64_t batch_size_ = 1024;
  runtime::OperatorMetrics* metrics_ = nullptr;
  absl::TimeZone zone_ = absl::UTCTimeZone();
  std::vector<int64_t> next_sequence_;  // per column: the next sequence value
  int64_t now_utc_ = 0;                 // microseconds, taken once per batch
  int64_t now_local_ = 0;
  std::string text_;               // the batch's string bytes
  std::vector<uint32_t> lengths_;  // the batch's string lengths
};

}  // namespace

std::unique_ptr<runtime::SourceReader> MakeDatagenReader(std::shared_ptr<const DatagenSpec> spec,
                                                         int subtask_index, int parallelism) {
  return std::make_unique<DatagenReader>(std::move(spec), subtask_index, parallelism);
}

}  // namespace sluice::connectors
