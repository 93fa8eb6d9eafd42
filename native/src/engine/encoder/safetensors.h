// Reading a safetensors file (u64 LE header size, JSON header {name: {dtype, shape, data_offsets}}, data) into FP32
// tensors: every offset and size checked against the file before any tensor is read; F32, F16 and BF16 accepted.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace rung::encoder {

class SafetensorsFile {
 public:
  // Reads the whole file and checks its header; throws std::invalid_argument "FILE: field: what is wrong".
  static SafetensorsFile read(const std::string& path);

  bool has(const std::string& name) const { return tensors_.count(name) != 0; }
  // The tensor as FP32, its shape checked against `shape`; `why` says where the expected shape comes from.
  std::vector<float> floats(const std::string& name, const std::vector<int64_t>& shape, const std::string& why) const;
  // SHA-256 of the file's bytes, lower-case hex.
  const std::string& sha256_hex() const { return sha256_; }
  int64_t size() const { return (int64_t)bytes_.size(); }

 private:
  struct Entry {
    std::string dtype;
    std::vector<int64_t> shape;
    uint64_t begin, end;  // byte offsets into the data section
  };
  std::string path_, sha256_;
  std::vector<uint8_t> bytes_;
  uint64_t data_start_ = 0;
  std::map<std::string, Entry> tensors_;
};

}  // namespace rung::encoder
