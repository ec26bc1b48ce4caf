// The `sluice` binary: run, sql, explain, broker, topic.
#include <readline/history.h>
#include <readline/readline.h>
#include <unistd.h>

#include <atomic>
#include <pthread.h>

#include <csignal>
#include <mutex>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "sluice/cli/broker_command.h"
#include "sluice/cli/progress_reporter.h"
#include "sluice/cli/result_printer.h"
#include "sluice/cli/topic_command.h"
#include "sluice/session/session.h"
#include "sluice/sql/parser.h"
#include "sluice/types/temporal.h"

namespace sluice::cli {
namespace {

constexpr const char* kVersion = "0.1.0";

constexpr const char* kUsage = R"(Usage: sluice <command> [options]

Sluice runs Flink SQL real-time warehouse jobs natively.

Commands:
  run FILE.sql [--set key=value]...   run a script; its INSERTs become one job. Exits 0 when
                                      bounded sources are exhausted, non-zero on error.
  sql [-e SQL] [-f FILE] [--format table|csv|json] [--set key=value]...
                                      interactive SQL client (or run -e / -f and exit)
  explain FILE.sql [--set key=value]...
                                      print the plans and job graph of the script's queries
  broker --data-dir DIR [--port 9092] [--host 127.0.0.1] [--advertised-host HOST]
         [--auto-create-topics] [--partitions N]
                                      run the embedded log as a Kafka-protocol broker
  topic create|list|describe|produce|consume|delete [NAME] [--broker HOST:PORT] ...
                                      manage and use topics (sluice topic --help)
  --version                           print the version
  --help                              print this help

Examples:
  sluice sql -e "SELECT 1 + 1"
  sluice run examples/pv_uv.sql --set parallelism.default=2
  sluice broker --data-dir /tmp/sluice-data &
  sluice topic create events --partitions 4
)";

// Set by Ctrl-C / SIGTERM: the running job stops and no further statement starts. A second
// signal while the first is still set ends the process.
std::atomic<bool> g_interrupted{false};
std::mutex g_session_mutex;
session::Session* g_session = nullptr;  // guarded by g_session_mutex

/// Makes `session` the one signals cancel, for its lifetime.
class SignalTarget {
 public:
  explicit SignalTarget(session::Session* session) {
    std::lock_guard<std::mutex> lock(g_session_mutex);
    g_session = session;
  }
  ~SignalTarget() {
    std::lock_guard<std::mutex> lock(g_session_mutex);
    g_session = nullptr;
  }
};

/// SIGINT and SIGTERM are blocked in every thread and taken here with sigwait, so cancelling
/// (which locks and allocates) never runs inside a signal handler.
void WatchSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::thread([signals] {
    while (true) {
      int received = 0;
      if (sigwait(&signals, &received) != 0) continue;
      if (g_interrupted.exchange(true)) std::_Exit(130);
      std::lock_guard<std::mutex> lock(g_session_mutex);
      if (g_session != nullptr) g_session->Cancel();
    }
  }).detach();
}

struct CommonArgs {
  Options sets;
  std::vector<std::string> positional;
  std::vector<std::string> executes;  // -e
  std::vector<std::string> files;     // -f
  OutputFormat format = OutputFormat::kTable;
};

bool ParseArgs(int argc, char** argv, int start, CommonArgs* args, std::string* error) {
  for (int i = start; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](std::string* out) {
      if (i + 1 >= argc) {
        *error = absl::StrCat("option ", arg, " needs a value");
        return false;
      }
      *out = argv[++i];
      return true;
    };
    std::string v;
    if (arg == "--set" || arg == "-D") {
      if (!value(&v)) return false;
      size_t eq = v.find('=');
      if (eq == std::string::npos) {
        *error = absl::StrCat("--set expects key=value, got '", v, "'");
        return false;
      }
      args->sets.Set(std::string(absl::StripAsciiWhitespace(v.substr(0, eq))),
                     std::string(absl::StripAsciiWhitespace(v.substr(eq + 1))));
    } else if (arg == "-e" || arg == "--execute") {
      if (!value(&v)) return false;
      args->executes.push_back(v);
    } else if (arg == "-f" || arg == "--file") {
      if (!value(&v)) return false;
      args->files.push_back(v);
    } else if (arg == "--format") {
      if (!value(&v)) return false;
      if (v == "table") {
        args->format = OutputFormat::kTable;
      } else if (v == "csv") {
        args->format = OutputFormat::kCsv;
      } else if (v == "json") {
        args->format = OutputFormat::kJson;
      } else {
        *error = absl::StrCat("--format expects table, csv or json, got '", v, "'");
        return false;
      }
    } else if (absl::StartsWith(arg, "-") && arg != "-") {
      *error = absl::StrCat("unknown option '", arg, "'");
      return false;
    } else {
      args->positional.push_back(arg);
    }
  }
  return true;
}

