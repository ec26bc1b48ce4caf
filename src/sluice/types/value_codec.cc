#include "sluice/types/value_codec.h"

#include <cstring>

namespace sluice::types {

namespace {

enum Tag : uint8_t { kNull = 0, kBool = 1, kInt = 2, kDouble = 3, kString = 4 };

template <typename T>
void AppendRaw(T value, std::string* out) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out->append(bytes, sizeof(T));
}

template <typename T>
bool ReadRaw(std::string_view* in, T* value) {
  if (in->size() < sizeof(T)) return false;
  std::memcpy(value, in->data(), sizeof(T));
  in->remove_prefix(sizeof(T));
  return true;
}

}  // namespace

void AppendInt64Bytes(int64_t value, std::string* out) { AppendRaw(value, out); }
void AppendDoubleBytes(double value, std::string* out) { AppendRaw(value, out); }
bool ReadInt64Bytes(std::string_view* in, int64_t* value) { return ReadRaw(in, value); }
bool ReadDoubleBytes(std::string_view* in, double* value) { return ReadRaw(in, value); }

void AppendValueBytes(const Value& value, std::string* out) {
  if (value.is_null()) {
    out->push_back(static_cast<char>(kNull));
  } else if (value.is_bool()) {
    out->push_back(static_cast<char>(kBool));
    out->push_back(value.as_bool() ? 1 : 0);
  } else if (value.is_int()) {
    out->push_back(static_cast<char>(kInt));
    AppendRaw(value.as_int(), out);
  } else if (value.is_double()) {
    out->push_back(static_cast<char>(kDouble));
    AppendRaw(value.as_double(), out);
  } else {
    out->push_back(static_cast<char>(kString));
    const std::string& text = value.as_string();
    AppendRaw(static_cast<uint32_t>(text.size()), out);
    out->append(text);
  }
}

bool ReadValueBytes(std::string_view* in, Value* value) {
  uint8_t tag;
  if (!ReadRaw(in, &tag)) return false;
  switch (tag) {
    case kNull:
      *value = Value::Null();
      return true;
    case kBool: {
      uint8_t b;
      if (!ReadRaw(in, &b)) return false;
      *value = Value::Bool(b != 0);
      return true;
    }
    case kInt: {
      int64_t v;
      if (!ReadRaw(in, &v)) return false;
      *value = Value::Int(v);
      return true;
    }
    case kDouble: {
      double v;
      if (!ReadRaw(in, &v)) return false;
      *value = Value::Double(v);
      return true;
    }
    case kString: {
      uint32_t size;
      if (!ReadRaw(in, &size) || in->size() < size) return false;
      *value = Value::String(std::string(in->substr(0, size)));
      in->remove_prefix(size);
      return true;
    }
  }
  return false;
}

}  // namespace sluice::types
