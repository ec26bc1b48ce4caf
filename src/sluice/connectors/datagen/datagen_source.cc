#include "sluice/connectors/datagen/datagen_source.h"

#include <algorithm>
#include <cfloat>
#include <limits>

#include "absl/strings/str_cat.h"
#include "sluice/formats/text_codec.h"

namespace sluice::connectors {
namespace {

using types::TypeId;

constexpr const char* kProperties[] = {"kind",    "min",   "max", "max-past", "length",
                                       "var-len", "start", "end", "null-rate"};

std::string FieldKey(const std::string& column, const char* property) {
  return absl::StrCat("fields.", column, ".", property);
}

bool IsNumeric(const types::DataType& type) {
  return type.IsInteger() || type.id == TypeId::kFloat || type.id == TypeId::kDouble ||
         type.id == TypeId::kDecimal;
}

bool SupportsSequence(const types::DataType& type) { return IsNumeric(type) || type.IsString(); }

bool SupportsRandom(const types::DataType& type) {
  return IsNumeric(type) || type.IsString() || type.IsBinary() || type.id == TypeId::kBoolean ||
         type.IsTemporal();
}

// Inclusive integer range of a type (DECIMAL: unscaled, limited by its precision).
void IntegerRange(const types::DataType& type, int64_t* min, int64_t* max) {
  switch (type.id) {
    case TypeId::kTinyInt:
      *min = std::numeric_limits<int8_t>::min();
      *max = std::numeric_limits<int8_t>::max();
      return;
    case TypeId::kSmallInt:
      *min = std::numeric_limits<int16_t>::min();
      *max = std::numeric_limits<int16_t>::max();
      return;
    case TypeId::kInt:
      *min = std::numeric_limits<int32_t>::min();
      *max = std::numeric_limits<int32_t>::max();
      return;
    case TypeId::kDecimal: {
      int64_t limit = std::numeric_limits<int64_t>::max();
      if (type.precision < 19) {
        limit = 1;
        for (int i = 0; i < type.precision; ++i) limit *= 10;
        limit -= 1;
      }
      *min = -limit;
      *max = limit;
      return;
    }
    default:
      *min = std::numeric_limits<int64_t>::min();
      *max = std::numeric_limits<int64_t>::max();
  }
}

// Shares of a sequence [start, end] among `parallelism` subtasks: subtask i gets
// [start + n*i/p, start + n*(i+1)/p).
__int128 SequenceOffset(const DatagenFieldSpec& field, int subtask_index, int parallelism) {
  __int128 n = static_cast<__int128>(field.end) - field.start + 1;
  return n * subtask_index / parallelism;
}

class SpecParser {
 public:
  explicit SpecParser(const ConnectorTable& table) : table_(table), options_(table.options) {}

  StatusOr<DatagenSpec> Parse() {
    DatagenSpec spec;
    spec.table_name = table_.name;
    spec.schema = table_.physical_schema;
    if (!table_.metadata.empty()) {
      return Error(absl::StrCat("connector 'datagen' has no metadata columns, but table '",
                                table_.name, "' declares '", table_.metadata[0].name, "'"));
    }
    SLUICE_RETURN_IF_ERROR(CheckColumnsExist());
    SLUICE_ASSIGN_OR_RETURN(spec.rows_per_second, options_.GetDouble("rows-per-second", 10000));
    if (!(spec.rows_per_second > 0)) {
      return Error(absl::StrCat("option 'rows-per-second' of table '", table_.name,
                                "' must be positive, got ", options_.GetOr("rows-per-second", "")));
    }
    if (options_.Has("number-of-rows")) {
      SLUICE_ASSIGN_OR_RETURN(int64_t rows, options_.GetInt("number-of-rows", 0));
      if (rows < 0) {
        return Error(absl::StrCat("option 'number-of-rows' of table '", table_.name,
                                  "' must not be negative, got ", rows));
      }
      spec.number_of_rows = rows;
    }
    spec.bounded = spec.number_of_rows.has_value();
    for (const types::Field& field : spec.schema->fields()) {
      SLUICE_ASSIGN_OR_RETURN(DatagenFieldSpec parsed, ParseField(field));
      if (parsed.kind == DatagenFieldSpec::Kind::kSequence) spec.bounded = true;
      spec.fields.push_back(parsed);
    }
    return spec;
  }

