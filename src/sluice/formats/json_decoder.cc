// JsonRowDecoder: one JSON object per record into one row, with simdjson's On-Demand API. The
// parser, the padded input buffer and the scratch strings are reused across records; string
// values are copied once, into the column's arena.
#include <cstring>
#include <limits>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "simdjson.h"
#include "sluice/formats/json_format.h"
#include "sluice/formats/text_codec.h"

namespace sluice::formats {
namespace {

namespace ondemand = simdjson::ondemand;
using types::Column;
using types::TypeId;

template <typename T>
bool AppendIfInRange(int64_t value, Column* column) {
  if (value < std::numeric_limits<T>::min() || value > std::numeric_limits<T>::max()) return false;
  column->Append(static_cast<T>(value));
  return true;
}

// Appends an integer of the column's width; false when out of range.
bool AppendInteger(int64_t value, Column* column) {
  switch (column->physical()) {
    case types::PhysicalType::kInt8:
      return AppendIfInRange<int8_t>(value, column);
    case types::PhysicalType::kInt16:
      return AppendIfInRange<int16_t>(value, column);
    case types::PhysicalType::kInt32:
      return AppendIfInRange<int32_t>(value, column);
    default:
      column->Append(value);
      return true;
  }
}

class JsonRowDecoder final : public RowDecoder {
 public:
  JsonRowDecoder(types::SchemaPtr schema, const JsonOptions& options)
      : schema_(std::move(schema)), options_(options), seen_(schema_->size(), 0) {
    for (size_t i = 0; i < schema_->size(); ++i) column_index_[schema_->field(i).name] = i;
  }

  bool ignore_parse_errors() const override { return options_.ignore_parse_errors; }

  Status Decode(std::string_view record, types::Batch* batch) override {
    if (TrimAsciiWhitespace(record).empty()) return Status();  // blank line: no row
    size_t rows = batch->num_rows;
    Status status = DecodeObject(record, batch);
    if (!status.ok()) {
      for (const types::ColumnPtr& column : batch->columns) {
        if (column->size() > rows) column->Resize(rows);
      }
      return status;
    }
    batch->num_rows = rows + 1;
    return Status();
  }

 private:
  Status Malformed(std::string_view record, simdjson::error_code error) {
    return absl::InvalidArgumentError(absl::StrCat("malformed JSON '", Abbreviate(record),
                                                   "': ", simdjson::error_message(error)));
  }

  Status DecodeObject(std::string_view record, types::Batch* batch) {
    size_t length = record.size();
    if (buffer_.size() < length + simdjson::SIMDJSON_PADDING) {
      buffer_.resize(length + simdjson::SIMDJSON_PADDING);
    }
    std::memcpy(buffer_.data(), record.data(), length);
    ondemand::document document;
    simdjson::error_code error =
        parser_.iterate(buffer_.data(), length, buffer_.size()).get(document);
    if (error) return Malformed(record, error);
    ondemand::object object;
    if ((error = document.get_object().get(object))) {
      return absl::InvalidArgumentError(
          absl::StrCat("malformed JSON '", Abbreviate(record), "': expected a JSON object"));
    }
    std::fill(seen_.begin(), seen_.end(), 0);
    size_t rows = batch->num_rows;
    for (auto field_result : object) {
      ondemand::field field;
      if ((error = std::move(field_result).get(field))) return Malformed(record, error);
      std::string_view key;
      if ((error = field.unescaped_key().get(key))) return Malformed(record, error);
      auto it = column_index_.find(absl::string_view(key.data(), key.size()));
      if (it == column_index_.end()) continue;  // the value is skipped by the iterator
      size_t index = it->second;
      Column* column = batch->columns[index].get();
      if (seen_[index]) column->Resize(rows);  // a repeated key: the last one wins
      seen_[index] = 1;
      ondemand::value value = field.value();
      SLUICE_RETURN_IF_ERROR(AppendValue(record, index, value, column));
    }
    const char* trailing = nullptr;
    if (!document.current_location().get(trailing)) {  // OUT_OF_BOUNDS: nothing after the object
      return absl::InvalidArgumentError(absl::StrCat("malformed JSON '", Abbreviate(record),
                                                     "': unexpected content after the object"));
    }
    for (size_t i = 0; i < seen_.size(); ++i) {
      if (seen_[i]) continue;
      if (options_.fail_on_missing_field) {
        return absl::InvalidArgumentError(
            absl::StrCat("field '", schema_->field(i).name, "' is missing"));
      }
      batch->columns[i]->AppendNull();
    }
    return Status();
  }

  // The value's JSON text, for error messages.
  static std::string ValueText(ondemand::value& value, ondemand::json_type type) {
    std::string_view text;
    if (type == ondemand::json_type::object) {
      ondemand::object object;
      if (!value.get_object().get(object) && !object.raw_json().get(text)) {
        return Abbreviate(text);
      }
    } else if (type == ondemand::json_type::array) {
      ondemand::array array;
      if (!value.get_array().get(array) && !array.raw_json().get(text)) return Abbreviate(text);
    } else {
      return Abbreviate(TrimAsciiWhitespace(value.raw_json_token()));
    }
    return "?";
  }