bool ReadFile(const std::string& path, std::string* out, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = absl::StrCat("cannot read '", path, "': ", std::strerror(errno));
    return false;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  *out = buffer.str();
  return true;
}

absl::TimeZone ZoneOf(const session::Session& session) {
  absl::TimeZone zone;
  if (!types::LoadZone(session.config().GetOr("table.local-time-zone", "UTC"), &zone)) {
    return absl::UTCTimeZone();
  }
  return zone;
}

// Executes a script statement by statement, printing results. With `collect_inserts`, INSERTs
// are gathered and run together as one job at the end (`sluice run`).
Status RunScript(session::Session& session, const std::string& text, OutputFormat format,
                 bool collect_inserts, bool quiet_info) {
  SLUICE_ASSIGN_OR_RETURN(std::vector<sql::StatementPtr> statements, sql::ParseScript(text));
  std::vector<std::shared_ptr<const sql::InsertStatement>> inserts;
  ProgressReporter progress(isatty(STDERR_FILENO) != 0);
  for (const sql::StatementPtr& statement : statements) {
    if (g_interrupted) return absl::CancelledError("interrupted");
    if (collect_inserts && statement->kind == sql::StatementKind::kInsert) {
      inserts.push_back(std::static_pointer_cast<const sql::InsertStatement>(statement));
      continue;
    }
    if (collect_inserts && statement->kind == sql::StatementKind::kStatementSet) {
      for (const auto& insert : statement->As<sql::StatementSetStatement>().inserts) {
        inserts.push_back(insert);
      }
      continue;
    }
    ResultPrinter printer(format, stdout, ZoneOf(session));
    SLUICE_ASSIGN_OR_RETURN(session::StatementOutcome outcome,
                            session.Execute(*statement, text, &printer, &progress));
    switch (outcome.kind) {
      case session::StatementOutcome::Kind::kMessage:
      case session::StatementOutcome::Kind::kJob:
        if (!quiet_info) std::printf("%s\n", outcome.message.c_str());
        break;
      case session::StatementOutcome::Kind::kTable:
        PrintTable(outcome.table, format, stdout, ZoneOf(session));
        break;
      case session::StatementOutcome::Kind::kQuery:
        break;
    }
    std::fflush(stdout);
  }
  if (!inserts.empty() && !g_interrupted) {
    SLUICE_ASSIGN_OR_RETURN(session::PlannedJob job, session.PlanInserts(inserts, text));
    SLUICE_RETURN_IF_ERROR(session.RunJob(job, nullptr, &progress));
  }
  if (g_interrupted) return absl::CancelledError("interrupted");
  return Status();
}

int Fail(const Status& status) {
  if (absl::IsCancelled(status)) return 130;  // stopped by Ctrl-C / SIGTERM
  std::fprintf(stderr, "[ERROR] %s\n", std::string(status.message()).c_str());
  return 1;
}

int RunCommand(int argc, char** argv) {
  CommonArgs args;
  std::string error;
  if (!ParseArgs(argc, argv, 2, &args, &error)) return Fail(absl::InvalidArgumentError(error));
  if (args.positional.size() != 1) {
    return Fail(absl::InvalidArgumentError("usage: sluice run FILE.sql [--set key=value]..."));
  }
  std::string text;
  if (!ReadFile(args.positional[0], &text, &error)) {
    return Fail(absl::InvalidArgumentError(error));
  }
  session::Session session(args.sets);
  SignalTarget target(&session);
  Status status = RunScript(session, text, args.format, /*collect_inserts=*/true,
                            /*quiet_info=*/true);
  return status.ok() ? 0 : Fail(status);
}

