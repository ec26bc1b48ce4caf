// JsonRowEncoder: one row as one compact JSON object, fields in column order, as Flink's
// JsonRowDataSerializationSchema writes it: {"a":1,"b":"x","ts":"2021-04-13 20:12:11.123"}.
#include <cmath>

#include "sluice/formats/json_format.h"

namespace sluice::formats {
namespace {

using types::TypeId;

// Appends `text` as a JSON string literal: quotes, backslashes and control characters escaped,
// other bytes (UTF-8) copied as they are, as Jackson does.
void AppendJsonString(std::string_view text, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  size_t run = 0;  // start of the pending run of bytes that need no escaping
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(text.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      default:
        out->append("\\u00");
        out->push_back(kHex[c >> 4]);
        out->push_back(kHex[c & 0xf]);
    }
  }
  out->append(text.data() + run, text.size() - run);
  out->push_back('"');
}

class JsonRowEncoder final : public RowEncoder {
 public:
  JsonRowEncoder(types::SchemaPtr schema, const JsonOptions& options)
      : schema_(std::move(schema)), options_(options) {
    for (const types::Field& field : schema_->fields()) {
      std::string key;
      AppendJsonString(field.name, &key);
      key.push_back(':');
      keys_.push_back(std::move(key));
    }
  }

  void Encode(const types::Batch& batch, size_t row, std::string* out) override {
    out->push_back('{');
    bool first = true;
    for (size_t i = 0; i < keys_.size(); ++i) {
      const types::Column& column = *batch.columns[i];
      bool is_null = column.IsNull(row);
      if (is_null && options_.encode_ignore_null_fields) continue;
      if (!first) out->push_back(',');
      first = false;
      out->append(keys_[i]);
      if (is_null) {
        out->append("null");
      } else {
        AppendJsonValue(column, row, out);
      }
    }
    out->push_back('}');
  }

 private:
  void AppendJsonValue(const types::Column& column, size_t row, std::string* out) {
    switch (column.type().id) {
      case TypeId::kChar:
      case TypeId::kVarchar:
        AppendJsonString(column.strings()[row], out);
        return;
      case TypeId::kFloat:
      case TypeId::kDouble: {
        double value = column.type().id == TypeId::kFloat ? column.data<float>()[row]
                                                          : column.data<double>()[row];
        // NaN and Infinity are not JSON numbers: Jackson writes them as strings.
        bool quote = !std::isfinite(value);
        if (quote) out->push_back('"');
        AppendValueText(column, row, options_.timestamp_standard, out);
        if (quote) out->push_back('"');
        return;
      }
      case TypeId::kBoolean:
      case TypeId::kTinyInt:
      case TypeId::kSmallInt:
      case TypeId::kInt:
      case TypeId::kBigInt:
      case TypeId::kDecimal:
      case TypeId::kIntervalDayTime:
      case TypeId::kIntervalYearMonth:
      case TypeId::kNull:
        AppendValueText(column, row, options_.timestamp_standard, out);
        return;
      case TypeId::kBinary:
      case TypeId::kVarbinary:
      case TypeId::kDate:
      case TypeId::kTime:
      case TypeId::kTimestamp:
      case TypeId::kTimestampLtz:
        // No characters that need escaping: base64 and temporal text.
        out->push_back('"');
        AppendValueText(column, row, options_.timestamp_standard, out);
        out->push_back('"');
        return;
    }
  }

  types::SchemaPtr schema_;
  JsonOptions options_;
  std::vector<std::string> keys_;  // `"name":` per column
};

}  // namespace

std::unique_ptr<RowEncoder> MakeJsonRowEncoder(types::SchemaPtr schema,
                                               const JsonOptions& options) {
  return std::make_unique<JsonRowEncoder>(std::move(schema), options);
}

}  // namespace sluice::formats
