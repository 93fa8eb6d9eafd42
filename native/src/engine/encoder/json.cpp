// The strict JSON reader: a recursive-descent parser over the file's bytes, with a depth bound.
#include "json.h"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unordered_set>

#include "unicode.h"

namespace rung::encoder {

const Json* Json::find(const std::string& key) const {
  if (type != Type::object) return nullptr;
  for (const auto& kv : object)
    if (kv.first == key) return &kv.second;
  return nullptr;
}

namespace {

constexpr int kMaxDepth = 64;

struct Parser {
  const std::string& s;
  const std::string& file;
  size_t i = 0;

  [[noreturn]] void fail(const std::string& what) const {
    throw std::invalid_argument(file + ": byte " + std::to_string(i) + ": " + what);
  }
  void space() {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
  }
  bool eat(char c) {
    space();
    if (i < s.size() && s[i] == c) return i++, true;
    return false;
  }
  void expect(char c) {
    if (!eat(c)) fail(std::string("expected '") + c + "'");
  }
  void literal(const char* word) {
    for (const char* p = word; *p; p++, i++)
      if (i >= s.size() || s[i] != *p) fail(std::string("expected ") + word);
  }

  uint32_t hex4() {
    if (i + 4 > s.size()) fail("truncated \\u escape");
    uint32_t v = 0;
    for (int k = 0; k < 4; k++) {
      const char c = s[i++];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= c - '0';
      else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
      else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
      else fail("bad \\u escape");
    }
    return v;
  }
  // One UTF-8 sequence starting at s[i], checked (shortest form, no surrogates, ≤ U+10FFFF), copied to out.
  void utf8_char(std::string& out) {
    const unsigned char c = (unsigned char)s[i];
    const int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (!len || i + len > s.size()) fail("invalid UTF-8");
    uint32_t cp = len == 1 ? c : c & (0x7F >> len);
    for (int k = 1; k < len; k++) {
      const unsigned char d = (unsigned char)s[i + k];
      if ((d & 0xC0) != 0x80) fail("invalid UTF-8");
      cp = cp << 6 | (d & 0x3F);
    }
    static const uint32_t kMin[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) fail("invalid UTF-8");
    out.append(s, i, len);
    i += len;
  }
  std::string string() {
    space();
    if (i >= s.size() || s[i] != '"') fail("expected a string");
    i++;
    std::string out;
    for (;;) {
      if (i >= s.size()) fail("unterminated string");
      const char c = s[i];
      if (c == '"') return i++, out;
      if ((unsigned char)c < 0x20) fail("control character in a string");
      if (c != '\\') {
        utf8_char(out);
        continue;
      }
      if (++i >= s.size()) fail("unterminated string");
      switch (s[i++]) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          uint32_t cp = hex4();
          if (cp >= 0xDC00 && cp <= 0xDFFF) fail("lone low surrogate escape");
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (i + 2 > s.size() || s[i] != '\\' || s[i + 1] != 'u') fail("lone high surrogate escape");
            i += 2;
            const uint32_t lo = hex4();
            if (lo < 0xDC00 || lo > 0xDFFF) fail("lone high surrogate escape");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          }
          utf8_append(out, cp);
          break;
        }
        default: i--, fail("bad escape");
      }
    }
  }
  double number() {
    const size_t start = i;
    if (i < s.size() && s[i] == '-') i++;
    auto digits = [&] {
      const size_t d = i;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') i++;
      if (i == d) fail("bad number");
    };
    if (i < s.size() && s[i] == '0') i++;
    else digits();
    if (i < s.size() && s[i] == '.') i++, digits();
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
      i++;
      if (i < s.size() && (s[i] == '+' || s[i] == '-')) i++;
      digits();
    }
    const double v = std::strtod(s.substr(start, i - start).c_str(), nullptr);
    if (!std::isfinite(v)) fail("number out of range");
    return v;
  }
  Json value(int depth) {
    if (depth > kMaxDepth) fail("nested deeper than 64 levels");
    space();
    if (i >= s.size()) fail("unexpected end of file");
    Json j;
    const char c = s[i];
    if (c == '{') {
      i++;
      j.type = Json::Type::object;
      std::unordered_set<std::string> keys;
      if (eat('}')) return j;
      do {
        std::string key = string();
        if (!keys.insert(key).second) fail("duplicate key \"" + key + "\"");
        expect(':');
        j.object.emplace_back(std::move(key), value(depth + 1));
      } while (eat(','));
      expect('}');
    } else if (c == '[') {
      i++;
      j.type = Json::Type::array;
      if (eat(']')) return j;
      do j.array.push_back(value(depth + 1));
      while (eat(','));
      expect(']');
    } else if (c == '"') {
      j.type = Json::Type::string;
      j.string = string();
    } else if (c == 't') {
      literal("true"), j.type = Json::Type::boolean, j.boolean = true;
    } else if (c == 'f') {
      literal("false"), j.type = Json::Type::boolean;
    } else if (c == 'n') {
      literal("null");
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      j.type = Json::Type::number, j.number = number();
    } else {
      fail("unexpected character");
    }
    return j;
  }
};

}  // namespace

Json parse_json(const std::string& text, const std::string& file) {
  Parser p{text, file};
  Json j = p.value(0);
  p.space();
  if (p.i != text.size()) p.fail("unexpected data after the JSON value");
  return j;
}

Json read_json_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument(path + ": cannot read: missing or unreadable");
  std::ostringstream buf;
  buf << in.rdbuf();
  return parse_json(buf.str(), path);
}

JsonField JsonField::at(const std::string& key) const {
  const std::string path = field.empty() ? key : field + "." + key;
  return {value ? value->find(key) : nullptr, file, path};
}

void JsonField::fail(const std::string& what) const { throw std::invalid_argument(file + ": " + (field.empty() ? "top level" : field) + ": " + what); }

const Json& JsonField::object() const {
  if (!value) fail("missing (expected an object)");
  if (value->type != Json::Type::object) fail("expected an object");
  return *value;
}
const Json& JsonField::array() const {
  if (!value) fail("missing (expected an array)");
  if (value->type != Json::Type::array) fail("expected an array");
  return *value;
}
std::string JsonField::str() const {
  if (!value) fail("missing (expected a string)");
  if (value->type != Json::Type::string) fail("expected a string");
  return value->string;
}
bool JsonField::boolean() const {
  if (!value) fail("missing (expected true or false)");
  if (value->type != Json::Type::boolean) fail("expected true or false");
  return value->boolean;
}
double JsonField::number() const {
  if (!value) fail("missing (expected a number)");
  if (value->type != Json::Type::number) fail("expected a number");
  return value->number;
}
int64_t JsonField::integer(int64_t lo, int64_t hi) const {
  const double v = number();
  if (v != std::floor(v) || v < (double)lo || v > (double)hi)
    fail("expected an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got " + std::to_string(v));
  return (int64_t)v;
}

}  // namespace rung::encoder
