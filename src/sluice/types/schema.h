// Schema: the named, typed fields of a batch, table or plan node.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sluice/types/data_type.h"

namespace sluice::types {

struct Field {
  std::string name;
  DataType type;
};

class Schema {
 public:
  Schema() = default;
  explicit Schema(std::vector<Field> fields) : fields_(std::move(fields)) {}

  const std::vector<Field>& fields() const { return fields_; }
  const Field& field(size_t i) const { return fields_[i]; }
  size_t size() const { return fields_.size(); }
  /// Index of the field named `name` (case-sensitive, as Flink), or -1.
  int IndexOf(const std::string& name) const;
  /// Index of the rowtime attribute field, or -1.
  int RowtimeIndex() const;
  std::string ToString() const;

 private:
  std::vector<Field> fields_;
};

using SchemaPtr = std::shared_ptr<const Schema>;

inline SchemaPtr MakeSchema(std::vector<Field> fields) {
  return std::make_shared<const Schema>(std::move(fields));
}

}  // namespace sluice::types
