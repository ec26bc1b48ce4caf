// Building blocks of the vectorized kernels: dispatch from a column's physical type to its C++
// value type, Java-style wrapping integer arithmetic, and the element-wise loops most kernels
// are made of (tight loops over plain arrays that the compiler can vectorize).
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>

#include "sluice/common/status.h"
#include "sluice/expr/function_registry.h"
#include "sluice/types/column.h"

namespace sluice::expr {

/// Calls `fn(T{})` with the C++ value type of physical type `p`.
template <typename Fn>
decltype(auto) DispatchPhysical(types::PhysicalType p, Fn&& fn) {
  using types::PhysicalType;
  switch (p) {
    case PhysicalType::kBool:
      return fn(uint8_t{});
    case PhysicalType::kInt8:
      return fn(int8_t{});
    case PhysicalType::kInt16:
      return fn(int16_t{});
    case PhysicalType::kInt32:
      return fn(int32_t{});
    case PhysicalType::kInt64:
      return fn(int64_t{});
    case PhysicalType::kFloat:
      return fn(float{});
    case PhysicalType::kDouble:
      return fn(double{});
    case PhysicalType::kString:
      return fn(std::string_view{});
  }
  return fn(int64_t{});
}

/// Same for numeric physical types only (BOOLEAN and strings map to int64_t: callers check).
template <typename Fn>
decltype(auto) DispatchNumeric(types::PhysicalType p, Fn&& fn) {
  using types::PhysicalType;
  switch (p) {
    case PhysicalType::kInt8:
      return fn(int8_t{});
    case PhysicalType::kInt16:
      return fn(int16_t{});
    case PhysicalType::kInt32:
      return fn(int32_t{});
    case PhysicalType::kFloat:
      return fn(float{});
    case PhysicalType::kDouble:
      return fn(double{});
    default:
      return fn(int64_t{});
  }
}

// Java integer arithmetic wraps on overflow; unsigned arithmetic gives the same bits without
// undefined behaviour (small types are widened so that the promotion to int cannot overflow).
template <typename T>
using WrapUnsigned = std::conditional_t<(sizeof(T) < 4), uint32_t, std::make_unsigned_t<T>>;

template <typename T>
inline T WrapAdd(T a, T b) {
  if constexpr (std::is_integral_v<T>) {
    return static_cast<T>(static_cast<WrapUnsigned<T>>(a) + static_cast<WrapUnsigned<T>>(b));
  } else {
    return a + b;
  }
}
template <typename T>
inline T WrapSub(T a, T b) {
  if constexpr (std::is_integral_v<T>) {
    return static_cast<T>(static_cast<WrapUnsigned<T>>(a) - static_cast<WrapUnsigned<T>>(b));
  } else {
    return a - b;
  }
}
template <typename T>
inline T WrapMul(T a, T b) {
  if constexpr (std::is_integral_v<T>) {
    return static_cast<T>(static_cast<WrapUnsigned<T>>(a) * static_cast<WrapUnsigned<T>>(b));
  } else {
    return a * b;
  }
}
template <typename T>
inline T WrapNeg(T a) {
  if constexpr (std::is_integral_v<T>) {
    return static_cast<T>(WrapUnsigned<T>{0} - static_cast<WrapUnsigned<T>>(a));
  } else {
    return -a;
  }
}

inline bool RowIsNull(const uint8_t* nulls, size_t row) { return nulls != nullptr && nulls[row]; }

/// Stores a computed string in `out`'s arena as row `row`.
inline void SetString(types::Column* out, size_t row, std::string_view value) {
  out->mutable_strings()[row] = out->CopyString(value);
}

/// r[i] = op(a[i]) over every row (null rows hold garbage that is never read).
template <typename A, typename R, typename Op>
void MapUnary(const types::Column& a, types::Column* out, size_t rows, Op op) {
  const A* in = a.data<A>();
  R* r = out->mutable_data<R>();
  for (size_t i = 0; i < rows; ++i) r[i] = static_cast<R>(op(in[i]));
}

/// r[i] = op(a[i], b[i]) over every row of a two-argument call, with scalar fast paths when one
/// side is a literal.
template <typename A, typename B, typename R, typename Op>
void MapBinary(const KernelArgs& args, types::Column* out, Op op) {
  const A* a = args.columns[0]->data<A>();
  const B* b = args.columns[1]->data<B>();
  R* r = out->mutable_data<R>();
  size_t n = args.rows;
  if (args.IsLiteral(1)) {
    const B bv = b[0];
    for (size_t i = 0; i < n; ++i) r[i] = static_cast<R>(op(a[i], bv));
  } else if (args.IsLiteral(0)) {
    const A av = a[0];
    for (size_t i = 0; i < n; ++i) r[i] = static_cast<R>(op(av, b[i]));
  } else {
    for (size_t i = 0; i < n; ++i) r[i] = static_cast<R>(op(a[i], b[i]));
  }
}

/// Like MapBinary for operations that can fail or must not see null rows: `op(a, b, &r)`
/// returns false on failure; null rows of `out` are skipped. Returns the first failing row, or
/// -1 when every row succeeded.
template <typename A, typename B, typename R, typename Op>
int64_t MapBinaryChecked(const KernelArgs& args, types::Column* out, Op op) {
  const A* a = args.columns[0]->data<A>();
  const B* b = args.columns[1]->data<B>();
  R* r = out->mutable_data<R>();
  const uint8_t* nulls = out->nulls();
  for (size_t i = 0; i < args.rows; ++i) {
    if (RowIsNull(nulls, i)) continue;
    if (!op(a[i], b[i], &r[i])) return static_cast<int64_t>(i);
  }
  return -1;
}

}  // namespace sluice::expr
