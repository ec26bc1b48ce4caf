// The built-in scalar function families. Each appends its functions to the registry's one
// explicit list (function_registry.cc); internal to the expr layer.
#pragma once

#include <vector>

#include "sluice/expr/function_registry.h"

namespace sluice::expr {

void RegisterArithmeticFunctions(std::vector<ScalarFunction>* out);   // + - * / % NEGATE
void RegisterComparisonFunctions(std::vector<ScalarFunction>* out);   // = <> < IS ... IN
void RegisterLogicalFunctions(std::vector<ScalarFunction>* out);      // AND OR NOT
void RegisterConditionalFunctions(std::vector<ScalarFunction>* out);  // CASE IF COALESCE ...
void RegisterStringFunctions(std::vector<ScalarFunction>* out);       // CONCAT UPPER TRIM ...
void RegisterPatternFunctions(std::vector<ScalarFunction>* out);      // LIKE REGEXP_*
void RegisterMathFunctions(std::vector<ScalarFunction>* out);         // ABS ROUND POWER ...
void RegisterTemporalFunctions(std::vector<ScalarFunction>* out);     // EXTRACT FLOOR/CEIL TO ...
void RegisterTimeConversionFunctions(std::vector<ScalarFunction>* out);  // DATE_FORMAT ...
void RegisterHashFunctions(std::vector<ScalarFunction>* out);            // HASH_CODE MD5 ...

}  // namespace sluice::expr
