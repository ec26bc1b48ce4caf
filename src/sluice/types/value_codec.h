// A compact binary form of Value, for state that leaves an operator: partial aggregates sent from
// a local to a global aggregation, and (later) state snapshots. One tag byte, then the payload in
// little-endian order: nothing (NULL), one byte (BOOLEAN), 8 bytes (integer-backed types, DOUBLE),
// or a 4-byte length and the bytes (strings and binary).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sluice/types/value.h"

namespace sluice::types {

void AppendValueBytes(const Value& value, std::string* out);
void AppendInt64Bytes(int64_t value, std::string* out);
void AppendDoubleBytes(double value, std::string* out);

/// Readers consume from the front of `in`; false when it is too short or malformed.
bool ReadValueBytes(std::string_view* in, Value* value);
bool ReadInt64Bytes(std::string_view* in, int64_t* value);
bool ReadDoubleBytes(std::string_view* in, double* value);

}  // namespace sluice::types
