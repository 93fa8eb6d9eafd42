// The text featurizer: (prompt, response) → one sparse row. Deterministic and documented in full here.
//
// 1. Normalisation: UTF-8 is decoded (invalid bytes become U+FFFD); letters are case-folded for ASCII,
//    Latin-1, Latin Extended-A, Greek and Cyrillic; full-width ASCII forms (U+FF01–FF5E) become ASCII.
// 2. Tokens: maximal runs of word characters (ASCII letters, digits, '_', and other non-symbol code points
//    such as accented letters or Hangul); each symbol (ASCII punctuation, U+00A1–00BF, ×, ÷,
//    U+2010–2BFF, CJK punctuation, emoji) is a token of its own; each CJK ideograph or kana is a token of
//    its own; every newline is a token "\n"; other white space separates.
// 3. Hashed features of the response (signed feature hashing): token hash h = FNV-1a 64 of the token's
//    bytes (seeded); unigram key = mix(h, 1), bigram key = mix(h_prev·31 + h, 2); bucket = key mod 2^bits,
//    sign = top bit of key. Signed counts c become sign(c)·log(1 + |c|), then the hashed part is L2-normalised.
// 4. Interaction features, appended at columns 2^bits + 0..7:
//    0 log(1 + response tokens)/8        1 log(1 + response code points)/10
//    2 log((1 + response tokens)/(1 + prompt tokens))/4
//    3 share of distinct response tokens that occur in the prompt (overlap)
//    4 share of distinct prompt tokens that occur in the response (coverage)
//    5 log(1 + response newlines)/4      6 share of response tokens containing a digit
//    7 distinct/total response tokens
// 5. Arithmetic checks (with featurizer.arithmetic), at columns 2^bits + 8..10: statements `x op y … = z` in the
//    response (numbers with an optional sign and decimals; op one of + - − × * ÷ / · and LaTeX \times \div
//    \cdot; × and ÷ bind first; `$` and spaces ignored; anything else ends a statement) are recomputed and
//    fail when |value − z| exceeds half a unit of z's last shown decimal (+1e-9·|z|). Division by zero is not
//    checked. 8: 1 if any statement fails   9: log(1 + failing statements)   10: log(1 + checked statements)/4
// Input dimension D = 2^bits + 8 (+ 3 with arithmetic). Rows are sorted by column.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "model.h"

namespace rung {

constexpr int64_t kInteractionFeatures = 8;
constexpr int64_t kArithmeticFeatures = 3;
inline int64_t extra_features(const FeaturizerConfig& c) { return kInteractionFeatures + (c.arithmetic ? kArithmeticFeatures : 0); }
inline int64_t text_input_dim(const FeaturizerConfig& c) { return (int64_t(1) << c.bucket_bits) + extra_features(c); }

struct SparseRows {
  std::vector<uint32_t> row_ptr;  // N+1
  std::vector<uint32_t> col;      // nnz
  std::vector<float> val;         // nnz
};

// One row per response; response i answers prompts[prompt_of[i]]. Threaded over items.
// Throws std::invalid_argument if a prompt index is out of range or the output exceeds 2^32 − 1 entries.
SparseRows featurize(const std::vector<std::string>& prompts, const std::vector<std::string>& responses, const std::vector<uint32_t>& prompt_of,
                     const FeaturizerConfig& cfg, int threads);

// Step 5 on one text: how many arithmetic statements were checked and how many of them fail.
struct ArithmeticCheck {
  int64_t checked = 0, failed = 0;
};
ArithmeticCheck check_arithmetic(const std::string& text);

// The normalised tokens of a text (step 1 and 2 above), for tests and inspection.
std::vector<std::string> tokenize(const std::string& text);

}  // namespace rung