int ExplainCommand(int argc, char** argv) {
  CommonArgs args;
  std::string error;
  if (!ParseArgs(argc, argv, 2, &args, &error)) return Fail(absl::InvalidArgumentError(error));
  if (args.positional.size() != 1) {
    return Fail(absl::InvalidArgumentError("usage: sluice explain FILE.sql"));
  }
  std::string text;
  if (!ReadFile(args.positional[0], &text, &error)) {
    return Fail(absl::InvalidArgumentError(error));
  }
  session::Session session(args.sets);
  auto statements = sql::ParseScript(text);
  if (!statements.ok()) return Fail(statements.status());
  for (const sql::StatementPtr& statement : *statements) {
    switch (statement->kind) {
      case sql::StatementKind::kQuery:
      case sql::StatementKind::kInsert:
      case sql::StatementKind::kStatementSet: {
        auto explained = session.Explain(*statement, text);
        if (!explained.ok()) return Fail(explained.status());
        std::printf("%s\n", explained->c_str());
        break;
      }
      default: {
        auto outcome = session.Execute(*statement, text, nullptr);
        if (!outcome.ok()) return Fail(outcome.status());
      }
    }
  }
  return 0;
}

int Interactive(session::Session& session, OutputFormat format) {
  std::string history_path;
  if (const char* home = std::getenv("HOME")) history_path = std::string(home) + "/.sluice_history";
  using_history();
  if (!history_path.empty()) read_history(history_path.c_str());
  std::printf("Sluice %s SQL client. End statements with ';'. Type 'quit;' or Ctrl-D to exit.\n",
              kVersion);
  std::string buffer;
  while (true) {
    char* line = readline(buffer.empty() ? "Sluice SQL> " : "> ");
    if (line == nullptr) break;
    std::string text(line);
    std::free(line);
    if (buffer.empty() && absl::StripAsciiWhitespace(text).empty()) continue;
    buffer += text;
    buffer += "\n";
    if (!sql::IsStatementComplete(buffer)) continue;
    std::string statement = buffer;
    buffer.clear();
    std::string trimmed = absl::AsciiStrToLower(absl::StripAsciiWhitespace(statement));
    add_history(std::string(absl::StripAsciiWhitespace(statement)).c_str());
    if (trimmed == "quit;" || trimmed == "exit;") break;
    Status status = RunScript(session, statement, format, false, false);
    // Ctrl-C stops the running statement, not the client.
    bool interrupted = g_interrupted.exchange(false);
    if (interrupted) session.ClearCancel();
    if (interrupted) {
      std::printf("[INFO] Statement interrupted.\n");
    } else if (!status.ok()) {
      std::printf("[ERROR] Could not execute SQL statement. Reason:\n%s\n",
                  std::string(status.message()).c_str());
    }
  }
  if (!history_path.empty()) write_history(history_path.c_str());
  return 0;
}

int SqlCommand(int argc, char** argv) {
  CommonArgs args;
  std::string error;
  if (!ParseArgs(argc, argv, 2, &args, &error)) return Fail(absl::InvalidArgumentError(error));
  if (!args.positional.empty()) {
    return Fail(absl::InvalidArgumentError(
        absl::StrCat("unexpected argument '", args.positional[0], "'; use -e SQL or -f FILE")));
  }
  session::Session session(args.sets);
  SignalTarget target(&session);
  int code = 0;
  if (args.executes.empty() && args.files.empty()) {
    code = Interactive(session, args.format);
  } else {
    for (const std::string& file : args.files) {
      std::string text;
      if (!ReadFile(file, &text, &error)) {
        code = Fail(absl::InvalidArgumentError(error));
        break;
      }
      Status status = RunScript(session, text, args.format, false, true);
      if (!status.ok()) {
        code = Fail(status);
        break;
      }
    }
    for (const std::string& text : args.executes) {
      if (code != 0) break;
      Status status = RunScript(session, text, args.format, false, true);
      if (!status.ok()) code = Fail(status);
    }
  }
  return code;
}

}  // namespace
}  // namespace sluice::cli

int main(int argc, char** argv) {
  using namespace sluice::cli;
  std::signal(SIGPIPE, SIG_IGN);
  WatchSignals();
  if (argc < 2) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  std::string command = argv[1];
  if (command == "--version" || command == "version") {
    std::printf("sluice %s\n", kVersion);
    return 0;
  }
  if (command == "--help" || command == "-h" || command == "help") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (command == "run") return RunCommand(argc, argv);
  if (command == "sql") return SqlCommand(argc, argv);
  if (command == "explain") return ExplainCommand(argc, argv);
  if (command == "broker") return BrokerCommand(argc, argv, g_interrupted);
  if (command == "topic") return TopicCommand(argc, argv, g_interrupted);
  std::fprintf(stderr, "[ERROR] unknown command '%s'\n\n%s", command.c_str(), kUsage);
  return 2;
}
