// The golden SQL test runner: executes `.test` files (sqllogictest style, extended for streams)
// against a fresh session each and compares results.
//
//   # comment
//   statement ok                      the SQL up to the next blank line must succeed
//   statement error <text>            must fail with a message containing <text>; an optional
//   ----                              `----` block gives the whole message exactly (${DIR}
//                                     stands for the scratch directory in both)
//   query [changelog] [sorted]        the SELECT's result: by default the final rows
//   ----                              (changelog applied) as `a, 1`; with `changelog` every
//   expected lines                    change as `+I[a, 1]`; `sorted` compares sorted lines.
//                                     SHOW / DESCRIBE / SET tables compare as +I rows.
//   file NAME                         writes the following lines to $DIR/NAME (a source file)
//   sink NAME [sorted]                the lines of every visible file under $DIR/NAME (a
//   ----                              filesystem sink folder) must equal the block
//   insert                            runs an INSERT (or statement set) to completion
//   explain                           EXPLAIN of the query or INSERT: each expected line must
//   ----                              appear, in order, inside a line of the plan text (e.g.
//   expected lines                    `+- CompactWindowDeduplicate(` names the chosen operator)
//
// `${DIR}` in SQL is the test's scratch directory. Options given with --set apply before each
// file (the same corpus runs under several configurations); with parallelism above one,
// changelogs compare as sorted lines since only per-key order is defined then. With
// --final-results, `query changelog` blocks compare the final rows their changes add up to (as a
// sorted multiset): configurations such as mini-batch or two-phase aggregation change how many
// intermediate updates a query emits, never where it ends.
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "sluice/session/session.h"
#include "sluice/sql/parser.h"
#include "sluice/types/temporal.h"
#include "sluice/types/value.h"

namespace fs = std::filesystem;

namespace sluice {
namespace {

class Collector : public session::QueryListener {
 public:
  explicit Collector(absl::TimeZone zone) : zone_(zone) {}
  void OnStart(const types::SchemaPtr& schema, bool bounded) override {}
  void OnBatch(const types::Batch& batch) override {
    for (size_t row = 0; row < batch.num_rows; ++row) {
      std::vector<std::string> cells;
      for (const types::ColumnPtr& column : batch.columns) {
        std::string text;
        types::AppendFormatted(*column, row, zone_, &text);
        cells.push_back(column->IsNull(row) ? "NULL" : text);
      }
      Add(batch.kind(row), absl::StrJoin(cells, ", "));
    }
  }
  // The rows of a SHOW / DESCRIBE / SET result, as inserts.
  void OnTable(const session::ResultTable& table) {
    for (const std::vector<types::Value>& values : table.rows) {
      std::vector<std::string> cells;
      for (size_t i = 0; i < values.size(); ++i) {
        cells.push_back(types::FormatValue(values[i], table.schema->field(i).type, zone_));
      }
      Add(types::RowKind::kInsert, absl::StrJoin(cells, ", "));
    }
  }
  void OnEnd() override {}
  std::vector<std::string> changes;
  std::vector<std::string> rows;
  std::vector<std::string> unmatched_retractions;