 private:
  static Status Error(std::string message) {
    return absl::InvalidArgumentError(std::move(message));
  }

  Status CheckColumnsExist() {
    for (const auto& [key, value] : options_.WithPrefix("fields.")) {
      size_t dot = key.rfind('.');
      if (dot == std::string::npos) continue;  // not a field option: ValidateOptions reports it
      std::string column = key.substr(0, dot);
      if (table_.physical_schema->IndexOf(column) < 0) {
        return Error(absl::StrCat("unknown column '", column, "' in option 'fields.", key,
                                  "' of table '", table_.name, "'"));
      }
    }
    return Status();
  }

  Status NotApplicable(const types::Field& field, const char* property, const char* why) {
    return Error(absl::StrCat("option '", FieldKey(field.name, property), "' does not apply to ",
                              why, "column '", field.name, "' of type ", field.type.ToBaseString(),
                              " in table '", table_.name, "'"));
  }

  StatusOr<int64_t> IntegerOption(const types::Field& field, const char* property,
                                  int64_t fallback) {
    std::string key = FieldKey(field.name, property);
    SLUICE_ASSIGN_OR_RETURN(int64_t value, options_.GetInt(key, fallback));
    int64_t min, max;
    IntegerRange(field.type.id == TypeId::kDecimal ? types::DataType::BigInt() : field.type, &min,
                 &max);
    if (value < min || value > max) {
      return Error(absl::StrCat("option '", key, "' of table '", table_.name,
                                "' is out of range for ", field.type.ToBaseString(), ": ", value));
    }
    return value;
  }

  Status CheckOrder(const types::Field& field, const char* low, const char* high, bool ordered) {
    if (ordered) return Status();
    std::string low_key = FieldKey(field.name, low);
    std::string high_key = FieldKey(field.name, high);
    return Error(absl::StrCat("option '", low_key, "' (", options_.GetOr(low_key, ""),
                              ") must not be greater than '", high_key, "' (",
                              options_.GetOr(high_key, ""), ") in table '", table_.name, "'"));
  }

