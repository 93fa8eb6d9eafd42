// A small strict JSON reader for the encoder's configuration files (config.json, tokenizer.json, …): RFC 8259 only
// (no comments, no trailing commas, no duplicate keys, valid UTF-8, no lone surrogate escapes), errors name the file
// and the byte offset; the field accessors name the file and the field path.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace rung::encoder {

struct Json {
  enum class Type { null, boolean, number, string, array, object };
  Type type = Type::null;
  bool boolean = false;
  double number = 0;
  std::string string;
  std::vector<Json> array;
  std::vector<std::pair<std::string, Json>> object;  // in file order

  // The member named key, or nullptr (also when this is not an object).
  const Json* find(const std::string& key) const;
};

// Parses text (the whole file) or throws std::invalid_argument("FILE: byte N: what is wrong").
Json parse_json(const std::string& text, const std::string& file);
// Reads and parses a file; a missing or unreadable file throws "FILE: cannot read: reason".
Json read_json_file(const std::string& path);

// Field access with messages "FILE: FIELD: expected …" (std::invalid_argument). `field` is the path shown.
struct JsonField {
  const Json* value;  // nullptr when absent
  std::string file, field;
  bool present() const { return value && value->type != Json::Type::null; }
  JsonField at(const std::string& key) const;  // the member (absent when this is absent or not an object)
  [[noreturn]] void fail(const std::string& what) const;
  const Json& object() const;
  const Json& array() const;
  std::string str() const;
  bool boolean() const;
  double number() const;
  int64_t integer(int64_t lo, int64_t hi) const;  // an integral number in [lo, hi]
};

inline JsonField root_field(const Json& j, const std::string& file) { return {&j, file, ""}; }

}  // namespace rung::encoder