 private:
  void Add(types::RowKind kind, const std::string& joined) {
    changes.push_back(std::string(types::RowKindShortString(kind)) + "[" + joined + "]");
    if (types::IsAccumulate(kind)) {
      rows.push_back(joined);
    } else {
      auto it = std::find(rows.begin(), rows.end(), joined);
      if (it != rows.end()) {
        rows.erase(it);
      } else {
        // A retraction of a row the result does not hold is a bug, not something to ignore.
        unmatched_retractions.push_back(changes.back());
      }
    }
  }
  absl::TimeZone zone_;
};

// The rows a changelog (`+I[a, 1]` lines) adds up to, sorted; "" when a retraction has no row.
std::vector<std::string> Materialize(const std::vector<std::string>& changes, std::string* error) {
  std::vector<std::string> rows;
  for (const std::string& change : changes) {
    size_t open = change.find('[');
    if (open == std::string::npos || change.back() != ']') {
      *error = absl::StrCat("not a change: ", change);
      return {};
    }
    std::string row = change.substr(open + 1, change.size() - open - 2);
    if (change[0] == '+') {
      rows.push_back(row);
      continue;
    }
    auto it = std::find(rows.begin(), rows.end(), row);
    if (it == rows.end()) {
      *error = absl::StrCat("retraction of a row not in the result: ", change);
      return {};
    }
    rows.erase(it);
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

struct Failure {
  int line;
  std::string message;
};

class TestFile {
 public:
  TestFile(std::string path, Options options, bool final_results)
      : path_(std::move(path)), options_(options), final_results_(final_results) {}

  std::vector<Failure> Run() {
    std::ifstream in(path_);
    std::string line;
    while (std::getline(in, line)) lines_.push_back(line);
    dir_ = fs::temp_directory_path() /
           absl::StrCat("sluice-sql-test-", getpid(), "-", fs::path(path_).stem().string());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    session_ = std::make_unique<session::Session>(options_);
    parallel_ = options_.GetOr("parallelism.default", "1") != "1";
    while (pos_ < lines_.size()) Step();
    fs::remove_all(dir_);
    return failures_;
  }

 private:
  // Lines up to the next blank line (or `----`, which is consumed and reported).
  std::vector<std::string> Block(bool* separator) {
    std::vector<std::string> out;
    *separator = false;
    while (pos_ < lines_.size() && !lines_[pos_].empty()) {
      if (lines_[pos_] == "----") {
        *separator = true;
        ++pos_;
        return out;
      }
      out.push_back(lines_[pos_++]);
    }
    return out;
  }

  std::vector<std::string> Expected() {
    std::vector<std::string> out;
    while (pos_ < lines_.size() && !lines_[pos_].empty()) out.push_back(lines_[pos_++]);
    return out;
  }

  std::string Sql(const std::vector<std::string>& block) {
    return absl::StrReplaceAll(absl::StrJoin(block, "\n"), {{"${DIR}", dir_.string()}});
  }

  // Where TIMESTAMP_LTZ values render: the session's table.local-time-zone.
  absl::TimeZone SessionZone() const {
    absl::TimeZone zone;
    if (!types::LoadZone(session_->config().GetOr("table.local-time-zone", "UTC"), &zone)) {
      return absl::UTCTimeZone();
    }
    return zone;
  }

  void Fail(int line, std::string message) { failures_.push_back({line, std::move(message)}); }

  Status Execute(const std::string& sql, Collector* collector) {
    SLUICE_ASSIGN_OR_RETURN(std::vector<sql::StatementPtr> statements, sql::ParseScript(sql));
    for (const sql::StatementPtr& s : statements) {
      SLUICE_ASSIGN_OR_RETURN(session::StatementOutcome outcome,
                              session_->Execute(*s, sql, collector));
      if (collector != nullptr && outcome.kind == session::StatementOutcome::Kind::kTable) {
        collector->OnTable(outcome.table);
      }
    }
    return Status();
  }

  static std::string Diff(const std::vector<std::string>& expected,
                          const std::vector<std::string>& actual) {
    return absl::StrCat("expected:\n  ", absl::StrJoin(expected, "\n  "), "\nactual:\n  ",
                        absl::StrJoin(actual, "\n  "));
  }

  void Step() {
    std::string header = lines_[pos_];
    int header_line = static_cast<int>(pos_ + 1);
    ++pos_;
    if (header.empty() || header[0] == '#') return;
    std::vector<std::string> words = absl::StrSplit(header, ' ', absl::SkipEmpty());
    bool separator = false;
    if (words[0] == "statement") {
      if (words.size() < 2 || (words[1] != "ok" && words[1] != "error")) {
        Fail(header_line, absl::StrCat("unknown directive '", header,
                                       "': use 'statement ok' or 'statement error <text>'"));
        Block(&separator);
        return;
      }
      std::vector<std::string> block = Block(&separator);
      std::string sql = Sql(block);
      Status status = Execute(sql, nullptr);
      if (words.size() >= 2 && words[1] == "ok") {
        if (!status.ok()) Fail(header_line, absl::StrCat("unexpected error: ", status.message()));
        return;
      }
      std::string want = absl::StrReplaceAll(header.size() > 16 ? header.substr(16) : "",
                                             {{"${DIR}", dir_.string()}});
      if (status.ok()) {
        Fail(header_line, absl::StrCat("expected an error containing '", want, "'"));
        return;
      }
      std::string message(status.message());
      if (!want.empty() && !absl::StrContains(message, want)) {
        Fail(header_line, absl::StrCat("error '", message, "' does not contain '", want, "'"));
      }
      if (separator) {
        std::string exact = absl::StrJoin(Expected(), "\n");
        exact = absl::StrReplaceAll(exact, {{"${DIR}", dir_.string()}});
        if (std::string(absl::StripTrailingAsciiWhitespace(message)) != exact) {
          Fail(header_line,
               absl::StrCat("error message differs:\nexpected:\n", exact, "\nactual:\n", message));
        }
      }
      return;
    }
    if (words[0] == "query") {
      bool changelog = std::find(words.begin(), words.end(), "changelog") != words.end();
      bool sorted = std::find(words.begin(), words.end(), "sorted") != words.end();
      std::vector<std::string> block = Block(&separator);
      std::vector<std::string> expected = Expected();
      Collector collector(SessionZone());
      Status status = Execute(Sql(block), &collector);
      if (!status.ok()) {
        Fail(header_line, absl::StrCat("query failed: ", status.message()));
        return;
      }
      if (!collector.unmatched_retractions.empty()) {
        Fail(header_line, absl::StrCat("retraction of a row not in the result: ",
                                       collector.unmatched_retractions[0]));
      }
      std::vector<std::string> actual = changelog ? collector.changes : collector.rows;
      if (final_results_) {
        std::string error;
        if (changelog) expected = Materialize(expected, &error);
        if (!error.empty()) Fail(header_line, absl::StrCat("expected changelog: ", error));
        actual = collector.rows;
        sorted = true;
      }
      if (sorted || (changelog && parallel_) || (!changelog && parallel_)) {
        std::sort(actual.begin(), actual.end());
        std::sort(expected.begin(), expected.end());
      }
      if (actual != expected) Fail(header_line, Diff(expected, actual));
      return;
    }
    if (words[0] == "explain") {
      std::vector<std::string> block = Block(&separator);
      std::vector<std::string> expected = Expected();
      Collector collector(SessionZone());
      Status status = Execute("EXPLAIN " + Sql(block), &collector);
      if (!status.ok()) {
        Fail(header_line, absl::StrCat("explain failed: ", status.message()));
        return;
      }
      const std::string plan = collector.rows.empty() ? "" : collector.rows[0];
      std::vector<std::string> plan_lines = absl::StrSplit(plan, '\n');
      size_t next = 0;
      for (const std::string& want : expected) {
        while (next < plan_lines.size() && !absl::StrContains(plan_lines[next], want)) ++next;
        if (next == plan_lines.size()) {
          Fail(header_line, absl::StrCat("plan has no line containing '", want,
                                         "' (after the lines matched before it):\n", plan));
          return;
        }
        ++next;
      }
      return;
    }
    if (words[0] == "insert") {
      std::vector<std::string> block = Block(&separator);
      Status status = Execute(Sql(block), nullptr);
      if (!status.ok()) Fail(header_line, absl::StrCat("insert failed: ", status.message()));
      return;
    }
    if (words[0] == "file" && words.size() == 2) {
      std::vector<std::string> block = Block(&separator);
      fs::path target = dir_ / words[1];
      fs::create_directories(target.parent_path());
      std::ofstream out(target);
      for (const std::string& l : block) out << l << "\n";
      return;
    }
    if (words[0] == "sink" && words.size() >= 2) {
      bool sorted = words.size() >= 3 && words[2] == "sorted";
      Block(&separator);
      std::vector<std::string> expected = Expected();
      std::vector<std::string> actual;
      fs::path folder = dir_ / words[1];
      std::vector<fs::path> files;
      if (fs::exists(folder)) {
        for (const auto& entry : fs::recursive_directory_iterator(folder)) {
          std::string name = entry.path().filename().string();
          if (entry.is_regular_file() && name[0] != '.' && name[0] != '_') {
            files.push_back(entry.path());
          }
        }
      }
      std::sort(files.begin(), files.end());
      for (const fs::path& f : files) {
        std::ifstream in(f);
        std::string l;
        while (std::getline(in, l)) actual.push_back(l);
      }
      if (sorted || parallel_) {
        std::sort(actual.begin(), actual.end());
        std::sort(expected.begin(), expected.end());
      }
      if (actual != expected) Fail(header_line, Diff(expected, actual));
      return;
    }
    Fail(header_line, absl::StrCat("unknown directive '", header, "'"));
  }

  std::string path_;
  Options options_;
  std::vector<std::string> lines_;
  size_t pos_ = 0;
  fs::path dir_;
  std::unique_ptr<session::Session> session_;
  bool parallel_ = false;
  bool final_results_ = false;
  std::vector<Failure> failures_;
};

}  // namespace
}  // namespace sluice

int main(int argc, char** argv) {
  sluice::Options options;
  std::vector<std::string> paths;
  bool final_results = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--set" && i + 1 < argc) {
      std::string kv = argv[++i];
      size_t eq = kv.find('=');
      options.Set(kv.substr(0, eq), kv.substr(eq + 1));
    } else if (arg == "--final-results") {
      final_results = true;
    } else {
      paths.push_back(arg);
    }
  }
  // Directories expand to their .test files, sorted.
  std::vector<std::string> files;
  for (const std::string& p : paths) {
    if (fs::is_directory(p)) {
      for (const auto& entry : fs::recursive_directory_iterator(p)) {
        if (entry.path().extension() == ".test") files.push_back(entry.path().string());
      }
    } else {
      files.push_back(p);
    }
  }
  std::sort(files.begin(), files.end());
  int passed = 0, failed = 0;
  for (const std::string& file : files) {
    sluice::TestFile test(file, options, final_results);
    std::vector<sluice::Failure> failures = test.Run();
    if (failures.empty()) {
      ++passed;
    } else {
      ++failed;
      for (const auto& f : failures) {
        std::printf("FAIL %s:%d: %s\n", file.c_str(), f.line, f.message.c_str());
      }
    }
  }
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 && passed > 0 ? 0 : 1;
}
