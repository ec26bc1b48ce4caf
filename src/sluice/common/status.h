// Status helpers shared by every layer: absl::Status across module boundaries, plus the
// SLUICE_RETURN_IF_ERROR / SLUICE_ASSIGN_OR_RETURN / SLUICE_CHECK macros.
#pragma once

#include <sstream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace sluice {

using absl::Status;
using absl::StatusOr;

#define SLUICE_CONCAT_INNER(a, b) a##b
#define SLUICE_CONCAT(a, b) SLUICE_CONCAT_INNER(a, b)

#define SLUICE_RETURN_IF_ERROR(expr)                 \
  do {                                               \
    ::absl::Status sluice_status_ = (expr);          \
    if (!sluice_status_.ok()) return sluice_status_; \
  } while (0)

#define SLUICE_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.status();                \
  lhs = std::move(*tmp)

#define SLUICE_ASSIGN_OR_RETURN(lhs, expr) \
  SLUICE_ASSIGN_OR_RETURN_IMPL(SLUICE_CONCAT(sluice_statusor_, __LINE__), lhs, expr)

namespace internal {
// Collects a message and aborts the process when destroyed: used by SLUICE_CHECK for invariants
// (bugs), never for conditions reachable from user input.
class CheckFailure {
 public:
  CheckFailure(const char* file, int line, const char* condition);
  [[noreturn]] ~CheckFailure();
  template <typename T>
  CheckFailure& operator<<(const T& value) {
    stream_ << value;
    return *this;
  }

 private:
  std::ostringstream stream_;
};
}  // namespace internal

#define SLUICE_CHECK(cond) \
  if (__builtin_expect(!!(cond), 1)) {} else ::sluice::internal::CheckFailure(__FILE__, __LINE__, #cond)

}  // namespace sluice
