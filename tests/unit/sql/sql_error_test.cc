#include "sluice/sql/sql_error.h"

#include <gtest/gtest.h>

namespace sluice::sql {
namespace {

TEST(FormatSqlError, CaretUnderColumn) {
  EXPECT_EQ(FormatSqlError("SELECT a FORM t", {1, 10}, "unexpected 'FORM'"),
            "line 1:10: unexpected 'FORM'\nSELECT a FORM t\n         ^");
}

}  // namespace
}  // namespace sluice::sql
