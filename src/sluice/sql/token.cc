#include "sluice/sql/token.h"

#include <algorithm>
#include <array>

namespace sluice::sql {

namespace {
// Words that would make the grammar ambiguous if they could be identifiers: clause keywords, join
// keywords, operators spelled as words and expression keywords. Flink reserves many more (VALUE,
// USER, YEAR, ...); Sluice accepts those as identifiers, which only makes more scripts parse.
// Sorted, for binary search.
constexpr std::array<std::string_view, 66> kReservedWords = {
    "ALL",       "AND",      "ANY",     "ARRAY",     "AS",      "ASC",     "BETWEEN",  "BY",
    "CASE",      "CAST",     "CREATE",  "CROSS",     "CURRENT", "DESC",    "DISTINCT", "DROP",
    "ELSE",      "END",      "ESCAPE",  "EXCEPT",    "EXISTS",  "FALSE",   "FETCH",    "FILTER",
    "FOR",       "FROM",     "FULL",    "GROUP",     "HAVING",  "IN",      "INNER",    "INSERT",
    "INTERSECT", "INTERVAL", "INTO",    "IS",        "JOIN",    "LATERAL", "LEFT",     "LIKE",
    "LIMIT",     "MINUS",    "NATURAL", "NOT",       "NULL",    "OFFSET",  "ON",       "OR",
    "ORDER",     "OUTER",    "OVER",    "PARTITION", "RIGHT",   "SELECT",  "SIMILAR",  "TABLE",
    "THEN",      "TRUE",     "UNION",   "UNNEST",    "USING",   "VALUES",  "WHEN",     "WHERE",
    "WINDOW",    "WITH",
};
}  // namespace

bool IsReservedWord(std::string_view upper) {
  return std::binary_search(kReservedWords.begin(), kReservedWords.end(), upper);
}

}  // namespace sluice::sql
