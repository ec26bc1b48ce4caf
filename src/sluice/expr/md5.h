// MD5 (RFC 1321), for the MD5 SQL function.
#pragma once

#include <string_view>

namespace sluice::expr {

/// Writes the 32 lower-case hex digits of the MD5 digest of `data` to `hex`.
void Md5Hex(std::string_view data, char hex[32]);

}  // namespace sluice::expr
