#include "sluice/cli/result_printer.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "sluice/types/value.h"

namespace sluice::cli {
namespace {

constexpr int kMaxColumnWidth = 30;  // sql-client.display.max-column-width
const char kNull[] = "<NULL>";

// Display width: UTF-8 code points; East Asian wide characters count two.
int DisplayWidth(const std::string& s) {
  int width = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    uint32_t cp = c;
    if (len == 3 && i + 2 < s.size()) {
      cp = ((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
    }
    width += (len == 3 && cp >= 0x1100 &&
              (cp <= 0x115F || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
               (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFF60)))
                 ? 2
                 : 1;
    i += len;
  }
  return width;
}

std::string Fit(const std::string& s, int width) {
  if (DisplayWidth(s) <= width) return s;
  // Cut and mark with "...".
  std::string out;
  int w = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    std::string ch = s.substr(i, len);
    int cw = DisplayWidth(ch);
    if (w + cw > width - 3) break;
    out += ch;
    w += cw;
    i += len;
  }
  return out + "...";
}

std::string Border(const std::vector<int>& widths) {
  std::string line = "+";
  for (int w : widths) line += std::string(w + 2, '-') + "+";
  return line + "\n";
}

std::string Row(const std::vector<std::string>& cells, const std::vector<int>& widths) {
  std::string line = "|";
  for (size_t i = 0; i < cells.size(); ++i) {
    std::string cell = Fit(cells[i], widths[i]);
    line += " " + std::string(widths[i] - DisplayWidth(cell), ' ') + cell + " |";
  }
  return line + "\n";
}

// Flink's streaming column widths, from the type.
int TypeWidth(const types::DataType& t) {
  switch (t.id) {
    case types::TypeId::kTinyInt:
      return 4;
    case types::TypeId::kSmallInt:
      return 6;
    case types::TypeId::kInt:
      return 11;
    case types::TypeId::kBigInt:
      return 20;
    case types::TypeId::kDecimal:
      return t.precision + 2;
    case types::TypeId::kBoolean:
      return 5;
    case types::TypeId::kDate:
      return 10;
    case types::TypeId::kTime:
      return t.precision == 0 ? 8 : t.precision + 9;
    case types::TypeId::kTimestamp:
    case types::TypeId::kTimestampLtz:
      return t.precision == 0 ? 19 : t.precision <= 3 ? 23 : t.precision <= 6 ? 26 : 29;
    default:
      return kMaxColumnWidth;
  }
}

std::string CsvCell(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string JsonValue(const std::string& cell, const types::DataType& type, bool is_null) {
  if (is_null) return "null";
  if (type.IsNumeric() && type.id != types::TypeId::kDecimal) return cell;
  if (type.id == types::TypeId::kBoolean) return cell == "TRUE" ? "true" : "false";
  return JsonString(cell);
}

void PrintContentTable(const std::vector<std::string>& header,
                       const std::vector<std::vector<std::string>>& rows, std::FILE* out) {
  std::vector<int> widths;
  for (const std::string& h : header) widths.push_back(std::min(kMaxColumnWidth, DisplayWidth(h)));
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::max(widths[i], std::min(kMaxColumnWidth, DisplayWidth(row[i])));
    }
  }
  if (rows.empty()) {
    std::fputs("Empty set\n", out);
    return;
  }
  std::string text = Border(widths) + Row(header, widths) + Border(widths);
  for (const auto& row : rows) text += Row(row, widths);
  text += Border(widths);
  text += rows.size() == 1 ? "1 row in set\n" : absl::StrCat(rows.size(), " rows in set\n");
  std::fputs(text.c_str(), out);
}

}  // namespace

void PrintTable(const session::ResultTable& table, OutputFormat format, std::FILE* out,
                const absl::TimeZone& zone) {
  std::vector<std::string> header;
  for (const types::Field& f : table.schema->fields()) header.push_back(f.name);
  std::vector<std::vector<std::string>> rows;
  for (const auto& row : table.rows) {
    std::vector<std::string> cells;
    for (size_t i = 0; i < row.size(); ++i) {
      cells.push_back(row[i].is_null() ? kNull
                                       : types::FormatValue(row[i], table.schema->field(i).type,
                                                            zone));
    }
    rows.push_back(std::move(cells));
  }
  // A single text cell with line breaks (EXPLAIN) prints as plain text.
  if (header.size() == 1 && rows.size() == 1 && rows[0][0].find('\n') != std::string::npos) {
    std::fputs(rows[0][0].c_str(), out);
    return;
  }
  switch (format) {
    case OutputFormat::kTable:
      PrintContentTable(header, rows, out);
      break;
    case OutputFormat::kCsv: {
      std::vector<std::string> line;
      for (const std::string& h : header) line.push_back(CsvCell(h));
      std::fprintf(out, "%s\n", absl::StrJoin(line, ",").c_str());
      for (const auto& row : rows) {
        line.clear();
        for (const std::string& c : row) line.push_back(CsvCell(c == kNull ? "" : c));
        std::fprintf(out, "%s\n", absl::StrJoin(line, ",").c_str());
      }
      break;
    }
    case OutputFormat::kJson:
      for (size_t r = 0; r < rows.size(); ++r) {
        std::vector<std::string> fields;
        for (size_t i = 0; i < header.size(); ++i) {
          fields.push_back(JsonString(header[i]) + ":" +
                           JsonValue(rows[r][i], table.schema->field(i).type,
                                     table.rows[r][i].is_null()));
        }
        std::fprintf(out, "{%s}\n", absl::StrJoin(fields, ",").c_str());
      }
      break;
  }
}

