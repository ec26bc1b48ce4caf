// CRC-32C (Castagnoli), the checksum of Kafka record batches v2 and of Sluice's own files.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sluice {

/// Extends `crc` (the value returned for the bytes before) over `size` more bytes. Start with 0.
/// Uses the SSE4.2 crc32 instruction when the CPU has it, a slicing table otherwise.
uint32_t Crc32cExtend(uint32_t crc, const void* data, size_t size);

inline uint32_t Crc32c(const void* data, size_t size) { return Crc32cExtend(0, data, size); }
inline uint32_t Crc32c(std::string_view bytes) { return Crc32c(bytes.data(), bytes.size()); }

/// The table implementation, always available: tests compare it with the hardware one.
uint32_t Crc32cExtendPortable(uint32_t crc, const void* data, size_t size);

}  // namespace sluice
