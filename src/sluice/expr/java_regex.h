// Java regular expressions (what Flink's REGEXP* functions take) compiled with RE2. RE2 covers
// Java's syntax except backreferences, lookaround and possessive/atomic groups; the translation
// maps the differences RE2 can express (\p{Alpha}-style POSIX classes, (?<name>...)). Patterns
// RE2 cannot run are reported as errors rather than silently not matching.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "re2/re2.h"
#include "sluice/common/status.h"

namespace sluice::expr {

/// Translates and compiles a Java regex. Error: "invalid regular expression '(?<=a)b': ...".
StatusOr<std::shared_ptr<const RE2>> CompileJavaRegex(std::string_view pattern);

/// Converts a java.util.regex.Matcher replacement string ("$1", "\\$") to RE2's rewrite syntax
/// ("\\1", "$"). False when a group reference is malformed.
bool JavaReplacementToRe2(std::string_view replacement, std::string* out);

}  // namespace sluice::expr
