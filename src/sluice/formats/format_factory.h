// Formats turn bytes into rows and rows into bytes (DESIGN.md §7). A format is chosen by the
// table's 'format' option (or 'value.format'/'key.format') and configured by options prefixed
// with its name ('json.ignore-parse-errors').
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"
#include "sluice/common/options.h"
#include "sluice/common/status.h"
#include "sluice/types/batch.h"
#include "sluice/types/schema.h"

namespace sluice::formats {

/// Decodes one record into one row appended to every column of `batch` (whose schema is the one
/// the decoder was created for). On error it returns InvalidArgument with the reason (no
/// location: the caller adds file/line or topic/offset) and leaves `batch` unchanged. A record
/// that holds no row (a blank line, a csv comment) appends nothing and returns OK.
class RowDecoder {
 public:
  virtual ~RowDecoder() = default;
  virtual Status Decode(std::string_view record, types::Batch* batch) = 0;
  /// True when the format's options say bad records are skipped and counted
  /// ('json.ignore-parse-errors', 'csv.ignore-parse-errors').
  virtual bool ignore_parse_errors() const = 0;
  /// True when `text` (one or more lines joined by '\n') ends inside a quoted field, so a
  /// line-based reader must append the next line to complete the record (csv).
  virtual bool NeedsMoreLines(std::string_view text) const { return false; }
};

/// Encodes row `row` of `batch` as one record (no trailing newline) appended to `out`.
class RowEncoder {
 public:
  virtual ~RowEncoder() = default;
  virtual void Encode(const types::Batch& batch, size_t row, std::string* out) = 0;
};

class FormatFactory {
 public:
  virtual ~FormatFactory() = default;
  /// 'json', 'csv', 'raw', ...
  virtual std::string name() const = 0;
  /// Option keys this format accepts, with its prefix ('json.ignore-parse-errors').
  virtual std::vector<std::string> option_keys() const = 0;
  /// `options` are the table's WITH options (the format picks its own prefixed keys).
  virtual StatusOr<std::unique_ptr<RowDecoder>> CreateDecoder(types::SchemaPtr schema,
                                                              const Options& options) const = 0;
  virtual StatusOr<std::unique_ptr<RowEncoder>> CreateEncoder(types::SchemaPtr schema,
                                                              const Options& options,
                                                              const absl::TimeZone& zone) const = 0;
};

/// The registered format named `name`, or nullptr. The list is in format_registry.cc.
const FormatFactory* FindFormat(std::string_view name);
std::vector<std::string> FormatNames();

}  // namespace sluice::formats
