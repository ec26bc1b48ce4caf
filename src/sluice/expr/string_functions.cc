// Character-string functions with Flink's semantics on UTF-8 (lengths and positions count code
// points). Functions that return part of their input (SUBSTRING, TRIM, SPLIT_INDEX, LEFT...)
// return views into the input's memory instead of copying.
#include <algorithm>
#include <cstring>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "sluice/expr/ascii.h"
#include "sluice/expr/builtin_functions.h"
#include "sluice/expr/kernel_templates.h"
#include "sluice/expr/type_rules.h"
#include "sluice/expr/utf8.h"

namespace sluice::expr {

using types::Column;
using types::DataType;
using types::kMaxLength;
using types::TypeId;

namespace {

template <typename Fn>
void ForValidRows(const Column* out, size_t rows, Fn fn) {
  const uint8_t* nulls = out->nulls();
  for (size_t i = 0; i < rows; ++i) {
    if (!RowIsNull(nulls, i)) fn(i);
  }
}

const std::string_view* Strings(const KernelArgs& args, size_t k) {
  return args.columns[k]->strings();
}
const int64_t* Integers(const KernelArgs& args, size_t k) {
  return args.columns[k]->data<int64_t>();
}

// VARCHAR with the length of a string argument (Flink's varyingString).
DataType VaryingString(const DataType& t) {
  return DataType::Varchar(IsNullType(t) ? kMaxLength : t.length);
}

// --- CONCAT, ||, CONCAT_WS -----------------------------------------------------------------

// Flink's StringConcatTypeStrategy: VARCHAR (or VARBINARY) of the summed lengths.
StatusOr<DataType> ResolveConcat(std::vector<DataType>* args) {
  constexpr const char* kExpected = "(STRING, STRING, ...) or (BYTES, BYTES, ...)";
  if (args->empty()) return SignatureError(kExpected);
  bool binary = false;
  int64_t length = 0;
  for (const DataType& t : *args) {
    if (t.IsBinary()) binary = true;
    if (!IsNullType(t) && !t.IsString() && !t.IsBinary()) return SignatureError(kExpected);
    length += IsNullType(t) ? 0 : t.length;
  }
  int32_t capped = static_cast<int32_t>(std::min<int64_t>(length, kMaxLength));
  for (DataType& t : *args) {
    if (IsNullType(t)) t = CastTarget(binary ? DataType::Bytes() : DataType::String(), t);
    if (t.IsBinary() != binary) return SignatureError(kExpected);
  }
  return NullableIfAny(binary ? DataType::Varbinary(capped) : DataType::Varchar(capped), *args);
}

Status ConcatKernel(const KernelArgs& args, Column* out) {
  std::string buffer;
  std::string_view* r = out->mutable_strings();
  ForValidRows(out, args.rows, [&](size_t i) {
    buffer.clear();
    for (const Column* c : args.columns) buffer.append(c->strings()[i]);
    r[i] = out->CopyString(buffer);
  });
  return absl::OkStatus();
}

StatusOr<DataType> ResolveConcatWs(std::vector<DataType>* args) {
  if (args->size() < 2) return SignatureError("(STRING separator, STRING, ...)");
  for (DataType& t : *args) {
    if (!IsNullType(t) && !t.IsString()) return SignatureError("(STRING separator, STRING, ...)");
    t = CastTarget(IsNullType(t) ? DataType::String() : t, t);
  }
  return DataType::String().WithNullable((*args)[0].nullable);
}

// CONCAT_WS(sep, s1, ...): NULL separator gives NULL; NULL strings are skipped.
Status ConcatWsKernel(const KernelArgs& args, Column* out) {
  std::string buffer;
  std::string_view* r = out->mutable_strings();
  const Column& sep = *args.columns[0];
  for (size_t i = 0; i < args.rows; ++i) {
    if (sep.IsNull(i)) {
      out->SetNull(i);
      continue;
    }
    buffer.clear();
    bool first = true;
    for (size_t k = 1; k < args.columns.size(); ++k) {
      const Column& c = *args.columns[k];
      if (c.IsNull(i)) continue;
      if (!first) buffer.append(sep.strings()[i]);
      buffer.append(c.strings()[i]);
      first = false;
    }
    r[i] = out->CopyString(buffer);
  }
  return absl::OkStatus();
}

// --- SUBSTRING, LEFT, RIGHT --------------------------------------------------------------------

StatusOr<DataType> ResolveSubstring(std::vector<DataType>* args) {
  SLUICE_RETURN_IF_ERROR(CheckParams(args, {Param::kString, Param::kInteger, Param::kInteger}, 2));
  // A negative length gives NULL, so the three-argument form is always nullable.
  DataType result = NullableIfAny(VaryingString((*args)[0]), *args);
  return args->size() == 3 ? result.WithNullable(true) : result;
}

// Flink's BinaryStringDataUtil.substringSQL: positions from 1; 0 acts as 1; negative counts
// from the end; a negative length is NULL.
Status SubstringKernel(const KernelArgs& args, Column* out) {
  out->ShareArenasOf(*args.columns[0]);
  const std::string_view* s = Strings(args, 0);
  const int64_t* pos = Integers(args, 1);
  const int64_t* len = args.columns.size() > 2 ? Integers(args, 2) : nullptr;
  std::string_view* r = out->mutable_strings();
  ForValidRows(out, args.rows, [&](size_t i) {
    int64_t length = len != nullptr ? len[i] : INT64_MAX;
    if (length < 0) {
      out->SetNull(i);
      return;
    }
    std::string_view str = s[i];
    int64_t chars = static_cast<int64_t>(CodePointCount(str));
    int64_t start;
    if (pos[i] > 0) {
      start = pos[i] - 1;
      if (start >= chars) return void(r[i] = std::string_view());
    } else if (pos[i] < 0) {
      start = chars + pos[i];
      if (start < 0) return void(r[i] = std::string_view());
    } else {
      start = 0;
    }
    int64_t end = chars - start < length ? chars : start + length;
    size_t b = CodePointOffset(str, start);
    size_t e = b + CodePointOffset(str.substr(b), end - start);
    r[i] = str.substr(b, e - b);
  });
  return absl::OkStatus();
}

StatusOr<DataType> ResolveLeftRight(std::vector<DataType>* args) {
  SLUICE_RETURN_IF_ERROR(CheckParams(args, {Param::kString, Param::kInteger}, 2));
  return NullableIfAny(VaryingString((*args)[0]), *args);
}

template <bool kLeft>
Status LeftRightKernel(const KernelArgs& args, Column* out) {
  out->ShareArenasOf(*args.columns[0]);
  const std::string_view* s = Strings(args, 0);
  const int64_t* n = Integers(args, 1);
  std::string_view* r = out->mutable_strings();
  ForValidRows(out, args.rows, [&](size_t i) {
    if (n[i] <= 0) return void(r[i] = std::string_view());
    std::string_view str = s[i];
    if (kLeft) {
      r[i] = str.substr(0, CodePointOffset(str, n[i]));
    } else {
      int64_t chars = static_cast<int64_t>(CodePointCount(str));
      r[i] = n[i] >= chars ? str : str.substr(CodePointOffset(str, chars - n[i]));
    }
  });
  return absl::OkStatus();
}

// --- case mapping --------------------------------------------------------------------------------

// Simple case mappings that keep the UTF-8 length: ASCII, Latin-1, Latin Extended-A, Greek and
// Cyrillic (Java's full mapping also changes lengths, e.g. 'ß' -> "SS"; those are kept).
uint32_t UpperCodePoint(uint32_t c) {
  if (c < 0x80) return c >= 'a' && c <= 'z' ? c - 32 : c;
  if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 0x20;
  if (c == 0xFF) return 0x178;
  if (c >= 0x100 && c <= 0x137 && c != 0x131) return c & 1 ? c - 1 : c;
  if (c >= 0x139 && c <= 0x148) return c & 1 ? c : c - 1;
  if (c >= 0x14A && c <= 0x177) return c & 1 ? c - 1 : c;
  if (c >= 0x179 && c <= 0x17E) return c & 1 ? c : c - 1;
  if (c >= 0x3B1 && c <= 0x3C9) return c == 0x3C2 ? 0x3A3 : c - 0x20;
  if (c >= 0x430 && c <= 0x44F) return c - 0x20;
  if (c >= 0x450 && c <= 0x45F) return c - 0x50;
  return c;
}

uint32_t LowerCodePoint(uint32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z' ? c + 32 : c;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;
  if (c == 0x178) return 0xFF;
  if (c >= 0x100 && c <= 0x137 && c != 0x130) return c & 1 ? c : c + 1;
  if (c >= 0x139 && c <= 0x148) return c & 1 ? c + 1 : c;
  if (c >= 0x14A && c <= 0x177) return c & 1 ? c : c + 1;
  if (c >= 0x179 && c <= 0x17E) return c & 1 ? c + 1 : c;
  if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 0x20;
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;
  if (c >= 0x400 && c <= 0x40F) return c + 0x50;
  return c;
}

// Rewrites `text` in place (same byte length), mapping each code point.
template <uint32_t (*kMap)(uint32_t)>
void MapCodePoints(char* data, size_t size) {
  std::string_view text(data, size);
  std::string encoded;
  for (size_t pos = 0; pos < size;) {
    unsigned char b = static_cast<unsigned char>(data[pos]);
    if (b < 0x80) {
      data[pos] = static_cast<char>(kMap(b));
      ++pos;
      continue;
    }
    size_t start = pos;
    uint32_t mapped = kMap(DecodeCodePoint(text, &pos));
    encoded.clear();
    AppendCodePoint(mapped, &encoded);
    if (encoded.size() == pos - start) std::memcpy(data + start, encoded.data(), encoded.size());
  }
}

StatusOr<DataType> ResolveSameString(std::vector<DataType>* args) {
  SLUICE_RETURN_IF_ERROR(CheckParams(args, {Param::kString}, 1));
  return (*args)[0].Materialized();
}

// Copies each string into `out`'s arena and rewrites it in place with `transform`.
template <typename Transform>
void CopyAndTransform(const KernelArgs& args, Column* out, Transform transform) {
  const std::string_view* s = Strings(args, 0);
  std::string_view* r = out->mutable_strings();
  ForValidRows(out, args.rows, [&](size_t i) {
    std::string_view copy = out->CopyString(s[i]);
    transform(const_cast<char*>(copy.data()), copy.size());  // our own arena memory
    r[i] = copy;
  });
}

Status UpperKernel(const KernelArgs& args, Column* out) {
  CopyAndTransform(args, out, MapCodePoints<UpperCodePoint>);
  return absl::OkStatus();
}

Status LowerKernel(const KernelArgs& args, Column* out) {
  CopyAndTransform(args, out, MapCodePoints<LowerCodePoint>);
  return absl::OkStatus();
}

// Calcite's INITCAP: the first letter of each word upper case, the rest lower case; words are
// runs of ASCII letters and digits.
void InitCap(char* data, size_t size) {
  bool start = true;
  for (size_t i = 0; i < size; ++i) {
    char c = data[i];
    bool lower = c >= 'a' && c <= 'z', upper = c >= 'A' && c <= 'Z', digit = c >= '0' && c <= '9';
    if (start) {
      if (lower) data[i] = static_cast<char>(c - 32);
      if (lower || upper || digit) start = false;
    } else {
      if (upper) {
        data[i] = static_cast<char>(c + 32);
      } else if (!lower && !digit) {
        start = true;
      }
    }
  }
}

Status InitCapKernel(const KernelArgs& args, Column* out) {
  CopyAndTransform(args, out, InitCap);
  return absl::OkStatus();
}

void ReverseCodePoints(char* data, size_t size) {
  std::reverse(data, data + size);
  // Each multi-byte sequence is now backwards: restore its byte order.
  for (size_t i = 0; i < size;) {
    size_t j = i;
    while (j < size && IsUtf8Continuation(data[j])) ++j;
    if (j < size && j > i) std::reverse(data + i, data + j + 1);
    i = j + 1;
  }
}

StatusOr<DataType> ResolveReverse(std::vector<DataType>* args) {
  SLUICE_RETURN_IF_ERROR(CheckParams(args, {Param::kString}, 1));
  return NullableIfAny(DataType::String(), *args);
}

Status ReverseKernel(const KernelArgs& args, Column* out) {
  CopyAndTransform(args, out, ReverseCodePoints);
  return absl::OkStatus();
}

// --- TRIM, LTRIM, RTRIM ------------------------------------------------------------------------

enum TrimSide { kLeading = 1, kTrailing = 2, kBoth = 3 };

// Whether the code point at `pos` (of length `len`) is one of `chars`.
bool InTrimSet(std::string_view text, size_t pos, size_t len, std::string_view chars) {
  if (chars.size() == 1) return len == 1 && text[pos] == chars[0];
  for (size_t k = 0; k < chars.size(); k = NextCodePoint(chars, k)) {
    size_t klen = NextCodePoint(chars, k) - k;
    if (klen == len && text.compare(pos, len, chars.substr(k, klen)) == 0) return true;
  }
  return false;
}

std::string_view TrimView(std::string_view text, std::string_view chars, int side) {
  size_t begin = 0, end = text.size();
  if (side & kLeading) {
    while (begin < end) {
      size_t next = NextCodePoint(text, begin);
      if (!InTrimSet(text, begin, next - begin, chars)) break;
      begin = next;
    }
  }
  if (side & kTrailing) {
    while (end > begin) {
      size_t start = end - 1;
      while (start > begin && IsUtf8Continuation(text[start])) --start;
      if (!InTrimSet(text, start, end - start, chars)) break;
      end = start;
    }
  }
  return text.substr(begin, end - begin);
}

bool ParseTrimSide(std::string_view text, int* side) {
  std::string mode = ToUpperAscii(text);
  if (mode == "BOTH") return *side = kBoth, true;
  if (mode == "LEADING") return *side = kLeading, true;
  if (mode == "TRAILING") return *side = kTrailing, true;
  return false;
}

// TRIM(mode, chars, s) with mode a 'BOTH' | 'LEADING' | 'TRAILING' literal.
StatusOr<DataType> ResolveTrim(const std::vector<ExprPtr>& args, std::vector<DataType>* types) {
  constexpr const char* kExpected = "('BOTH' | 'LEADING' | 'TRAILING', STRING, STRING)";
  if (args.size() != 3 || !args[0]->IsLiteral() || !args[0]->literal.is_string()) {
    return SignatureError(kExpected);
  }
  int side;
  if (!ParseTrimSide(args[0]->literal.as_string(), &side)) return SignatureError(kExpected);
  SLUICE_RETURN_IF_ERROR(CheckParams(types, {Param::kString, Param::kString, Param::kString}, 3));
  std::vector<DataType> operands = {(*types)[1], (*types)[2]};
  return NullableIfAny(VaryingString((*types)[2]), operands);
}

Status TrimKernel(const KernelArgs& args, Column* out) {
  int side = kBoth;
  ParseTrimSide(Strings(args, 0)[0], &side);
  const std::string_view* chars = Strings(args, 1);
  const std::string_view* s = Strings(args, 2);
  out->ShareArenasOf(*args.columns[2]);
  std::string_view* r = out->mutable_strings();
  ForValidRows(out, args.rows, [&](size_t i) { r[i] = TrimView(s[i], chars[i], side); });
  return absl::OkStatus();
}

StatusOr<DataType> ResolveSideTrim(std::vector<DataType>* args) {
  SLUICE_RETURN_IF_ERROR(CheckParams(args, {Param::kString, Param::kString}, 1));
  return NullableIfAny(VaryingString((*args)[0]), *args);
}

template <int kSide>
Status SideTrimKernel(const KernelArgs& args, Column* out) {
  const std::string_view* s = Strings(args, 0);
  const std::string_view* chars = args.columns.size() > 1 ? Strings(args, 1) : nullptr;
  out->ShareArenasOf(*args.columns[0]);
  std::string_view* r = out->mutable_strings();
  ForValidRows(out, args.rows, [&](size_t i) {
    r[i] = TrimView(s[i], chars != nullptr ? chars[i] : std::string_view(" "), kSide);
  });
  return absl::OkStatus();
}

// --- lengths and positions ------------------------------------------------------------------

StatusOr<DataType> ResolveCharLength(std::vector<DataType>* args) {
  SLUICE_RETURN_IF_ERROR(CheckParams(args, {Param::kString}, 1));
  return NullableIfAny(DataType::Int(), *args);
}

Status CharLengthKernel(const KernelArgs& args, Column* out) {
  MapUnary<std::string_view, int32_t>(*args.columns[0], out, args.rows, [](std::string_view s) {
    return static_cast<int32_t>(CodePointCount(s));
  });
  return absl::OkStatus();
}

// 1-based code point position of `needle` in `haystack` at or after code point `from` (0-based),
// 0 when absent.
int32_t FindPosition(std::string_view haystack, std::string_view needle, int64_t from) {
  size_t start = CodePointOffset(haystack, from);
  if (from > 0 && start == haystack.size() &&
      static_cast<int64_t>(CodePointCount(haystack)) < from) {
    return 0;
  }
  size_t found = haystack.find(needle, start);
  if (found == std::string_view::npos) return 0;
  return static_cast<int32_t>(CodePointCount(haystack.substr(0, found)) + 1);
}

StatusOr<DataType> ResolvePosition(std::vector<DataType>* args) {
  SLUICE_RETURN_IF_ERROR(CheckParams(args, {Param::kString, Param::kString}, 2));
  return NullableIfAny(DataType::Int(), *args);
}

// POSITION(needle, haystack) (kNeedleFirst) and INSTR(haystack, needle).
template <bool kNeedleFirst>
Status PositionKernel(const KernelArgs& args, Column* out) {
  const std::string_view* needle = Strings(args, kNeedleFirst ? 0 : 1);
  const std::string_view* haystack = Strings(args, kNeedleFirst ? 1 : 0);
  int32_t* r = out->mutable_data<int32_t>();
  ForValidRows(out, args.rows, [&](size_t i) { r[i] = FindPosition(haystack[i], needle[i], 0); });
  return absl::OkStatus();
}

StatusOr<DataType> ResolveLocate(std::vector<DataType>* args) {
  SLUICE_RETURN_IF_ERROR(CheckParams(args, {Param::kString, Param::kString, Param::kInteger}, 2));
  return NullableIfAny(DataType::Int(), *args);
}

// LOCATE(needle, haystack[, start]): start is 1-based; below 1 gives 0.
Status LocateKernel(const KernelArgs& args, Column* out) {
  const std::string_view* needle = Strings(args, 0);
  const std::string_view* haystack = Strings(args, 1);
  const int64_t* start = args.columns.size() > 2 ? Integers(args, 2) : nullptr;
  int32_t* r = out->mutable_data<int32_t>();
  ForValidRows(out, args.rows, [&](size_t i) {
    int64_t from = start != nullptr ? start[i] : 1;
    r[i] = from < 1 ? 0 : FindPosition(haystack[i], needle[i], from - 1);
  });
  return absl::OkStatus();
}

// --- REPLACE, SPLIT_INDEX, REPEAT, LPAD, RPAD ------------------------------------------------

StatusOr<DataType> ResolveReplace(std::vector<DataType>* args) {
  SLUICE_RETURN_IF_ERROR(CheckParams(args, {Param::kString, Param::kString, Param::kString}, 3));
  return NullableIfAny(DataType::String(), *args);
}

// Java String.replace: every occurrence; an empty search string matches between characters.
Status ReplaceKernel(const KernelArgs& args, Column* out) {
  const std::string_view* s = Strings(args, 0);
  const std::string_view* from = Strings(args, 1);
  const std::string_view* to = Strings(args, 2);
  std::string buffer;
  std::string_view* r = out->mutable_strings();
  ForValidRows(out, args.rows, [&](size_t i) {
    std::string_view str = s[i], search = from[i];
    buffer.clear();
    if (search.empty()) {
      buffer.append(to[i]);
      for (size_t pos = 0; pos < str.size();) {
        size_t next = NextCodePoint(str, pos);
        buffer.append(str.substr(pos, next - pos));
        buffer.append(to[i]);
        pos = next;
      }
    } else {
      size_t pos = 0;
      for (size_t found; (found = str.find(search, pos)) != std::string_view::npos;) {
        buffer.append(str.substr(pos, found - pos));
        buffer.append(to[i]);
        pos = found + search.size();
      }
      if (pos == 0) return void(r[i] = out->CopyString(str));
      buffer.append(str.substr(pos));
    }
    r[i] = out->CopyString(buffer);
  });
  return absl::OkStatus();
}

StatusOr<DataType> ResolveSplitIndex(std::vector<DataType>* args) {
  SLUICE_RETURN_IF_ERROR(CheckParams(args, {Param::kString, Param::kString, Param::kInteger}, 3));
  return DataType::String().WithNullable(true);  // NULL when the index is out of range
}

// SPLIT_INDEX(s, separator, index): the index-th (0-based) token, NULL when out of range.
Status SplitIndexKernel(const KernelArgs& args, Column* out) {
  const std::string_view* s = Strings(args, 0);
  const std::string_view* sep = Strings(args, 1);
  const int64_t* index = Integers(args, 2);
  out->ShareArenasOf(*args.columns[0]);
  std::string_view* r = out->mutable_strings();
  ForValidRows(out, args.rows, [&](size_t i) {
    std::string_view str = s[i];
    std::string_view separator = sep[i].empty() ? std::string_view(" ") : sep[i];
    if (index[i] < 0 || str.empty()) return out->SetNull(i);
    size_t begin = 0;
    for (int64_t k = 0;; ++k) {
      size_t end = str.find(separator, begin);
      if (k == index[i]) {
        r[i] =
            str.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin);
        return;
      }
      if (end == std::string_view::npos) return out->SetNull(i);
      begin = end + separator.size();
    }
  });
  return absl::OkStatus();
}

StatusOr<DataType> ResolveRepeat(std::vector<DataType>* args) {
  SLUICE_RETURN_IF_ERROR(CheckParams(args, {Param::kString, Param::kInteger}, 2));
  return NullableIfAny(DataType::String(), *args);
}

Status RepeatKernel(const KernelArgs& args, Column* out) {
  constexpr size_t kMaxBytes = size_t{1} << 30;
  const std::string_view* s = Strings(args, 0);
  const int64_t* n = Integers(args, 1);
  std::string buffer;
  std::string_view* r = out->mutable_strings();
  Status status;
  ForValidRows(out, args.rows, [&](size_t i) {
    if (n[i] <= 0 || s[i].empty()) return void(r[i] = std::string_view());
    if (static_cast<uint64_t>(n[i]) > kMaxBytes / s[i].size()) {
      status = absl::InvalidArgumentError("REPEAT result exceeds 1 GiB");
      return;
    }
    buffer.clear();
    for (int64_t k = 0; k < n[i]; ++k) buffer.append(s[i]);
    r[i] = out->CopyString(buffer);
  });
  return status;
}

StatusOr<DataType> ResolvePad(std::vector<DataType>* args) {
  SLUICE_RETURN_IF_ERROR(CheckParams(args, {Param::kString, Param::kInteger, Param::kString}, 3));
  return DataType::String().WithNullable(true);  // NULL for a negative length or empty pad
}

// LPAD/RPAD(s, length, pad): `s` cut or padded to `length` code points (Flink's SqlFunctionUtils).
template <bool kLeft>
Status PadKernel(const KernelArgs& args, Column* out) {
  const std::string_view* s = Strings(args, 0);
  const int64_t* len = Integers(args, 1);
  const std::string_view* pad = Strings(args, 2);
  std::string buffer;
  std::string_view* r = out->mutable_strings();
  ForValidRows(out, args.rows, [&](size_t i) {
    if (len[i] < 0 || pad[i].empty()) return out->SetNull(i);
    std::string_view base = s[i];
    int64_t base_chars = static_cast<int64_t>(CodePointCount(base));
    int64_t keep = std::min(base_chars, len[i]);
    int64_t fill = len[i] - keep;
    buffer.clear();
    std::string_view kept = base.substr(0, CodePointOffset(base, keep));
    if (!kLeft) buffer.append(kept);
    for (size_t pos = 0; fill > 0; --fill) {
      size_t next = NextCodePoint(pad[i], pos);
      buffer.append(pad[i].substr(pos, next - pos));
      pos = next == pad[i].size() ? 0 : next;
    }
    if (kLeft) buffer.append(kept);
    r[i] = out->CopyString(buffer);
  });
  return absl::OkStatus();
}

// --- base64 ------------------------------------------------------------------------------------

StatusOr<DataType> ResolveToBase64(std::vector<DataType>* args) {
  SLUICE_RETURN_IF_ERROR(CheckParams(args, {Param::kString}, 1));
  return NullableIfAny(DataType::String(), *args);
}

StatusOr<DataType> ResolveFromBase64(std::vector<DataType>* args) {
  SLUICE_RETURN_IF_ERROR(CheckParams(args, {Param::kString}, 1));
  return DataType::String().WithNullable(true);  // NULL for invalid input
}

Status ToBase64Kernel(const KernelArgs& args, Column* out) {
  const std::string_view* s = Strings(args, 0);
  std::string buffer;
  std::string_view* r = out->mutable_strings();
  ForValidRows(out, args.rows, [&](size_t i) {
    buffer.clear();
    absl::Base64Escape(ToAbsl(s[i]), &buffer);
    r[i] = out->CopyString(buffer);
  });
  return absl::OkStatus();
}

Status FromBase64Kernel(const KernelArgs& args, Column* out) {
  const std::string_view* s = Strings(args, 0);
  std::string buffer;
  std::string_view* r = out->mutable_strings();
  ForValidRows(out, args.rows, [&](size_t i) {
    if (!absl::Base64Unescape(ToAbsl(s[i]), &buffer)) return out->SetNull(i);
    r[i] = out->CopyString(buffer);
  });
  return absl::OkStatus();
}

}  // namespace

