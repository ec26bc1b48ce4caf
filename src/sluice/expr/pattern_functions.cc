// Pattern matching: LIKE (SQL wildcards) and the Java-regex functions REGEXP, REGEXP_EXTRACT and
// REGEXP_REPLACE. Patterns are compiled once per thread and looked up per row by text, so a
// constant pattern costs one comparison per row.
#include "absl/strings/str_cat.h"
#include "sluice/expr/ascii.h"
#include "sluice/expr/builtin_functions.h"
#include "sluice/expr/java_regex.h"
#include "sluice/expr/kernel_templates.h"
#include "sluice/expr/like_matcher.h"
#include "sluice/expr/pattern_cache.h"
#include "sluice/expr/type_rules.h"
#include "sluice/expr/utf8.h"

namespace sluice::expr {

using types::Column;
using types::DataType;

namespace {

StatusOr<std::shared_ptr<const LikeMatcher>> CompileLikeWithoutEscape(std::string_view pattern) {
  auto compiled = LikeMatcher::Compile(pattern, 0);
  if (!compiled.ok()) return compiled.status();
  return std::make_shared<const LikeMatcher>(std::move(*compiled));
}

using LikeCache = PatternCache<LikeMatcher, CompileLikeWithoutEscape>;
using EscapedLikeCache = PatternCache<LikeMatcher, LikeMatcher::CompileKey>;
using RegexCache = PatternCache<RE2, CompileJavaRegex>;

template <typename Fn>
Status ForValidRows(const Column* out, size_t rows, Fn fn) {
  const uint8_t* nulls = out->nulls();
  for (size_t i = 0; i < rows; ++i) {
    if (!RowIsNull(nulls, i)) SLUICE_RETURN_IF_ERROR(fn(i));
  }
  return absl::OkStatus();
}

StatusOr<DataType> ResolveLike(std::vector<DataType>* args) {
  SLUICE_RETURN_IF_ERROR(CheckParams(args, {Param::kString, Param::kString, Param::kString}, 2));
  return NullableIfAny(DataType::Boolean(), *args);
}

// LIKE(s, pattern[, escape]).
Status LikeKernel(const KernelArgs& args, Column* out) {
  const std::string_view* s = args.columns[0]->strings();
  const std::string_view* pattern = args.columns[1]->strings();
  const std::string_view* escape = args.columns.size() > 2 ? args.columns[2]->strings() : nullptr;
  uint8_t* r = out->mutable_data<uint8_t>();
  LikeCache cache;
  EscapedLikeCache escaped_cache;
  if (args.IsLiteral(1) && escape == nullptr) {  // the common case: one pattern for the batch
    SLUICE_ASSIGN_OR_RETURN(const LikeMatcher* matcher, cache.Get(pattern[0]));
    const uint8_t* nulls = out->nulls();
    for (size_t i = 0; i < args.rows; ++i) {
      if (!RowIsNull(nulls, i)) r[i] = matcher->Matches(s[i]);
    }
    return absl::OkStatus();
  }
  std::string key;
  return ForValidRows(out, args.rows, [&](size_t i) -> Status {
    const LikeMatcher* matcher;
    if (escape == nullptr) {
      SLUICE_ASSIGN_OR_RETURN(matcher, cache.Get(pattern[i]));
    } else {
      if (escape[i].size() != 1) {
        return absl::InvalidArgumentError(absl::StrCat(
            "invalid escape character '", ToAbsl(escape[i]), "' in LIKE: must be one character"));
      }
      key.clear();
      key.push_back(escape[i][0]);
      key.append(pattern[i].data(), pattern[i].size());
      SLUICE_ASSIGN_OR_RETURN(matcher, escaped_cache.Get(key, /*stable_address=*/false));
    }
    r[i] = matcher->Matches(s[i]);
    return absl::OkStatus();
  });
}

StatusOr<DataType> ResolveRegexp(std::vector<DataType>* args) {
  SLUICE_RETURN_IF_ERROR(CheckParams(args, {Param::kString, Param::kString}, 2));
  return NullableIfAny(DataType::Boolean(), *args);
}

// REGEXP(s, regex): TRUE if some substring of s matches.
Status RegexpKernel(const KernelArgs& args, Column* out) {
  const std::string_view* s = args.columns[0]->strings();
  const std::string_view* pattern = args.columns[1]->strings();
  uint8_t* r = out->mutable_data<uint8_t>();
  RegexCache cache;
  if (args.IsLiteral(1)) {
    SLUICE_ASSIGN_OR_RETURN(const RE2* re, cache.Get(pattern[0]));
    const uint8_t* nulls = out->nulls();
    for (size_t i = 0; i < args.rows; ++i) {
      if (!RowIsNull(nulls, i)) r[i] = RE2::PartialMatch(s[i], *re);
    }
    return absl::OkStatus();
  }
  return ForValidRows(out, args.rows, [&](size_t i) -> Status {
    SLUICE_ASSIGN_OR_RETURN(const RE2* re, cache.Get(pattern[i]));
    r[i] = RE2::PartialMatch(s[i], *re);
    return absl::OkStatus();
  });
}

StatusOr<DataType> ResolveRegexpExtract(std::vector<DataType>* args) {
  SLUICE_RETURN_IF_ERROR(CheckParams(args, {Param::kString, Param::kString, Param::kInteger}, 2));
  return DataType::String().WithNullable(true);  // NULL when nothing matches
}

// REGEXP_EXTRACT(s, regex[, group]): group `group` (default 0, the whole match) of the first
// match; NULL when there is no match or no such group.
Status RegexpExtractKernel(const KernelArgs& args, Column* out) {
  const std::string_view* s = args.columns[0]->strings();
  const std::string_view* pattern = args.columns[1]->strings();
  const int64_t* group = args.columns.size() > 2 ? args.columns[2]->data<int64_t>() : nullptr;
  out->ShareArenasOf(*args.columns[0]);
  std::string_view* r = out->mutable_strings();
  RegexCache cache;
  std::vector<re2::StringPiece> groups;
  return ForValidRows(out, args.rows, [&](size_t i) -> Status {
    SLUICE_ASSIGN_OR_RETURN(const RE2* re, cache.Get(pattern[i]));
    int64_t index = group != nullptr ? group[i] : 0;
    if (index < 0 || index > re->NumberOfCapturingGroups()) {
      out->SetNull(i);
      return absl::OkStatus();
    }
    groups.resize(index + 1);
    if (!re->Match(s[i], 0, s[i].size(), RE2::UNANCHORED, groups.data(),
                   static_cast<int>(index + 1)) ||
        groups[index].data() == nullptr) {
      out->SetNull(i);
      return absl::OkStatus();
    }
    r[i] = std::string_view(groups[index].data(), groups[index].size());
    return absl::OkStatus();
  });
}

StatusOr<DataType> ResolveRegexpReplace(std::vector<DataType>* args) {
  SLUICE_RETURN_IF_ERROR(CheckParams(args, {Param::kString, Param::kString, Param::kString}, 3));
  return DataType::String().WithNullable(true);  // NULL for an invalid replacement
}

// Java's String.replaceAll: every non-overlapping match replaced; after an empty match the
// next character is copied so the scan advances.
void ReplaceAll(const RE2& re, std::string_view text, std::string_view rewrite,
                std::vector<re2::StringPiece>* groups, std::string* out) {
  const int n = re.NumberOfCapturingGroups() + 1;
  groups->resize(n);
  out->clear();
  size_t pos = 0, copied = 0;
  while (pos <= text.size() &&
         re.Match(text, pos, text.size(), RE2::UNANCHORED, groups->data(), n)) {
    size_t start = (*groups)[0].data() - text.data();
    size_t end = start + (*groups)[0].size();
    out->append(text.substr(copied, start - copied));
    re.Rewrite(out, rewrite, groups->data(), n);
    copied = end;
    if (end > start) {
      pos = end;
      continue;
    }
    if (start >= text.size()) break;
    size_t next = NextCodePoint(text, start);
    out->append(text.substr(start, next - start));
    copied = pos = next;
  }
  out->append(text.substr(copied));
}

Status RegexpReplaceKernel(const KernelArgs& args, Column* out) {
  const std::string_view* s = args.columns[0]->strings();
  const std::string_view* pattern = args.columns[1]->strings();
  const std::string_view* replacement = args.columns[2]->strings();
  std::string_view* r = out->mutable_strings();
  RegexCache cache;
  std::string last_replacement, rewrite, buffer, error;
  bool rewrite_valid = false, have_rewrite = false;
  std::vector<re2::StringPiece> groups;
  return ForValidRows(out, args.rows, [&](size_t i) -> Status {
    SLUICE_ASSIGN_OR_RETURN(const RE2* re, cache.Get(pattern[i]));
    if (!have_rewrite || replacement[i] != last_replacement) {
      last_replacement.assign(replacement[i]);
      rewrite_valid = JavaReplacementToRe2(replacement[i], &rewrite);
      have_rewrite = true;
    }
    if (!rewrite_valid || !re->CheckRewriteString(rewrite, &error)) {
      out->SetNull(i);  // Flink returns NULL when the replacement is invalid
      return absl::OkStatus();
    }
    ReplaceAll(*re, s[i], rewrite, &groups, &buffer);
    r[i] = out->CopyString(buffer);
    return absl::OkStatus();
  });
}

}  // namespace

void RegisterPatternFunctions(std::vector<ScalarFunction>* out) {
  out->push_back({.name = "LIKE", .resolve = ResolveLike, .kernel = LikeKernel});
  out->push_back({.name = "REGEXP", .resolve = ResolveRegexp, .kernel = RegexpKernel});
  out->push_back(
      {.name = "REGEXP_EXTRACT", .resolve = ResolveRegexpExtract, .kernel = RegexpExtractKernel});
  out->push_back(
      {.name = "REGEXP_REPLACE", .resolve = ResolveRegexpReplace, .kernel = RegexpReplaceKernel});
}

}  // namespace sluice::expr
