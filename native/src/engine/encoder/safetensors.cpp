// The safetensors reader: header checks (size, JSON, dtype, shape × element size = byte span, span inside the file)
// and conversion of F16 / BF16 to FP32.
#include "safetensors.h"

#include <cstring>
#include <fstream>
#include <stdexcept>

#include "engine/content_id.h"
#include "json.h"

namespace rung::encoder {

namespace {

// Header sizes above this are refused before reading them (real headers are a few hundred KB at most).
constexpr uint64_t kMaxHeaderBytes = 100u << 20;

int element_bytes(const std::string& dtype) {
  if (dtype == "F64" || dtype == "I64" || dtype == "U64") return 8;
  if (dtype == "F32" || dtype == "I32" || dtype == "U32") return 4;
  if (dtype == "F16" || dtype == "BF16" || dtype == "I16" || dtype == "U16") return 2;
  if (dtype == "I8" || dtype == "U8" || dtype == "BOOL" || dtype == "F8_E4M3" || dtype == "F8_E5M2") return 1;
  return 0;
}

float half_to_float(uint16_t h) {
  const uint32_t sign = (uint32_t)(h & 0x8000) << 16, exp = h >> 10 & 0x1F, mant = h & 0x3FF;
  uint32_t bits;
  if (exp == 0x1F) {
    bits = sign | 0x7F800000 | mant << 13;
  } else if (exp) {
    bits = sign | (exp + 112) << 23 | mant << 13;
  } else if (!mant) {
    bits = sign;
  } else {  // subnormal: normalise
    int e = -1;
    uint32_t m = mant;
    do m <<= 1, e++;
    while (!(m & 0x400));
    bits = sign | (uint32_t)(112 - e) << 23 | (m & 0x3FF) << 13;
  }
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

std::string shape_text(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); i++) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

}  // namespace

SafetensorsFile SafetensorsFile::read(const std::string& path) {
  SafetensorsFile f;
  f.path_ = path;
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw std::invalid_argument(path + ": cannot read: missing or unreadable");
  const std::streamoff size = in.tellg();
  in.seekg(0);
  f.bytes_.resize((size_t)size);
  if (size > 0 && !in.read((char*)f.bytes_.data(), size)) throw std::invalid_argument(path + ": cannot read: read error");
  if (f.bytes_.size() < 8) throw std::invalid_argument(path + ": header size: file of " + std::to_string(size) + " bytes is truncated (under 8 bytes)");
  uint64_t header = 0;
  for (int i = 7; i >= 0; i--) header = header << 8 | f.bytes_[i];
  if (header > kMaxHeaderBytes) throw std::invalid_argument(path + ": header size: " + std::to_string(header) + " bytes is over the 100 MiB limit");
  if (header > f.bytes_.size() - 8)
    throw std::invalid_argument(path + ": header: truncated (states " + std::to_string(header) + " bytes, the file has " + std::to_string(f.bytes_.size() - 8) +
                                " after the size)");
  f.data_start_ = 8 + header;
  const uint64_t data_bytes = f.bytes_.size() - f.data_start_;
  const Json doc = parse_json(std::string((const char*)f.bytes_.data() + 8, header), path + " (header)");
  const JsonField root = root_field(doc, path);
  for (const auto& kv : root.object().object) {
    if (kv.first == "__metadata__") continue;
    const JsonField t{&kv.second, path, "tensor " + kv.first};
    t.object();
    Entry e;
    e.dtype = t.at("dtype").str();
    const Json& shape = t.at("shape").array();
    double count = 1;
    for (size_t i = 0; i < shape.array.size(); i++) {
      e.shape.push_back(JsonField{&shape.array[i], path, t.field + ".shape[" + std::to_string(i) + "]"}.integer(0, INT64_C(1) << 40));
      count *= (double)e.shape.back();
    }
    const Json& offsets = t.at("data_offsets").array();
    if (offsets.array.size() != 2) t.at("data_offsets").fail("expected [begin, end]");
    e.begin = (uint64_t)JsonField{&offsets.array[0], path, t.field + ".data_offsets[0]"}.integer(0, INT64_C(1) << 50);
    e.end = (uint64_t)JsonField{&offsets.array[1], path, t.field + ".data_offsets[1]"}.integer(0, INT64_C(1) << 50);
    if (e.begin > e.end) t.at("data_offsets").fail("begin " + std::to_string(e.begin) + " is after end " + std::to_string(e.end));
    if (e.end > data_bytes)
      t.at("data_offsets").fail("end " + std::to_string(e.end) + " is past the end of the data (" + std::to_string(data_bytes) + " bytes): truncated file?");
    const int bytes = element_bytes(e.dtype);
    if (bytes && (double)(e.end - e.begin) != count * bytes)
      t.at("data_offsets").fail("spans " + std::to_string(e.end - e.begin) + " bytes, but shape " + shape_text(e.shape) + " of " + e.dtype + " needs " +
                                std::to_string((uint64_t)(count * bytes)));
    f.tensors_.emplace(kv.first, std::move(e));
  }
  uint8_t digest[kSha256Bytes];
  sha256(digest, f.bytes_.data(), f.bytes_.size());
  static const char* hex = "0123456789abcdef";
  for (uint8_t b : digest) f.sha256_ += hex[b >> 4], f.sha256_ += hex[b & 15];
  return f;
}

std::vector<float> SafetensorsFile::floats(const std::string& name, const std::vector<int64_t>& shape, const std::string& why) const {
  const auto it = tensors_.find(name);
  if (it == tensors_.end()) throw std::invalid_argument(path_ + ": tensor " + name + ": missing");
  const Entry& e = it->second;
  if (e.dtype != "F32" && e.dtype != "F16" && e.dtype != "BF16")
    throw std::invalid_argument(path_ + ": tensor " + name + ".dtype: " + e.dtype + " is not supported (F32, F16 or BF16)");
  if (e.shape != shape)
    throw std::invalid_argument(path_ + ": tensor " + name + ".shape: " + shape_text(e.shape) + " contradicts " + why + " (expected " + shape_text(shape) + ")");
  const uint8_t* p = bytes_.data() + data_start_ + e.begin;
  const size_t n = e.dtype == "F32" ? (e.end - e.begin) / 4 : (e.end - e.begin) / 2;
  std::vector<float> out(n);
  if (e.dtype == "F32") {
    std::memcpy(out.data(), p, n * 4);
  } else {
    for (size_t i = 0; i < n; i++) {
      const uint16_t h = (uint16_t)(p[2 * i] | p[2 * i + 1] << 8);
      if (e.dtype == "F16") {
        out[i] = half_to_float(h);
      } else {
        const uint32_t bits = (uint32_t)h << 16;
        std::memcpy(&out[i], &bits, 4);
      }
    }
  }
  return out;
}

}  // namespace rung::encoder