void RegisterStringFunctions(std::vector<ScalarFunction>* out) {
  constexpr NullHandling kCustom = NullHandling::kCustom;
  out->push_back({.name = "CONCAT", .resolve = ResolveConcat, .kernel = ConcatKernel});
  out->push_back({.name = "||", .resolve = ResolveConcat, .kernel = ConcatKernel});
  out->push_back({.name = "CONCAT_WS",
                  .resolve = ResolveConcatWs,
                  .kernel = ConcatWsKernel,
                  .null_handling = kCustom});
  out->push_back({.name = "SUBSTRING", .resolve = ResolveSubstring, .kernel = SubstringKernel});
  out->push_back({.name = "LEFT", .resolve = ResolveLeftRight, .kernel = LeftRightKernel<true>});
  out->push_back({.name = "RIGHT", .resolve = ResolveLeftRight, .kernel = LeftRightKernel<false>});
  out->push_back({.name = "UPPER", .resolve = ResolveSameString, .kernel = UpperKernel});
  out->push_back({.name = "LOWER", .resolve = ResolveSameString, .kernel = LowerKernel});
  out->push_back({.name = "INITCAP", .resolve = ResolveSameString, .kernel = InitCapKernel});
  out->push_back({.name = "REVERSE", .resolve = ResolveReverse, .kernel = ReverseKernel});
  out->push_back(
      {.name = "TRIM", .resolve = nullptr, .kernel = TrimKernel, .resolve_exprs = ResolveTrim});
  out->push_back({.name = "LTRIM", .resolve = ResolveSideTrim, .kernel = SideTrimKernel<kLeading>});
  out->push_back(
      {.name = "RTRIM", .resolve = ResolveSideTrim, .kernel = SideTrimKernel<kTrailing>});
  out->push_back({.name = "CHAR_LENGTH", .resolve = ResolveCharLength, .kernel = CharLengthKernel});
  out->push_back({.name = "POSITION", .resolve = ResolvePosition, .kernel = PositionKernel<true>});
  out->push_back({.name = "INSTR", .resolve = ResolvePosition, .kernel = PositionKernel<false>});
  out->push_back({.name = "LOCATE", .resolve = ResolveLocate, .kernel = LocateKernel});
  out->push_back({.name = "REPLACE", .resolve = ResolveReplace, .kernel = ReplaceKernel});
  out->push_back({.name = "SPLIT_INDEX", .resolve = ResolveSplitIndex, .kernel = SplitIndexKernel});
  out->push_back({.name = "REPEAT", .resolve = ResolveRepeat, .kernel = RepeatKernel});
  out->push_back({.name = "LPAD", .resolve = ResolvePad, .kernel = PadKernel<true>});
  out->push_back({.name = "RPAD", .resolve = ResolvePad, .kernel = PadKernel<false>});
  out->push_back({.name = "TO_BASE64", .resolve = ResolveToBase64, .kernel = ToBase64Kernel});
  out->push_back({.name = "FROM_BASE64", .resolve = ResolveFromBase64, .kernel = FromBase64Kernel});
}

}  // namespace sluice::expr
