// The Unicode properties the BERT tokenizer needs (tables generated from Python's unicodedata, see
// native/tools/gen_unicode_tables.py): category classes, canonical decomposition with reordering, lower case,
// and UTF-8 decoding/encoding.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace rung::encoder {

const char* unicode_version();
bool is_other(uint32_t cp);        // general category Cc, Cf or Co
bool is_punctuation(uint32_t cp);  // general category P*
bool is_mark_nonspacing(uint32_t cp);  // general category Mn
bool is_white_space(uint32_t cp);  // the White_Space property (Rust's char::is_whitespace)
uint8_t combining_class(uint32_t cp);

// Appends the canonical decomposition of text (NFD: full decomposition, Hangul included, then canonical ordering).
void nfd(std::vector<uint32_t>& out, const std::vector<uint32_t>& text);
// Appends the full lower-case mapping of cp (one to three code points).
void to_lower(std::vector<uint32_t>& out, uint32_t cp);

// Decodes UTF-8; an invalid or truncated sequence decodes as U+FFFD (one per bad byte).
std::vector<uint32_t> utf8_decode(const char* s, size_t n);
void utf8_append(std::string& out, uint32_t cp);

}  // namespace rung::encoder
