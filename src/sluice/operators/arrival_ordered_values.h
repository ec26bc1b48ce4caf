// ArrivalOrderedValues: the values of one group in arrival order, where a retraction removes the
// oldest remaining occurrence of its value. It is the state of FIRST_VALUE, LAST_VALUE and
// LISTAGG over a changelog, as Flink's FirstValueWithRetractAggFunction,
// LastValueWithRetractAggFunction (value -> orders, order -> values) and
// ListAggWithRetractAggFunction (List.remove of the first equal element) keep it. Flink orders by
// the wall-clock millisecond of arrival; a per-operator sequence number gives the same order
// without ties, deterministically.
#pragma once

#include <cstdint>
#include <deque>
#include <map>

#include "sluice/types/value.h"

namespace sluice::operators {

class ArrivalOrderedValues {
 public:
  /// Adds `value` (not NULL) arriving as number `order` (increasing across calls).
  void Add(types::Value value, uint64_t order) {
    orders_of_[value].push_back(order);
    by_order_.emplace(order, std::move(value));
  }

  /// Removes the oldest occurrence of `value`; a value not held is ignored.
  void Remove(const types::Value& value) {
    auto it = orders_of_.find(value);
    if (it == orders_of_.end()) return;
    by_order_.erase(it->second.front());
    it->second.pop_front();
    if (it->second.empty()) orders_of_.erase(it);
  }

  bool empty() const { return by_order_.empty(); }
  const types::Value& first() const { return by_order_.begin()->second; }
  const types::Value& last() const { return by_order_.rbegin()->second; }
  /// The values, oldest first.
  const std::map<uint64_t, types::Value>& by_order() const { return by_order_; }

 private:
  std::map<uint64_t, types::Value> by_order_;
  std::map<types::Value, std::deque<uint64_t>> orders_of_;
};

}  // namespace sluice::operators
