// Result-type rules shared by the function families: argument-family checks with implicit casts,
// Flink's DECIMAL precision/scale derivation and nullability. Internal to the expr layer.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/common/status.h"
#include "sluice/types/data_type.h"

namespace sluice::expr {

/// A resolve error meaning "these argument types do not fit"; ResolveCall turns it into
/// "cannot apply 'F' to arguments of type (A, B); expected <expected>".
Status SignatureError(std::string_view expected);
bool IsSignatureError(const Status& status);
/// The `expected` text of a SignatureError.
std::string_view SignatureExpectation(const Status& status);

/// What one parameter of a simple signature accepts, and the type the argument is cast to.
enum class Param : uint8_t {
  kString,   // CHAR/VARCHAR (kept); NULL -> STRING
  kInteger,  // TINYINT..BIGINT -> BIGINT
  kInt,      // TINYINT..INT -> INT
  kDouble,   // any numeric -> DOUBLE
  kNumeric,  // any numeric, kept; NULL -> INT
  kBoolean,  // BOOLEAN; NULL -> BOOLEAN
  kAny,      // anything, kept
};

/// Checks `args` against `params` (the first `required` of them mandatory) and rewrites them to
/// the cast targets. Returns a SignatureError listing the signature on mismatch.
Status CheckParams(std::vector<types::DataType>* args, std::initializer_list<Param> params,
                   size_t required);

bool IsNullType(const types::DataType& t);
bool AnyNullable(const std::vector<types::DataType>& types);
/// `type` made nullable when any of `args` is.
types::DataType NullableIfAny(types::DataType type, const std::vector<types::DataType>& args);
/// `target` with the nullability of `original` (how an argument is cast without changing it).
types::DataType CastTarget(const types::DataType& target, const types::DataType& original);

/// An exact numeric seen as DECIMAL: itself, or DECIMAL(3|5|10|19, 0) for integers.
types::DataType AsDecimal(const types::DataType& t);
/// Flink's LogicalTypeMerging.adjustPrecisionScale: keeps precision <= 38, sacrificing scale
/// down to 6 digits to keep the integral part.
types::DataType AdjustDecimal(int precision, int scale);
types::DataType DecimalPlusType(const types::DataType& a, const types::DataType& b);
types::DataType DecimalTimesType(const types::DataType& a, const types::DataType& b);
types::DataType DecimalDivideType(const types::DataType& a, const types::DataType& b);
types::DataType DecimalModType(const types::DataType& a, const types::DataType& b);
types::DataType DecimalRoundType(const types::DataType& t, int digits);

/// Common type of several types (NULL types ignored); false if there is none.
bool CommonTypeOf(const std::vector<types::DataType>& types, types::DataType* out);
/// The type arithmetic between two numerics is carried out in (not for DECIMAL+DECIMAL, which
/// has its own rules): the wider integer, FLOAT, or DOUBLE.
types::DataType NumericArithmeticType(const types::DataType& a, const types::DataType& b);

/// Text of a type list as in error messages: "(INT, BOOLEAN)".
std::string TypeListString(const std::vector<types::DataType>& types);

}  // namespace sluice::expr
