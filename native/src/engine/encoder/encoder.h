// A pretrained BERT-family text encoder loaded from a Hugging Face-layout folder on local disk, and the encoding of
// texts into pooled vectors.
//
// The folder: config.json (model_type bert), model.safetensors (F32, F16 or BF16; computed in FP32),
// tokenizer.json or vocab.txt (+ tokenizer_config.json), optionally the sentence-transformers files: modules.json
// (a Normalize module → unit-length vectors; the Pooling module's folder), 1_Pooling/config.json (mean or CLS
// pooling; mean when absent) and sentence_bert_config.json (max_seq_length).
//
// Long texts (the policy): a window holds at most `window` tokens with [CLS] and [SEP] — max_seq_length when the
// folder states one, else max_position_embeddings (never more) —, so W = window − 2 word pieces. A text of n ≤ W
// pieces is one window. A longer one is cut into windows of exactly W pieces starting every W/2 pieces (stride W/2,
// half overlapping), the last one ending at the text's end; its vector is the mean of the windows' pooled vectors
// (then normalized when the model normalizes).
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "bert.h"
#include "tokenizer.h"

namespace rung::encoder {

enum class Pooling { mean, cls };

struct EncoderInfo {
  std::string name;          // the folder's name
  std::string architecture;  // "BertModel"
  std::string checksum;      // SHA-256 of model.safetensors, lower-case hex
  std::string tokenizer_file;  // "tokenizer.json" or "vocab.txt"
  BertConfig config;
  int64_t vocab_size = 0;  // tokenizer entries
  int64_t window = 0;      // most tokens per window, [CLS] and [SEP] included
  int64_t model_bytes = 0;
  Pooling pooling = Pooling::mean;
  bool normalize = false;
};

// A window: content word pieces [start, start + length) of one text.
struct Window {
  int64_t text, start, length;
};
// The windows of a text of n word pieces, with w = most word pieces per window (the policy above).
void windows_of(std::vector<Window>& out, int64_t text, int64_t n, int64_t w);

class Encoder {
 public:
  // Throws std::invalid_argument naming the file and field for a bad folder.
  static std::shared_ptr<const Encoder> load(const std::string& dir);

  const EncoderInfo& info() const { return info_; }
  // [CLS] word pieces [SEP] of one UTF-8 text, whole (no window).
  std::vector<int32_t> tokenize(const char* utf8, size_t n) const;
  // out[N × H] = the pooled vector of each text. batch_size windows per forward pass (sorted by length so that
  // a batch holds windows of similar lengths); progress(done, total) in windows after each batch; throws
  // Cancelled when *cancel becomes true (checked between batches).
  void encode(float* out, const std::vector<std::string>& texts, int64_t batch_size, int threads, const std::atomic<bool>* cancel,
              const std::function<void(int64_t, int64_t)>& progress) const;

 private:
  EncoderInfo info_;
  Tokenizer tokenizer_;
  BertWeights weights_;
};

}  // namespace rung::encoder
