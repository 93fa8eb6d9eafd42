// Content ids: SHA-256 and the UUID (version 8) built from a digest, as electron/core/ids.ts defines them,
// so an import can hash many records per call instead of one call per id. Portable code plus SHA-NI.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace rung {

constexpr size_t kSha256Bytes = 32;
constexpr size_t kUuidChars = 36;

// digest = SHA-256(data[0..n)). Uses the CPU's SHA extensions when it has them (same result).
void sha256(uint8_t* digest, const uint8_t* data, size_t n);
// The portable reference, exposed for the tests.
void sha256_portable(uint8_t* digest, const uint8_t* data, size_t n);

// uuid = the first 128 bits of digest as a UUID with version 8 and the RFC 4122 variant, lower-case hex
// (ids.ts uuidFromHash): xxxxxxxx-xxxx-8xxx-Vxxx-xxxxxxxxxxxx, V = "89ab"[high nibble of byte 8 & 3].
void uuid_from_digest(char* uuid, const uint8_t* digest);

// utf8 = text[0..n) (UTF-16) as UTF-8; a lone surrogate becomes U+FFFD, as Node encodes strings for hashing.
void utf16_to_utf8(std::string& utf8, const char16_t* text, size_t n);

// Whether sha256() runs on the SHA extensions.
bool sha256_uses_sha_ni();

}  // namespace rung
