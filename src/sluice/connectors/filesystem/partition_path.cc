#include "sluice/connectors/filesystem/partition_path.h"

#include "sluice/formats/text_codec.h"

namespace sluice::connectors {
namespace {

bool NeedsEscape(unsigned char c) {
  if (c < 0x20 || c == 0x7f) return true;
  switch (c) {
    case '"':
    case '#':
    case '%':
    case '\'':
    case '*':
    case '/':
    case ':':
    case '=':
    case '?':
    case '\\':
    case '{':
    case '[':
    case ']':
    case '^':
      return true;
    default:
      return false;
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

void AppendEscapedPathName(std::string_view text, std::string* out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (NeedsEscape(c)) {
      out->push_back('%');
      out->push_back(kHex[c >> 4]);
      out->push_back(kHex[c & 0xf]);
    } else {
      out->push_back(ch);
    }
  }
}

std::string UnescapePathName(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int high = HexValue(text[i + 1]);
      int low = HexValue(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out.push_back(static_cast<char>(high * 16 + low));
        i += 2;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

void AppendPartitionPath(const FilesystemConfig& config, const types::Batch& batch, size_t row,
                         std::string* out) {
  std::string value;
  for (size_t k = 0; k < config.partition_columns.size(); ++k) {
    int index = config.partition_columns[k];
    if (k > 0) out->push_back('/');
    AppendEscapedPathName(config.physical_schema->field(index).name, out);
    out->push_back('=');
    const types::Column& column = *batch.columns[index];
    if (column.IsNull(row)) {
      out->append(config.default_partition_name);
      continue;
    }
    value.clear();
    formats::AppendValueText(column, row, formats::TimestampStandard::kSql, &value);
    if (value.empty()) {
      out->append(config.default_partition_name);  // Flink: an empty value is the default too
    } else {
      AppendEscapedPathName(value, out);
    }
  }
}

std::vector<std::pair<std::string, std::string>> ParsePartitionPath(
    std::string_view relative_path) {
  std::vector<std::pair<std::string, std::string>> pairs;
  size_t start = 0;
  while (start < relative_path.size()) {
    size_t slash = relative_path.find('/', start);
    if (slash == std::string_view::npos) break;  // the last part is the file name
    std::string_view folder = relative_path.substr(start, slash - start);
    size_t equals = folder.find('=');
    if (equals != std::string_view::npos) {
      pairs.emplace_back(UnescapePathName(folder.substr(0, equals)),
                         UnescapePathName(folder.substr(equals + 1)));
    }
    start = slash + 1;
  }
  return pairs;
}

}  // namespace sluice::connectors
