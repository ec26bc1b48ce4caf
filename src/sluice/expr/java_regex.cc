#include "sluice/expr/java_regex.h"

#include "absl/strings/str_cat.h"
#include "sluice/expr/ascii.h"

namespace sluice::expr {

namespace {

// Java's POSIX character classes (US-ASCII only, as in java.util.regex without flags).
struct PosixClass {
  std::string_view java;   // the name inside \p{...}
  std::string_view posix;  // RE2's [:name:]
};

constexpr PosixClass kPosixClasses[] = {
    {"Lower", "[:lower:]"}, {"Upper", "[:upper:]"}, {"ASCII", "[:ascii:]"},
    {"Alpha", "[:alpha:]"}, {"Digit", "[:digit:]"}, {"Alnum", "[:alnum:]"},
    {"Punct", "[:punct:]"}, {"Graph", "[:graph:]"}, {"Print", "[:print:]"},
    {"Blank", "[:blank:]"}, {"Cntrl", "[:cntrl:]"}, {"XDigit", "[:xdigit:]"},
    {"Space", "[:space:]"},
};

// Appends the RE2 form of Java's \p{Name} / \P{Name} if `name` is a POSIX class.
bool AppendPosixClass(std::string_view name, bool negated, bool in_class, std::string* out) {
  if (name.starts_with("Is")) name.remove_prefix(2);
  for (const PosixClass& pc : kPosixClasses) {
    if (name != pc.java) continue;
    // [:alpha:], or [:^alpha:] for \P{Alpha}
    std::string posix =
        negated ? absl::StrCat("[:^", ToAbsl(pc.posix.substr(2))) : std::string(pc.posix);
    if (in_class) {
      out->append(posix);
    } else {
      absl::StrAppend(out, "[", posix, "]");
    }
    return true;
  }
  return false;
}

std::string TranslateJavaRegex(std::string_view java) {
  std::string out;
  out.reserve(java.size() + 8);
  bool in_class = false;
  for (size_t i = 0; i < java.size(); ++i) {
    char c = java[i];
    if (c == '\\' && i + 1 < java.size()) {
      char next = java[i + 1];
      if ((next == 'p' || next == 'P') && i + 2 < java.size() && java[i + 2] == '{') {
        size_t close = java.find('}', i + 3);
        if (close != std::string_view::npos &&
            AppendPosixClass(java.substr(i + 3, close - i - 3), next == 'P', in_class, &out)) {
          i = close;
          continue;
        }
      }
      out.push_back(c);
      out.push_back(next);
      ++i;
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      out.push_back(c);
      continue;
    }
    if (c == '[') {
      in_class = true;
      out.push_back(c);
      // A ']' right after '[' or '[^' is a literal.
      if (i + 1 < java.size() && java[i + 1] == '^') out.push_back(java[++i]);
      if (i + 1 < java.size() && java[i + 1] == ']') out.push_back(java[++i]);
      continue;
    }
    if (java.substr(i, 3) == "(?<" && i + 3 < java.size() && java[i + 3] != '=' &&
        java[i + 3] != '!') {
      out.append("(?P<");
      i += 2;
      continue;
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace

StatusOr<std::shared_ptr<const RE2>> CompileJavaRegex(std::string_view pattern) {
  RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_shared<const RE2>(TranslateJavaRegex(pattern), options);
  if (!re->ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid regular expression '", ToAbsl(pattern), "': ", re->error()));
  }
  return re;
}

bool JavaReplacementToRe2(std::string_view replacement, std::string* out) {
  out->clear();
  for (size_t i = 0; i < replacement.size(); ++i) {
    char c = replacement[i];
    if (c == '\\') {
      if (i + 1 == replacement.size()) return false;
      char literal = replacement[++i];
      if (literal == '\\') {
        out->append("\\\\");
      } else {
        out->push_back(literal);
      }
    } else if (c == '$') {
      if (i + 1 == replacement.size() || replacement[i + 1] < '0' || replacement[i + 1] > '9') {
        return false;
      }
      out->push_back('\\');
      out->push_back(replacement[++i]);
    } else {
      out->push_back(c);
    }
  }
  return true;
}

}  // namespace sluice::expr
