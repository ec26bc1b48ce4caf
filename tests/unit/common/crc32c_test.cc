#include "sluice/common/crc32c.h"

#include <string>

#include "gtest/gtest.h"

namespace sluice {
namespace {

TEST(Crc32cTest, KnownVectors) {
  // RFC 3720 (iSCSI) B.4 and the common "123456789" check value.
  EXPECT_EQ(Crc32c("123456789"), 0xe3069283u);
  EXPECT_EQ(Crc32c(std::string(32, '\0')), 0x8a9136aau);
  EXPECT_EQ(Crc32c(std::string(32, '\xff')), 0x62a8ab43u);
  std::string ascending;
  for (int i = 0; i < 32; ++i) ascending.push_back(static_cast<char>(i));
  EXPECT_EQ(Crc32c(ascending), 0x46dd794eu);
  EXPECT_EQ(Crc32c(""), 0u);
}

TEST(Crc32cTest, ExtendEqualsWholeAndPortableAgrees) {
  std::string data;
  for (int i = 0; i < 1000; ++i) data.push_back(static_cast<char>(i * 7 + 3));
  uint32_t whole = Crc32c(data);
  for (size_t split : {0, 1, 5, 8, 13, 999, 1000}) {
    uint32_t part = Crc32cExtend(0, data.data(), split);
    EXPECT_EQ(Crc32cExtend(part, data.data() + split, data.size() - split), whole) << split;
  }
  for (size_t offset = 0; offset < 9; ++offset) {
    EXPECT_EQ(Crc32cExtendPortable(0, data.data() + offset, data.size() - offset),
              Crc32c(data.data() + offset, data.size() - offset));
  }
}

}  // namespace
}  // namespace sluice