  StatusOr<DatagenFieldSpec> ParseField(const types::Field& field) {
    DatagenFieldSpec spec;
    spec.type = field.type;
    const types::DataType& type = field.type;
    auto has = [&](const char* property) { return options_.Has(FieldKey(field.name, property)); };

    std::string kind = options_.GetOr(FieldKey(field.name, "kind"), "random");
    if (kind == "sequence") {
      spec.kind = DatagenFieldSpec::Kind::kSequence;
    } else if (kind != "random") {
      return Error(absl::StrCat("option '", FieldKey(field.name, "kind"), "' of table '",
                                table_.name, "' must be 'random' or 'sequence', got '", kind, "'"));
    }
    SLUICE_ASSIGN_OR_RETURN(spec.null_rate,
                            options_.GetDouble(FieldKey(field.name, "null-rate"), 0));
    if (!(spec.null_rate >= 0 && spec.null_rate <= 1)) {
      return Error(absl::StrCat("option '", FieldKey(field.name, "null-rate"), "' of table '",
                                table_.name, "' must be between 0 and 1, got ", spec.null_rate));
    }

    if (spec.kind == DatagenFieldSpec::Kind::kSequence) {
      if (!SupportsSequence(type)) {
        return Error(absl::StrCat("the sequence generator does not support column '", field.name,
                                  "' of type ", type.ToBaseString(), " in table '", table_.name,
                                  "'"));
      }
      for (const char* property : {"min", "max", "max-past", "length", "var-len"}) {
        if (has(property)) return NotApplicable(field, property, "the sequence generator of ");
      }
      for (const char* property : {"start", "end"}) {
        if (!has(property)) {
          return Error(absl::StrCat("missing option '", FieldKey(field.name, property),
                                    "' for the sequence generator of column '", field.name,
                                    "' in table '", table_.name, "'"));
        }
      }
      types::DataType range_type =
          type.IsString() || type.IsApproximate() || type.id == TypeId::kDecimal
              ? types::DataType::BigInt()
              : type;
      types::Field range_field{field.name, range_type};
      SLUICE_ASSIGN_OR_RETURN(spec.start, IntegerOption(range_field, "start", 0));
      SLUICE_ASSIGN_OR_RETURN(spec.end, IntegerOption(range_field, "end", 0));
      SLUICE_RETURN_IF_ERROR(CheckOrder(field, "start", "end", spec.start <= spec.end));
      if (type.id == TypeId::kDecimal) {
        int64_t min, max;
        IntegerRange(type, &min, &max);
        int64_t unit = 1;
        for (int i = 0; i < type.scale; ++i) unit *= 10;
        if (spec.start < min / unit || spec.end > max / unit) {
          return Error(absl::StrCat("the sequence of column '", field.name, "' in table '",
                                    table_.name, "' does not fit ", type.ToBaseString()));
        }
      }
      return spec;
    }

    if (!SupportsRandom(type)) {
      return Error(absl::StrCat("the random generator does not support column '", field.name,
                                "' of type ", type.ToBaseString(), " in table '", table_.name,
                                "'"));
    }
    for (const char* property : {"start", "end"}) {
      if (has(property)) return NotApplicable(field, property, "the random generator of ");
    }
    bool numeric = IsNumeric(type);
    bool sized = type.IsString() || type.IsBinary();
    for (const char* property : {"min", "max"}) {
      if (has(property) && !numeric) return NotApplicable(field, property, "");
    }
    for (const char* property : {"length", "var-len"}) {
      if (has(property) && !sized) return NotApplicable(field, property, "");
    }
    if (has("max-past") && !type.IsTimestamp()) return NotApplicable(field, "max-past", "");

    if (type.id == TypeId::kFloat || type.id == TypeId::kDouble) {
      // Flink's defaults: the type's smallest positive value to its largest.
      bool is_float = type.id == TypeId::kFloat;
      SLUICE_ASSIGN_OR_RETURN(
          spec.min_double,
          options_.GetDouble(FieldKey(field.name, "min"), is_float ? FLT_TRUE_MIN : DBL_TRUE_MIN));
      SLUICE_ASSIGN_OR_RETURN(spec.max_double, options_.GetDouble(FieldKey(field.name, "max"),
                                                                  is_float ? FLT_MAX : DBL_MAX));
      SLUICE_RETURN_IF_ERROR(CheckOrder(field, "min", "max", spec.min_double <= spec.max_double));
    } else if (type.id == TypeId::kDecimal) {
      IntegerRange(type, &spec.min_int, &spec.max_int);
      for (const char* property : {"min", "max"}) {
        std::optional<std::string> text = options_.Get(FieldKey(field.name, property));
        if (!text) continue;
        int64_t unscaled;
        if (formats::ParseDecimalText(*text, type.precision, type.scale, &unscaled) !=
            formats::DecimalParse::kOk) {
          return Error(absl::StrCat("option '", FieldKey(field.name, property), "' of table '",
                                    table_.name, "' is not a ", type.ToBaseString(), ": '", *text,
                                    "'"));
        }
        (std::string_view(property) == "min" ? spec.min_int : spec.max_int) = unscaled;
      }
      SLUICE_RETURN_IF_ERROR(CheckOrder(field, "min", "max", spec.min_int <= spec.max_int));
    } else if (type.IsInteger()) {
      int64_t min, max;
      IntegerRange(type, &min, &max);
      SLUICE_ASSIGN_OR_RETURN(spec.min_int, IntegerOption(field, "min", min));
      SLUICE_ASSIGN_OR_RETURN(spec.max_int, IntegerOption(field, "max", max));
      SLUICE_RETURN_IF_ERROR(CheckOrder(field, "min", "max", spec.min_int <= spec.max_int));
    }

    if (sized) {
      bool fixed = type.id == TypeId::kChar || type.id == TypeId::kBinary;
      int32_t declared = type.length > 0 ? type.length : types::kMaxLength;
      if (fixed && has("length")) {
        return Error(absl::StrCat("option '", FieldKey(field.name, "length"),
                                  "' is not supported for the fixed-length column '", field.name,
                                  "' of type ", type.ToBaseString(), " in table '", table_.name,
                                  "'"));
      }
      SLUICE_ASSIGN_OR_RETURN(int64_t length, options_.GetInt(FieldKey(field.name, "length"),
                                                              std::min<int64_t>(100, declared)));
      if (fixed) length = declared;
      if (length < 1 || length > declared) {
        return Error(absl::StrCat("option '", FieldKey(field.name, "length"), "' of table '",
                                  table_.name, "' must be between 1 and the declared length of ",
                                  type.ToBaseString(), ", got ", length));
      }
      spec.length = static_cast<int32_t>(length);
      SLUICE_ASSIGN_OR_RETURN(spec.var_len,
                              options_.GetBool(FieldKey(field.name, "var-len"), false));
    }
    if (type.IsTimestamp()) {
      SLUICE_ASSIGN_OR_RETURN(spec.max_past_micros,
                              options_.GetDuration(FieldKey(field.name, "max-past"), 0));
      if (spec.max_past_micros < 0) {
        return Error(absl::StrCat("option '", FieldKey(field.name, "max-past"), "' of table '",
                                  table_.name, "' must not be negative"));
      }
    }
    return spec;
  }

