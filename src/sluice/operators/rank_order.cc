#include "sluice/operators/rank_order.h"

namespace sluice::operators {

bool SortKeyLess::operator()(const Row& a, const Row& b) const {
  for (size_t i = 0; i < keys->size(); ++i) {
    const planner::SortKey& key = (*keys)[i];
    const types::Value& x = a[i];
    const types::Value& y = b[i];
    if (x.is_null() || y.is_null()) {
      if (x.is_null() && y.is_null()) continue;
      // A NULL sorts first iff nulls_first, whatever the direction.
      return x.is_null() == key.nulls_first;
    }
    if (x == y) continue;
    return key.descending ? y < x : x < y;
  }
  return false;
}

RankOrder::RankOrder(const std::vector<planner::SortKey>& keys) {
  for (size_t i = 0; i < keys.size(); ++i) {
    columns_.push_back(keys[i].column);
    planner::SortKey key = keys[i];
    key.column = static_cast<int>(i);
    keys_.push_back(key);
  }
}

Row RankOrder::Read(const types::Batch& batch, size_t row) const {
  Row key(columns_.size());
  for (size_t k = 0; k < columns_.size(); ++k) {
    key[k] = types::GetValue(*batch.columns[columns_[k]], row);
  }
  return key;
}

Row RankOrder::Of(const Row& row) const {
  Row key(columns_.size());
  for (size_t k = 0; k < columns_.size(); ++k) key[k] = row[columns_[k]];
  return key;
}

}  // namespace sluice::operators
