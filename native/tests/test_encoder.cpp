// C++ tests of the encoder's building blocks without Node (ctest "encoder"): the strict JSON reader (what it refuses,
// with file and byte), UTF-8 decoding, NFD with canonical ordering and Hangul, lower case, and the long-text window
// policy. Parity with PyTorch is tested from TypeScript (tests/native/encoder-*.test.ts). Exit status 1 on any failure.
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/encoder/encoder.h"
#include "engine/encoder/json.h"
#include "engine/encoder/unicode.h"

using namespace rung::encoder;

static int failures = 0;
#define CHECK(cond, ...)                                 \
  do {                                                   \
    if (!(cond)) {                                       \
      std::printf("FAIL %s:%d: ", __FILE__, __LINE__);   \
      std::printf(__VA_ARGS__);                          \
      std::printf("\n");                                 \
      failures++;                                        \
    }                                                    \
  } while (0)

static std::string json_error(const std::string& text) {
  try {
    parse_json(text, "f.json");
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

static void test_json() {
  const Json j = parse_json(R"( {"a": [1, -2.5e3, true, null], "b": "x\u00e9\ud83d\ude00\n", "c": {}} )", "f.json");
  CHECK(j.find("a") && j.find("a")->array.size() == 4 && j.find("a")->array[1].number == -2500, "array");
  CHECK(j.find("b") && j.find("b")->string == "x\xc3\xa9\xf0\x9f\x98\x80\n", "escapes: %s", j.find("b") ? j.find("b")->string.c_str() : "");
  const std::pair<const char*, const char*> bad[] = {
      {"{\"a\": 1,}", "f.json: byte 8: expected a string"},
      {"[1, 2,]", "f.json: byte 6: unexpected character"},
      {"{\"a\": 1, \"a\": 2}", "f.json: byte 12: duplicate key \"a\""},
      {"\"\\ud800\"", "f.json: byte 7: lone high surrogate escape"},
      {"\"\\udc00\"", "f.json: byte 7: lone low surrogate escape"},
      {"\"\xc3\x28\"", "f.json: byte 1: invalid UTF-8"},
      {"\"\xed\xa0\x80\"", "f.json: byte 1: invalid UTF-8"},  // an encoded surrogate
      {"\"a\tb\"", "f.json: byte 2: control character in a string"},
      {"01", "f.json: byte 1: unexpected data after the JSON value"},
      {"{} x", "f.json: byte 3: unexpected data after the JSON value"},
      {"// c\n{}", "f.json: byte 0: unexpected character"},
      {"", "f.json: byte 0: unexpected end of file"},
  };
  for (const auto& [text, message] : bad) CHECK(json_error(text) == message, "%s → \"%s\", expected \"%s\"", text, json_error(text).c_str(), message);
  CHECK(json_error(std::string(70, '[') + std::string(70, ']')).find("nested deeper than 64 levels") != std::string::npos, "depth bound");
  const JsonField f = root_field(j, "f.json");
  try {
    f.at("a").str();
    CHECK(false, "a string was expected");
  } catch (const std::invalid_argument& e) {
    CHECK(std::string(e.what()) == "f.json: a: expected a string", "%s", e.what());
  }
  try {
    f.at("c").at("size").integer(1, 10);
    CHECK(false, "a missing field was accepted");
  } catch (const std::invalid_argument& e) {
    CHECK(std::string(e.what()) == "f.json: c.size: missing (expected a number)", "%s", e.what());
  }
}

static void test_unicode() {
  const std::string s = "a\xc3\xa9\xff\xe4\xb8\xad";  // a é <bad byte> 中
  CHECK((utf8_decode(s.data(), s.size()) == std::vector<uint32_t>{'a', 0xE9, 0xFFFD, 0x4E2D}), "utf8_decode");
  std::vector<uint32_t> d;
  nfd(d, {0xE9, 0x1E09, 0xD55C, 'q', 0x301, 0x323});  // é, ḉ, 한, q + acute + dot below (reordered: ccc 220 before 230)
  CHECK((d == std::vector<uint32_t>{'e', 0x301, 'c', 0x327, 0x301, 0x1112, 0x1161, 0x11AB, 'q', 0x323, 0x301}), "nfd");
  std::vector<uint32_t> low;
  for (uint32_t c : {(uint32_t)'A', 0x130u, 0x3A3u, 0x1E9Eu}) to_lower(low, c);  // A, İ, Σ, ẞ
  CHECK((low == std::vector<uint32_t>{'a', 'i', 0x307, 0x3C3, 0xDF}), "to_lower");
  CHECK(is_punctuation(0x3002) && !is_punctuation('a') && is_other(0x200B) && !is_other(0x378) && is_mark_nonspacing(0x301), "categories");
}

static void test_windows() {
  std::vector<Window> w;
  windows_of(w, 0, 10, 10);
  CHECK(w.size() == 1 && w[0].start == 0 && w[0].length == 10, "a text that fits is one window");
  w.clear();
  windows_of(w, 3, 25, 10);  // starts 0, 5, 10, then the last one ends at the end: 15
  CHECK(w.size() == 4 && w[1].start == 5 && w[2].start == 10 && w[3].start == 15 && w[3].length == 10 && w[3].text == 3, "windows");
  w.clear();
  windows_of(w, 0, 11, 10);
  CHECK(w.size() == 2 && w[1].start == 1, "two windows, the second ending at the end");
}

int main() {
  test_json();
  test_unicode();
  test_windows();
  std::printf("%s (%d failures)\n", failures ? "FAILED" : "ok", failures);
  return failures ? 1 : 0;
}
