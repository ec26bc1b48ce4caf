#include "sluice/types/schema.h"

#include "absl/strings/str_cat.h"

namespace sluice::types {

int Schema::IndexOf(const std::string& name) const {
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (fields_[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

int Schema::RowtimeIndex() const {
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (fields_[i].type.time_attribute == TimeAttribute::kRowtime) return static_cast<int>(i);
  }
  return -1;
}

std::string Schema::ToString() const {
  std::string out = "(";
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (i > 0) out += ", ";
    absl::StrAppend(&out, fields_[i].name, " ", fields_[i].type.ToString());
  }
  return out + ")";
}

}  // namespace sluice::types
