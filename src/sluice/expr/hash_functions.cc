// HASH_CODE (Java's hashCode of the value, so MOD(HASH_CODE(x), n) buckets like Flink's
// split-distinct rewrite), MD5 and UUID.
#include <cstring>
#include <random>

#include "sluice/expr/builtin_functions.h"
#include "sluice/expr/kernel_templates.h"
#include "sluice/expr/md5.h"
#include "sluice/expr/type_rules.h"
#include "sluice/expr/utf8.h"
#include "sluice/types/temporal.h"

namespace sluice::expr {

using types::Column;
using types::DataType;
using types::TypeId;

namespace {

int32_t LongHash(int64_t v) {
  uint64_t u = static_cast<uint64_t>(v);
  return static_cast<int32_t>(static_cast<uint32_t>(u ^ (u >> 32)));
}

// java.lang.String.hashCode over the UTF-16 code units of the text.
int32_t StringHash(std::string_view s) {
  uint32_t h = 0;
  for (size_t pos = 0; pos < s.size();) {
    unsigned char b = static_cast<unsigned char>(s[pos]);
    if (b < 0x80) {
      h = 31 * h + b;
      ++pos;
      continue;
    }
    uint32_t cp = DecodeCodePoint(s, &pos);
    if (cp >= 0x10000) {
      cp -= 0x10000;
      h = 31 * h + (0xD800 + (cp >> 10));
      h = 31 * h + (0xDC00 + (cp & 0x3FF));
    } else {
      h = 31 * h + cp;
    }
  }
  return static_cast<int32_t>(h);
}

// java.util.Arrays.hashCode(byte[]).
int32_t BytesHash(std::string_view s) {
  uint32_t h = 1;
  for (char c : s) h = 31 * h + static_cast<uint32_t>(static_cast<int32_t>(static_cast<int8_t>(c)));
  return static_cast<int32_t>(h);
}

int32_t DoubleHash(double v) {
  if (v != v) return LongHash(0x7ff8000000000000LL);  // canonical NaN
  int64_t bits;
  std::memcpy(&bits, &v, sizeof(bits));
  return LongHash(bits);
}

int32_t FloatHash(float v) {
  if (v != v) return 0x7fc00000;
  int32_t bits;
  std::memcpy(&bits, &v, sizeof(bits));
  return bits;
}

// java.math.BigDecimal.hashCode for a value that fits a long.
int32_t DecimalHash(int64_t unscaled, int scale) {
  uint64_t magnitude = unscaled < 0 ? 0 - static_cast<uint64_t>(unscaled) : unscaled;
  int32_t temp = static_cast<int32_t>(static_cast<uint32_t>(magnitude >> 32) * 31u +
                                      static_cast<uint32_t>(magnitude & 0xFFFFFFFFu));
  int32_t signed_temp = unscaled < 0 ? -temp : temp;
  return static_cast<int32_t>(31u * static_cast<uint32_t>(signed_temp) +
                              static_cast<uint32_t>(scale));
}

// Flink's TimestampData.hashCode: millisecond and nano-of-millisecond.
int32_t TimestampHash(int64_t micros) {
  int64_t millis = types::FloorDiv(micros, 1000);
  int32_t nanos = static_cast<int32_t>(types::FloorMod(micros, 1000) * 1000);
  int32_t ret = static_cast<int32_t>(millis) ^ static_cast<int32_t>(millis >> 32);
  return static_cast<int32_t>(31u * static_cast<uint32_t>(ret) + static_cast<uint32_t>(nanos));
}

StatusOr<DataType> ResolveHashCode(std::vector<DataType>* args) {
  if (args->size() != 1) return SignatureError("(ANY)");
  if (IsNullType((*args)[0])) (*args)[0] = DataType::Int().WithNullable(true);
  return NullableIfAny(DataType::Int(), *args);
}

Status HashCodeKernel(const KernelArgs& args, Column* out) {
  const Column& in = *args.columns[0];
  const DataType& t = in.type();
  const size_t n = args.rows;
  int32_t* r = out->mutable_data<int32_t>();
  switch (t.id) {
    case TypeId::kBoolean:
      MapUnary<uint8_t, int32_t>(in, out, n, [](uint8_t v) { return v ? 1231 : 1237; });
      break;
    case TypeId::kTinyInt:
      MapUnary<int8_t, int32_t>(in, out, n, [](int8_t v) { return v; });
      break;
    case TypeId::kSmallInt:
      MapUnary<int16_t, int32_t>(in, out, n, [](int16_t v) { return v; });
      break;
    case TypeId::kInt:
    case TypeId::kDate:
    case TypeId::kIntervalYearMonth:
      MapUnary<int32_t, int32_t>(in, out, n, [](int32_t v) { return v; });
      break;
    case TypeId::kFloat:
      MapUnary<float, int32_t>(in, out, n, FloatHash);
      break;
    case TypeId::kDouble:
      MapUnary<double, int32_t>(in, out, n, DoubleHash);
      break;
    case TypeId::kDecimal: {
      const int scale = t.scale;
      MapUnary<int64_t, int32_t>(in, out, n, [scale](int64_t v) { return DecimalHash(v, scale); });
      break;
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestampLtz:
      MapUnary<int64_t, int32_t>(in, out, n, TimestampHash);
      break;
    case TypeId::kChar:
    case TypeId::kVarchar: {
      const std::string_view* s = in.strings();
      for (size_t i = 0; i < n; ++i) r[i] = StringHash(s[i]);
      break;
    }
    case TypeId::kBinary:
    case TypeId::kVarbinary: {
      const std::string_view* s = in.strings();
      for (size_t i = 0; i < n; ++i) r[i] = BytesHash(s[i]);
      break;
    }
    default:  // BIGINT, TIME, INTERVAL DAY TO SECOND: Long.hashCode
      MapUnary<int64_t, int32_t>(in, out, n, LongHash);
      break;
  }
  return absl::OkStatus();
}

StatusOr<DataType> ResolveMd5(std::vector<DataType>* args) {
  SLUICE_RETURN_IF_ERROR(CheckParams(args, {Param::kString}, 1));
  return NullableIfAny(DataType::Char(32), *args);
}

Status Md5Kernel(const KernelArgs& args, Column* out) {
  const std::string_view* s = args.columns[0]->strings();
  std::string_view* r = out->mutable_strings();
  const uint8_t* nulls = out->nulls();
  char hex[32];
  for (size_t i = 0; i < args.rows; ++i) {
    if (RowIsNull(nulls, i)) continue;
    Md5Hex(s[i], hex);
    r[i] = out->CopyString(std::string_view(hex, 32));
  }
  return absl::OkStatus();
}

StatusOr<DataType> ResolveUuid(std::vector<DataType>* args) {
  if (!args->empty()) return SignatureError("()");
  return DataType::Char(36).WithNullable(false);
}

// Random (version 4) UUIDs.
Status UuidKernel(const KernelArgs& args, Column* out) {
  static thread_local std::mt19937_64 generator{std::random_device{}()};
  static const char kHex[] = "0123456789abcdef";
  std::string_view* r = out->mutable_strings();
  char text[36];
  for (size_t i = 0; i < args.rows; ++i) {
    uint64_t hi = generator(), lo = generator();
    hi = (hi & ~0xF000ULL) | 0x4000ULL;                  // version 4
    lo = (lo & ~(0xC000ULL << 48)) | (0x8000ULL << 48);  // variant 10
    uint8_t bytes[16];
    for (int k = 0; k < 8; ++k) {
      bytes[k] = static_cast<uint8_t>(hi >> (56 - 8 * k));
      bytes[8 + k] = static_cast<uint8_t>(lo >> (56 - 8 * k));
    }
    int pos = 0;
    for (int k = 0; k < 16; ++k) {
      if (k == 4 || k == 6 || k == 8 || k == 10) text[pos++] = '-';
      text[pos++] = kHex[bytes[k] >> 4];
      text[pos++] = kHex[bytes[k] & 15];
    }
    r[i] = out->CopyString(std::string_view(text, 36));
  }
  return absl::OkStatus();
}

}  // namespace

void RegisterHashFunctions(std::vector<ScalarFunction>* out) {
  out->push_back({.name = "HASH_CODE", .resolve = ResolveHashCode, .kernel = HashCodeKernel});
  out->push_back({.name = "MD5", .resolve = ResolveMd5, .kernel = Md5Kernel});
  out->push_back({.name = "UUID",
                  .resolve = ResolveUuid,
                  .kernel = UuidKernel,
                  .null_handling = NullHandling::kCustom,
                  .deterministic = false});
}

}  // namespace sluice::expr