  const ConnectorTable& table_;
  const Options& options_;
};

}  // namespace

int64_t DatagenSpec::RowsForSubtask(int subtask_index, int parallelism) const {
  int64_t rows = std::numeric_limits<int64_t>::max();
  if (number_of_rows) {
    int64_t total = *number_of_rows;
    rows = total / parallelism + (subtask_index < total % parallelism ? 1 : 0);
  }
  for (const DatagenFieldSpec& field : fields) {
    if (field.kind != DatagenFieldSpec::Kind::kSequence) continue;
    __int128 share = SequenceOffset(field, subtask_index + 1, parallelism) -
                     SequenceOffset(field, subtask_index, parallelism);
    if (share < rows) rows = static_cast<int64_t>(share);
  }
  return rows;
}

int64_t DatagenSpec::SequenceBegin(size_t column, int subtask_index, int parallelism) const {
  const DatagenFieldSpec& field = fields[column];
  return static_cast<int64_t>(field.start + SequenceOffset(field, subtask_index, parallelism));
}

StatusOr<DatagenSpec> ParseDatagenSpec(const ConnectorTable& table) {
  return SpecParser(table).Parse();
}

StatusOr<std::unique_ptr<runtime::SourceReader>> DatagenSource::CreateReader(
    int subtask_index, int parallelism) const {
  return MakeDatagenReader(spec_, subtask_index, parallelism);
}

std::vector<std::string> DatagenConnectorFactory::optional_options() const {
  std::vector<std::string> keys = {"rows-per-second", "number-of-rows"};
  for (const char* property : kProperties) keys.push_back(absl::StrCat("fields.#.", property));
  return keys;
}

StatusOr<std::unique_ptr<TableSource>> DatagenConnectorFactory::CreateSource(
    const ConnectorTable& table) const {
  SLUICE_ASSIGN_OR_RETURN(DatagenSpec spec, ParseDatagenSpec(table));
  return std::unique_ptr<TableSource>(std::make_unique<DatagenSource>(std::move(spec)));
}

}  // namespace sluice::connectors
