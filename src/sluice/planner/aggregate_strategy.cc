#include "sluice/planner/aggregate_strategy.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace sluice::planner {

StatusOr<MiniBatchConfig> ReadMiniBatchConfig(const Options& options) {
  MiniBatchConfig config;
  SLUICE_ASSIGN_OR_RETURN(config.enabled, options.GetBool("table.exec.mini-batch.enabled", false));
  SLUICE_ASSIGN_OR_RETURN(config.latency,
                          options.GetDuration("table.exec.mini-batch.allow-latency", 0));
  SLUICE_ASSIGN_OR_RETURN(config.size, options.GetInt("table.exec.mini-batch.size", -1));
  if (!config.enabled) return config;
  if (config.latency <= 0) {
    return absl::InvalidArgumentError(
        "MiniBatch Latency must be greater than 0 ms: set 'table.exec.mini-batch.allow-latency' "
        "(e.g. '5 s') when 'table.exec.mini-batch.enabled' is true");
  }
  if (config.size <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("'table.exec.mini-batch.size' must be > 0 when "
                     "'table.exec.mini-batch.enabled' is true (got ",
                     config.size, ")"));
  }
  return config;
}

StatusOr<AggPhaseStrategy> ReadAggPhaseStrategy(const Options& options) {
  const std::string value = options.GetOr("table.optimizer.agg-phase-strategy", "AUTO");
  const std::string upper = absl::AsciiStrToUpper(value);
  if (upper == "AUTO") return AggPhaseStrategy::kAuto;
  if (upper == "ONE_PHASE") return AggPhaseStrategy::kOnePhase;
  if (upper == "TWO_PHASE") return AggPhaseStrategy::kTwoPhase;
  return absl::InvalidArgumentError(
      absl::StrCat("invalid value for 'table.optimizer.agg-phase-strategy' (expected AUTO, "
                   "ONE_PHASE or TWO_PHASE): '",
                   value, "'"));
}

}  // namespace sluice::planner