  Status Invalid(std::string_view record, size_t index, ondemand::value& value,
                 ondemand::json_type type) {
    const types::Field& field = schema_->field(index);
    return absl::InvalidArgumentError(absl::StrCat("invalid value for field '", field.name,
                                                   "' of type ", field.type.ToBaseString(), ": ",
                                                   ValueText(value, type)));
  }

  Status AppendValue(std::string_view record, size_t index, ondemand::value& value,
                     Column* column) {
    ondemand::json_type type;
    simdjson::error_code error = value.type().get(type);
    if (error) return Malformed(record, error);
    if (type == ondemand::json_type::null) {
      bool is_null = false;
      if ((error = value.is_null().get(is_null)) || !is_null) return Malformed(record, error);
      column->AppendNull();
      return Status();
    }
    if (AppendTyped(value, type, column)) return Status();
    return Invalid(record, index, value, type);
  }

  // Appends the value converted to the column's type; false if it does not convert.
  bool AppendTyped(ondemand::value& value, ondemand::json_type type, Column* column) {
    using JsonType = ondemand::json_type;
    const types::DataType& column_type = column->type();
    std::string_view text;
    switch (column_type.id) {
      case TypeId::kBoolean:
        if (type == JsonType::boolean) {
          bool b;
          if (value.get_bool().get(b)) return false;
          column->Append<uint8_t>(b ? 1 : 0);
          return true;
        }
        return type == JsonType::string && !value.get_string().get(text) &&
               AppendParsedText(text, options_.timestamp_standard, column, &scratch_);
      case TypeId::kTinyInt:
      case TypeId::kSmallInt:
      case TypeId::kInt:
      case TypeId::kBigInt:
      case TypeId::kIntervalYearMonth:
      case TypeId::kIntervalDayTime:
        if (type == JsonType::number) {
          ondemand::number_type number_type;
          if (value.get_number_type().get(number_type)) return false;
          if (number_type == ondemand::number_type::floating_point_number) {
            // Jackson's asInt()/asLong() on a floating value: truncation toward zero.
            double d;
            if (value.get_double().get(d) ||
                !(d >= -9.2233720368547758e18 && d < 9.2233720368547758e18)) {
              return false;
            }
            return AppendInteger(static_cast<int64_t>(d), column);
          }
          int64_t i;
          if (value.get_int64().get(i)) return false;  // beyond int64
          return AppendInteger(i, column);
        }
        return type == JsonType::string && !value.get_string().get(text) &&
               AppendParsedText(text, options_.timestamp_standard, column, &scratch_);
      case TypeId::kFloat:
      case TypeId::kDouble:
        if (type == JsonType::number) {
          double d;
          if (value.get_double().get(d)) return false;
          if (column_type.id == TypeId::kFloat) {
            column->Append(static_cast<float>(d));
          } else {
            column->Append(d);
          }
          return true;
        }
        return type == JsonType::string && !value.get_string().get(text) &&
               AppendParsedText(text, options_.timestamp_standard, column, &scratch_);
      case TypeId::kDecimal:
        // Exactly from the token's digits, never through a double.
        if (type == JsonType::number) {
          return AppendParsedText(value.raw_json_token(), options_.timestamp_standard, column,
                                  &scratch_);
        }
        return type == JsonType::string && !value.get_string().get(text) &&
               AppendParsedText(text, options_.timestamp_standard, column, &scratch_);
      case TypeId::kChar:
      case TypeId::kVarchar:
        switch (type) {
          case JsonType::string:
            if (value.get_string().get(text)) return false;
            break;
          case JsonType::object: {
            ondemand::object object;
            if (value.get_object().get(object) || object.raw_json().get(text)) return false;
            break;
          }
          case JsonType::array: {
            ondemand::array array;
            if (value.get_array().get(array) || array.raw_json().get(text)) return false;
            break;
          }
          default:
            text = TrimAsciiWhitespace(value.raw_json_token());
        }
        column->AppendString(text);
        return true;
      case TypeId::kBinary:
      case TypeId::kVarbinary:
      case TypeId::kDate:
      case TypeId::kTime:
      case TypeId::kTimestamp:
      case TypeId::kTimestampLtz:
        return type == JsonType::string && !value.get_string().get(text) &&
               AppendParsedText(text, options_.timestamp_standard, column, &scratch_);
      case TypeId::kNull:
        return false;
    }
    return false;
  }

  types::SchemaPtr schema_;
  JsonOptions options_;
  ondemand::parser parser_;
  std::string buffer_;  // the record plus simdjson's padding
  absl::flat_hash_map<std::string, size_t> column_index_;
  std::vector<uint8_t> seen_;  // per column: set by the current record
  std::string scratch_;        // base64 decoding
};

}  // namespace

std::unique_ptr<RowDecoder> MakeJsonRowDecoder(types::SchemaPtr schema,
                                               const JsonOptions& options) {
  return std::make_unique<JsonRowDecoder>(std::move(schema), options);
}

}  // namespace sluice::formats
