// Text featurizer: UTF-8 decoding, case folding, tokenization, signed hashing of unigrams and bigrams,
// prompt–response interaction features, arithmetic checks. See featurize.h for the exact definition.
#include "featurize.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include "rng.h"

namespace rung {

namespace {

// Next code point from s[i..]; advances i. Invalid or truncated sequences give U+FFFD and advance one byte.
uint32_t decode(const std::string& s, size_t& i) {
  const auto b = [&](size_t k) { return (uint32_t)(uint8_t)s[k]; };
  const uint32_t c0 = b(i);
  if (c0 < 0x80) { i += 1; return c0; }
  int len = c0 >= 0xF0 && c0 < 0xF5 ? 4 : c0 >= 0xE0 ? 3 : c0 >= 0xC2 && c0 < 0xE0 ? 2 : 0;
  if (c0 >= 0xF5) len = 0;
  if (len == 0 || i + (size_t)len > s.size()) { i += 1; return 0xFFFD; }
  uint32_t cp = c0 & (0x7F >> len);
  for (int k = 1; k < len; k++) {
    const uint32_t ck = b(i + (size_t)k);
    if ((ck & 0xC0) != 0x80) { i += 1; return 0xFFFD; }
    cp = (cp << 6) | (ck & 0x3F);
  }
  static const uint32_t min_cp[5] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < min_cp[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) { i += 1; return 0xFFFD; }
  i += (size_t)len;
  return cp;
}

void encode(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += (char)cp;
  } else if (cp < 0x800) {
    out += (char)(0xC0 | (cp >> 6));
    out += (char)(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += (char)(0xE0 | (cp >> 12));
    out += (char)(0x80 | ((cp >> 6) & 0x3F));
    out += (char)(0x80 | (cp & 0x3F));
  } else {
    out += (char)(0xF0 | (cp >> 18));
    out += (char)(0x80 | ((cp >> 12) & 0x3F));
    out += (char)(0x80 | ((cp >> 6) & 0x3F));
    out += (char)(0x80 | (cp & 0x3F));
  }
}

uint32_t fold(uint32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;                                // full-width ASCII
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c < 0x80) return c;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;                     // Latin-1
  if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177)) return c | 1;  // Latin Extended-A, even = upper
  if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return (c & 1) ? c + 1 : c;
  if (c == 0x178) return 0xFF;
  if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 32;                  // Greek
  if (c >= 0x410 && c <= 0x42F) return c + 32;                                // Cyrillic
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  return c;
}

enum Kind { kSpace, kNewline, kWord, kSingle };

Kind kind(uint32_t c) {
  if (c == '\n') return kNewline;
  if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200B) || c == 0x2028 ||
      c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF)
    return kSpace;
  if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ? kWord : (c < 0x20 ? kSpace : kSingle);
  if ((c >= 0xA1 && c <= 0xBF) || c == 0xD7 || c == 0xF7) return kSingle;
  if ((c >= 0x2010 && c <= 0x2BFF) || (c >= 0x3001 && c <= 0x303F) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0x1F000 && c <= 0x1FAFF)) return kSingle;
  if ((c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF)) return kSingle;
  return kWord;
}

// Calls emit(token bytes) for each token of s.
template <typename F> void for_each_token(const std::string& s, F&& emit) {
  std::string tok;
  size_t i = 0;
  while (i < s.size()) {
    const uint32_t c = fold(decode(s, i));
    const Kind k = kind(c);
    if (k == kWord) {
      encode(tok, c);
      continue;
    }
    if (!tok.empty()) {
      emit(tok);
      tok.clear();
    }
    if (k == kNewline) emit(std::string("\n"));
    if (k == kSingle) {
      std::string one;
      encode(one, c);
      emit(one);
    }
  }
  if (!tok.empty()) emit(tok);
}

uint64_t fnv1a(const std::string& t, uint64_t seed) {
  uint64_t h = 0xcbf29ce484222325ULL ^ splitmix64(seed);
  for (unsigned char ch : t) h = (h ^ ch) * 0x100000001b3ULL;
  return h;
}

struct TokenStats {
  std::vector<uint64_t> hashes;    // in order
  std::vector<uint64_t> distinct;  // sorted unique
  int64_t code_points = 0, newlines = 0, with_digit = 0;
};

