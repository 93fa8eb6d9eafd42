// Look-ups in the generated Unicode tables (binary search over runs and sorted mappings) and UTF-8 coding.
#include "unicode.h"

#include <algorithm>
#include <iterator>

#include "unicode_tables.h"

namespace rung::encoder {
namespace ud = unicode_data;

namespace {

template <size_t N>
uint8_t run_value(const ud::Run (&runs)[N], uint32_t cp) {
  const ud::Run* it = std::upper_bound(std::begin(runs), std::end(runs), cp, [](uint32_t c, const ud::Run& r) { return c < r.start; });
  return it == std::begin(runs) ? 0 : (it - 1)->value;
}

template <size_t N>
const ud::Mapping* mapping(const ud::Mapping (&table)[N], uint32_t cp) {
  const ud::Mapping* it = std::lower_bound(std::begin(table), std::end(table), cp, [](const ud::Mapping& m, uint32_t c) { return m.cp < c; });
  return it != std::end(table) && it->cp == cp ? it : nullptr;
}

uint8_t category(uint32_t cp) { return run_value(ud::kCategoryRuns, cp); }

// Hangul syllables decompose algorithmically (Unicode §3.12).
constexpr uint32_t kSBase = 0xAC00, kLBase = 0x1100, kVBase = 0x1161, kTBase = 0x11A7, kVCount = 21, kTCount = 28, kSCount = 11172;

}  // namespace

const char* unicode_version() { return ud::kUnicodeVersion; }
bool is_other(uint32_t cp) { return category(cp) & ud::kOther; }
bool is_punctuation(uint32_t cp) { return category(cp) & ud::kPunct; }
bool is_mark_nonspacing(uint32_t cp) { return category(cp) & ud::kMn; }
uint8_t combining_class(uint32_t cp) { return cp < 0x300 ? 0 : run_value(ud::kCombiningClassRuns, cp); }

bool is_white_space(uint32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
         cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

void nfd(std::vector<uint32_t>& out, const std::vector<uint32_t>& text) {
  const size_t start = out.size();
  for (uint32_t cp : text) {
    if (cp >= kSBase && cp < kSBase + kSCount) {
      const uint32_t s = cp - kSBase;
      out.push_back(kLBase + s / (kVCount * kTCount));
      out.push_back(kVBase + s % (kVCount * kTCount) / kTCount);
      if (s % kTCount) out.push_back(kTBase + s % kTCount);
    } else if (const ud::Mapping* m = cp < 0xC0 ? nullptr : mapping(ud::kDecomposition, cp)) {
      out.insert(out.end(), ud::kDecompositionPool + m->offset, ud::kDecompositionPool + m->offset + m->length);
    } else {
      out.push_back(cp);
    }
  }
  // canonical ordering: each run of non-starters sorted (stably) by combining class
  for (size_t i = start; i < out.size();) {
    if (!combining_class(out[i])) {
      i++;
      continue;
    }
    size_t j = i;
    while (j < out.size() && combining_class(out[j])) j++;
    std::stable_sort(out.begin() + i, out.begin() + j, [](uint32_t a, uint32_t b) { return combining_class(a) < combining_class(b); });
    i = j;
  }
}

void to_lower(std::vector<uint32_t>& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
  } else if (const ud::Mapping* m = mapping(ud::kLowercase, cp)) {
    out.insert(out.end(), ud::kLowercasePool + m->offset, ud::kLowercasePool + m->offset + m->length);
  } else {
    out.push_back(cp);
  }
}

std::vector<uint32_t> utf8_decode(const char* s, size_t n) {
  std::vector<uint32_t> out;
  out.reserve(n);
  for (size_t i = 0; i < n;) {
    const unsigned char c = (unsigned char)s[i];
    const int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    uint32_t cp = len == 1 ? c : c & (0x7F >> len);
    bool ok = len > 0 && i + len <= n;
    for (int k = 1; ok && k < len; k++) {
      const unsigned char d = (unsigned char)s[i + k];
      ok = (d & 0xC0) == 0x80;
      cp = cp << 6 | (d & 0x3F);
    }
    static const uint32_t kMin[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (!ok || cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      out.push_back(0xFFFD);
      i++;
      continue;
    }
    out.push_back(cp);
    i += len;
  }
  return out;
}

void utf8_append(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += (char)cp;
  } else if (cp < 0x800) {
    out += (char)(0xC0 | cp >> 6), out += (char)(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += (char)(0xE0 | cp >> 12), out += (char)(0x80 | (cp >> 6 & 0x3F)), out += (char)(0x80 | (cp & 0x3F));
  } else {
    out += (char)(0xF0 | cp >> 18), out += (char)(0x80 | (cp >> 12 & 0x3F)), out += (char)(0x80 | (cp >> 6 & 0x3F)), out += (char)(0x80 | (cp & 0x3F));
  }
}

}  // namespace rung::encoder