void ResultPrinter::OnStart(const types::SchemaPtr& schema, bool bounded) {
  schema_ = schema;
  bounded_ = bounded;
  rows_.clear();
  received_ = 0;
  if (bounded_) return;
  if (format_ == OutputFormat::kTable) {
    widths_ = {2};
    std::vector<std::string> header = {"op"};
    for (const types::Field& f : schema->fields()) {
      widths_.push_back(std::max({static_cast<int>(f.name.size()), TypeWidth(f.type), 6}));
      header.push_back(f.name);
    }
    std::string text = Border(widths_) + Row(header, widths_) + Border(widths_);
    std::fputs(text.c_str(), out_);
  } else if (format_ == OutputFormat::kCsv) {
    std::vector<std::string> header = {"op"};
    for (const types::Field& f : schema->fields()) header.push_back(CsvCell(f.name));
    std::fprintf(out_, "%s\n", absl::StrJoin(header, ",").c_str());
  }
  std::fflush(out_);
}

std::vector<std::string> ResultPrinter::Cells(const types::Batch& batch, size_t row) const {
  std::vector<std::string> cells;
  for (const types::ColumnPtr& column : batch.columns) {
    if (column->IsNull(row)) {
      cells.push_back(kNull);
    } else {
      std::string text;
      types::AppendFormatted(*column, row, zone_, &text);
      cells.push_back(std::move(text));
    }
  }
  return cells;
}

void ResultPrinter::PrintChange(types::RowKind kind, const std::vector<std::string>& cells) {
  std::string op(types::RowKindShortString(kind));
  switch (format_) {
    case OutputFormat::kTable: {
      std::vector<std::string> line = {op};
      line.insert(line.end(), cells.begin(), cells.end());
      std::fputs(Row(line, widths_).c_str(), out_);
      break;
    }
    case OutputFormat::kCsv: {
      std::vector<std::string> line = {op};
      for (const std::string& c : cells) line.push_back(CsvCell(c == kNull ? "" : c));
      std::fprintf(out_, "%s\n", absl::StrJoin(line, ",").c_str());
      break;
    }
    case OutputFormat::kJson: {
      std::vector<std::string> fields = {"\"op\":" + JsonString(op)};
      for (size_t i = 0; i < cells.size(); ++i) {
        fields.push_back(JsonString(schema_->field(i).name) + ":" +
                         JsonValue(cells[i], schema_->field(i).type, cells[i] == kNull));
      }
      std::fprintf(out_, "{%s}\n", absl::StrJoin(fields, ",").c_str());
      break;
    }
  }
}

void ResultPrinter::OnBatch(const types::Batch& batch) {
  for (size_t row = 0; row < batch.num_rows; ++row) {
    types::RowKind kind = batch.kind(row);
    std::vector<std::string> cells = Cells(batch, row);
    ++received_;
    if (!bounded_) {
      PrintChange(kind, cells);
      continue;
    }
    if (types::IsAccumulate(kind)) {
      rows_.push_back(std::move(cells));
    } else {
      auto it = std::find(rows_.begin(), rows_.end(), cells);
      if (it != rows_.end()) rows_.erase(it);
    }
  }
  if (!bounded_) std::fflush(out_);
}

void ResultPrinter::OnEnd() {
  if (schema_ == nullptr) return;
  if (!bounded_) {
    if (format_ == OutputFormat::kTable) {
      std::string text = Border(widths_) + absl::StrCat("Received a total of ", received_,
                                                        received_ == 1 ? " row\n" : " rows\n");
      std::fputs(text.c_str(), out_);
    }
    std::fflush(out_);
    return;
  }
  session::ResultTable table;
  table.schema = schema_;
  std::vector<std::string> header;
  for (const types::Field& f : schema_->fields()) header.push_back(f.name);
  switch (format_) {
    case OutputFormat::kTable:
      PrintContentTable(header, rows_, out_);
      break;
    case OutputFormat::kCsv: {
      std::vector<std::string> line;
      for (const std::string& h : header) line.push_back(CsvCell(h));
      std::fprintf(out_, "%s\n", absl::StrJoin(line, ",").c_str());
      for (const auto& row : rows_) {
        line.clear();
        for (const std::string& c : row) line.push_back(CsvCell(c == kNull ? "" : c));
        std::fprintf(out_, "%s\n", absl::StrJoin(line, ",").c_str());
      }
      break;
    }
    case OutputFormat::kJson:
      for (const auto& row : rows_) {
        std::vector<std::string> fields;
        for (size_t i = 0; i < row.size(); ++i) {
          fields.push_back(JsonString(header[i]) + ":" +
                           JsonValue(row[i], schema_->field(i).type, row[i] == kNull));
        }
        std::fprintf(out_, "{%s}\n", absl::StrJoin(fields, ",").c_str());
      }
      break;
  }
  std::fflush(out_);
}

}  // namespace sluice::cli