TokenStats token_stats(const std::string& s, uint64_t seed) {
  TokenStats st;
  for_each_token(s, [&](const std::string& t) {
    st.hashes.push_back(fnv1a(t, seed));
    if (t == "\n") st.newlines++;
    if (std::any_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; })) st.with_digit++;
  });
  for (size_t i = 0; i < s.size();) {
    decode(s, i);
    st.code_points++;
  }
  st.distinct = st.hashes;
  std::sort(st.distinct.begin(), st.distinct.end());
  st.distinct.erase(std::unique(st.distinct.begin(), st.distinct.end()), st.distinct.end());
  return st;
}

size_t shared_count(const std::vector<uint64_t>& x, const std::vector<uint64_t>& y) {
  size_t n = 0;
  for (size_t i = 0, j = 0; i < x.size() && j < y.size();) {
    if (x[i] < y[j]) i++;
    else if (y[j] < x[i]) j++;
    else { n++; i++; j++; }
  }
  return n;
}

// ---- step 5: arithmetic checks -------------------------------------------------------------------------

struct MathToken {
  enum Type { kNum, kAdd, kSub, kMul, kDiv, kEq, kEnd } type;
  double value = 0;  // kNum
  int decimals = 0;  // kNum: digits shown after the point
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word_byte(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_op(MathToken::Type t) { return t == MathToken::kAdd || t == MathToken::kSub || t == MathToken::kMul || t == MathToken::kDiv; }

// The math tokens of a text: numbers (a leading sign where a number is expected; thousands groups "1,000"),
// operators, '=', and kEnd for anything else that ends a statement. A number glued to a word ("x2", "5km",
// "1.2.3", "1,2") is not a number of a statement: it gives kEnd.
std::vector<MathToken> math_tokens(const std::string& s) {
  std::vector<MathToken> out;
  const size_t n = s.size();
  const auto push = [&](MathToken::Type t) { out.push_back({t}); };
  const auto expects_number = [&] { return out.empty() || out.back().type != MathToken::kNum; };
  size_t i = 0;
  while (i < n) {
    const char c = s[i];
    // a sign directly before a digit where a number is expected
    size_t sign_len = c == '-' ? 1 : (s.compare(i, 3, "\xE2\x88\x92") == 0 ? 3 : 0);
    if (is_digit(c) || (sign_len && i + sign_len < n && is_digit(s[i + sign_len]) && expects_number())) {
      const bool negative = !is_digit(c);
      const size_t start = i + (negative ? sign_len : 0);
      const bool glued_before = start == i && i > 0 && (is_word_byte(s[i - 1]) || s[i - 1] == '.');
      std::string digits;
      size_t j = start;
      while (j < n && is_digit(s[j])) digits += s[j++];
      while (j + 3 < n && s[j] == ',' && is_digit(s[j + 1]) && is_digit(s[j + 2]) && is_digit(s[j + 3]) && (j + 4 >= n || !is_digit(s[j + 4]))) {
        digits.append(s, j + 1, 3);
        j += 4;
      }
      int decimals = 0;
      if (j + 1 < n && s[j] == '.' && is_digit(s[j + 1])) {
        digits += '.';
        for (j++; j < n && is_digit(s[j]); j++, decimals++) digits += s[j];
      }
      const bool glued_after = j < n && (is_word_byte(s[j]) || ((s[j] == '.' || s[j] == ',') && j + 1 < n && is_digit(s[j + 1])));
      if (glued_before || glued_after) {
        while (j < n && (is_word_byte(s[j]) || s[j] == '.' || s[j] == ',')) j++;
        push(MathToken::kEnd);
      } else {
        const double v = std::strtod(digits.c_str(), nullptr);
        out.push_back({MathToken::kNum, negative ? -v : v, decimals});
      }
      i = j;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '$') { i++; continue; }
    if (c == '+') { push(MathToken::kAdd); i++; continue; }
    if (c == '-') { push(MathToken::kSub); i++; continue; }
    if (c == '*') { push(MathToken::kMul); i++; continue; }
    if (c == '/') { push(MathToken::kDiv); i++; continue; }
    if (c == '=') { push(MathToken::kEq); i++; continue; }
    if (s.compare(i, 2, "\xC3\x97") == 0 || s.compare(i, 2, "\xC2\xB7") == 0) { push(MathToken::kMul); i += 2; continue; }  // × ·
    if (s.compare(i, 2, "\xC3\xB7") == 0) { push(MathToken::kDiv); i += 2; continue; }                                       // ÷
    if (s.compare(i, 3, "\xE2\x88\x92") == 0) { push(MathToken::kSub); i += 3; continue; }                                 // −
    if (s.compare(i, 2, "\xC2\xA0") == 0) { i += 2; continue; }                                                           // no-break space
    if (c == '\\') {
      size_t j = i + 1;
      while (j < n && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z'))) j++;
      const std::string cmd = s.substr(i + 1, j - i - 1);
      push(cmd == "times" || cmd == "cdot" ? MathToken::kMul : cmd == "div" ? MathToken::kDiv : MathToken::kEnd);
      i = j > i + 1 ? j : i + 1;
      continue;
    }
    push(MathToken::kEnd);
    i++;
  }
  return out;
}

// Value of nums[0] ops[0] nums[1] … with × and ÷ first; false on division by zero or a non-finite result.
bool evaluate(double& out, const std::vector<double>& nums, const std::vector<MathToken::Type>& ops) {
  double sum = 0, term = nums[0];
  double sign = 1;
  for (size_t k = 0; k < ops.size(); k++) {
    const double x = nums[k + 1];
    if (ops[k] == MathToken::kMul) term *= x;
    else if (ops[k] == MathToken::kDiv) {
      if (x == 0) return false;
      term /= x;
    } else {
      sum += sign * term;
      sign = ops[k] == MathToken::kAdd ? 1 : -1;
      term = x;
    }
  }
  out = sum + sign * term;
  return std::isfinite(out);
}

}  // namespace

ArithmeticCheck check_arithmetic(const std::string& text) {
  ArithmeticCheck result;
  const std::vector<MathToken> t = math_tokens(text);
  std::vector<double> nums;
  std::vector<MathToken::Type> ops;
  const auto reset = [&] { nums.clear(); ops.clear(); };
  for (size_t k = 0; k < t.size(); k++) {
    const MathToken::Type type = t[k].type;
    if (type == MathToken::kNum) {
      if (nums.size() != ops.size()) reset();  // two numbers in a row: a new statement starts here
      nums.push_back(t[k].value);
    } else if (is_op(type)) {
      if (nums.size() == ops.size() + 1) ops.push_back(type);
      else reset();
    } else if (type == MathToken::kEq) {
      // lhs: at least one operation; rhs: a lone number (not the start of another expression)
      const bool lhs = !ops.empty() && nums.size() == ops.size() + 1;
      const bool rhs = k + 1 < t.size() && t[k + 1].type == MathToken::kNum &&
                       !(k + 3 < t.size() && is_op(t[k + 2].type) && t[k + 3].type == MathToken::kNum);
      double value = 0;
      if (lhs && rhs && evaluate(value, nums, ops)) {
        const MathToken& z = t[k + 1];
        const double tolerance = 0.5 * std::pow(10.0, -z.decimals) + 1e-9 * std::fabs(z.value);
        result.checked++;
        if (std::fabs(value - z.value) > tolerance) result.failed++;
      }
      reset();  // the rhs number, next, may start the following statement ("a + b = c + d = e")
    } else {
      reset();
    }
  }
  return result;
}

namespace {

void featurize_one(std::vector<uint32_t>& col, std::vector<float>& val, const TokenStats& prompt, const std::string& response, const FeaturizerConfig& cfg) {
  const TokenStats r = token_stats(response, cfg.hash_seed);
  const uint64_t mask = (uint64_t(1) << cfg.bucket_bits) - 1;
  std::vector<std::pair<uint32_t, float>> hits;
  hits.reserve(r.hashes.size() * 2);
  auto add = [&](uint64_t key) { hits.emplace_back((uint32_t)(key & mask), (key >> 63) ? -1.0f : 1.0f); };
  for (size_t i = 0; i < r.hashes.size(); i++) {
    add(splitmix64(r.hashes[i] ^ 1));
    if (cfg.bigrams && i > 0) add(splitmix64((r.hashes[i - 1] * 31 + r.hashes[i]) ^ 2));
  }
  std::sort(hits.begin(), hits.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  double norm2 = 0;
  for (size_t i = 0; i < hits.size();) {
    float c = 0;
    const uint32_t b = hits[i].first;
    for (; i < hits.size() && hits[i].first == b; i++) c += hits[i].second;
    if (c == 0) continue;
    const float v = (c > 0 ? 1.0f : -1.0f) * std::log1p(std::fabs(c));
    col.push_back(b);
    val.push_back(v);
    norm2 += (double)v * v;
  }
  const float inv = norm2 > 0 ? (float)(1.0 / std::sqrt(norm2)) : 0.0f;
  for (float& v : val) v *= inv;
  const double nr = (double)r.hashes.size(), np = (double)prompt.hashes.size();
  const double dr = (double)r.distinct.size(), dp = (double)prompt.distinct.size();
  const size_t shared = shared_count(r.distinct, prompt.distinct);
  const float extra[kInteractionFeatures] = {
      (float)(std::log1p(nr) / 8), (float)(std::log1p((double)r.code_points) / 10), (float)(std::log((1 + nr) / (1 + np)) / 4),
      dr > 0 ? (float)(shared / dr) : 0.0f, dp > 0 ? (float)(shared / dp) : 0.0f, (float)(std::log1p((double)r.newlines) / 4),
      nr > 0 ? (float)(r.with_digit / nr) : 0.0f, nr > 0 ? (float)(dr / nr) : 0.0f};
  for (int64_t e = 0; e < kInteractionFeatures; e++) {
    col.push_back((uint32_t)((int64_t(1) << cfg.bucket_bits) + e));
    val.push_back(extra[e]);
  }
  if (!cfg.arithmetic) return;
  const ArithmeticCheck a = check_arithmetic(response);
  const float arithmetic[kArithmeticFeatures] = {a.failed > 0 ? 1.0f : 0.0f, (float)std::log1p((double)a.failed), (float)(std::log1p((double)a.checked) / 4)};
  for (int64_t e = 0; e < kArithmeticFeatures; e++) {
    col.push_back((uint32_t)((int64_t(1) << cfg.bucket_bits) + kInteractionFeatures + e));
    val.push_back(arithmetic[e]);
  }
}

}  // namespace

std::vector<std::string> tokenize(const std::string& text) {
  std::vector<std::string> out;
  for_each_token(text, [&](const std::string& t) { out.push_back(t); });
  return out;
}

SparseRows featurize(const std::vector<std::string>& prompts, const std::vector<std::string>& responses, const std::vector<uint32_t>& prompt_of,
                     const FeaturizerConfig& cfg, int threads) {
  if (cfg.bucket_bits < 4 || cfg.bucket_bits > 24) throw std::invalid_argument("bucket bits must be from 4 to 24");
  if (prompt_of.size() != responses.size()) throw std::invalid_argument("one prompt index per response is needed");
  for (size_t i = 0; i < prompt_of.size(); i++)
    if (prompt_of[i] >= prompts.size())
      throw std::invalid_argument("prompt index " + std::to_string(prompt_of[i]) + " of response " + std::to_string(i) + " is out of range (" +
                                  std::to_string(prompts.size()) + " prompts)");
  const int64_t P = (int64_t)prompts.size(), N = (int64_t)responses.size();
  std::vector<TokenStats> pstats((size_t)P);
#pragma omp parallel for num_threads(threads) schedule(dynamic, 16)
  for (int64_t p = 0; p < P; p++) pstats[(size_t)p] = token_stats(prompts[(size_t)p], cfg.hash_seed);
  std::vector<std::vector<uint32_t>> cols((size_t)N);
  std::vector<std::vector<float>> vals((size_t)N);
#pragma omp parallel for num_threads(threads) schedule(dynamic, 16)
  for (int64_t i = 0; i < N; i++) featurize_one(cols[(size_t)i], vals[(size_t)i], pstats[prompt_of[(size_t)i]], responses[(size_t)i], cfg);
  SparseRows out;
  out.row_ptr.resize((size_t)N + 1);
  uint64_t nnz = 0;
  for (int64_t i = 0; i < N; i++) {
    out.row_ptr[(size_t)i] = (uint32_t)nnz;
    nnz += cols[(size_t)i].size();
    if (nnz > 0xFFFFFFFFull) throw std::invalid_argument("featurized output exceeds 2^32 - 1 entries; featurize fewer items at a time");
  }
  out.row_ptr[(size_t)N] = (uint32_t)nnz;
  out.col.resize(nnz);
  out.val.resize(nnz);
#pragma omp parallel for num_threads(threads) schedule(static)
  for (int64_t i = 0; i < N; i++) {
    std::copy(cols[(size_t)i].begin(), cols[(size_t)i].end(), out.col.begin() + out.row_ptr[(size_t)i]);
    std::copy(vals[(size_t)i].begin(), vals[(size_t)i].end(), out.val.begin() + out.row_ptr[(size_t)i]);
  }
  return out;
}

}  // namespace rung
