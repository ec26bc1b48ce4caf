// The one list of formats (DESIGN.md §7). Add a format here, nowhere else.
#include <algorithm>

#include "sluice/formats/csv_format.h"
#include "sluice/formats/format_factory.h"
#include "sluice/formats/json_format.h"
#include "sluice/formats/raw_format.h"

namespace sluice::formats {
namespace {

const std::vector<std::unique_ptr<FormatFactory>>& Registry() {
  static const auto* registry = [] {
    auto* list = new std::vector<std::unique_ptr<FormatFactory>>();
    list->push_back(std::make_unique<CsvFormatFactory>());
    list->push_back(std::make_unique<JsonFormatFactory>());
    list->push_back(std::make_unique<RawFormatFactory>());
    return list;
  }();
  return *registry;
}

}  // namespace

const FormatFactory* FindFormat(std::string_view name) {
  for (const auto& factory : Registry()) {
    if (factory->name() == name) return factory.get();
  }
  return nullptr;
}

std::vector<std::string> FormatNames() {
  std::vector<std::string> names;
  for (const auto& factory : Registry()) names.push_back(factory->name());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace sluice::formats
