#include "sluice/planner/binder.h"

#include "planner_fixture.h"

namespace sluice::planner {
namespace {

using BinderTest = PlannerTest;

std::string ErrorOf(const StatusOr<PlanPtr>& result) {
  return result.ok() ? "" : std::string(result.status().message());
}

TEST_F(BinderTest, UnknownColumnNamesTableAndPosition) {
  std::string error = ErrorOf(Bind("SELECT did FROM events"));
  EXPECT_EQ(error.substr(0, error.find('\n')),
            "line 1:8: unknown column 'did' in table 'events' (available: device_id, page, "
            "extra, n, ts, up)");
}

TEST_F(BinderTest, UngroupedColumnIsAnError) {
  EXPECT_NE(ErrorOf(Bind("SELECT page, n FROM events GROUP BY page")).find("is not being grouped"),
            std::string::npos);
}

TEST_F(BinderTest, TumbleNeedsATimeAttribute) {
  EXPECT_NE(ErrorOf(Bind("SELECT * FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(n), INTERVAL '1' "
                         "MINUTE))"))
                .find("time attribute"),
            std::string::npos);
}

TEST_F(BinderTest, WindowGroupByBecomesAWindowAggregate) {
  auto plan = Bind(
      "SELECT window_start, page, COUNT(DISTINCT device_id) FROM TABLE(TUMBLE(TABLE events, "
      "DESCRIPTOR(ts), INTERVAL '1' MINUTE)) WHERE n > 0 GROUP BY window_start, window_end, page");
  ASSERT_TRUE(plan.ok()) << plan.status();
  std::string text = PlanToString(*plan, false);
  EXPECT_NE(text.find("WindowAggregate(window=[TUMBLE(size=[1 min])]"), std::string::npos) << text;
  EXPECT_NE(text.find("COUNT(DISTINCT"), std::string::npos) << text;
  // The WHERE on input columns runs before the window.
  EXPECT_NE(text.find("where=[>(n, 0)]"), std::string::npos) << text;
}

TEST_F(BinderTest, InsertCastsAndChecksArity) {
  auto plan = Bind("INSERT INTO out1 SELECT page, n FROM events");
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ((*plan)->schema->field(1).type.id, types::TypeId::kBigInt);
  EXPECT_NE(ErrorOf(Bind("INSERT INTO out1 SELECT page FROM events")).find("column count mismatch"),
            std::string::npos);
}

}  // namespace
}  // namespace sluice::planner
