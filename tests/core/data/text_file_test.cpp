// The text helpers every loader shares: a byte order mark and a binary file are caught at the
// door, lines split on '\n' only, and numbers read the same under every locale, out-of-range
// values as their limits and nothing half-read.
#include "core/data/text_file.h"

#include "core/common/error.h"
#include "test_support.h"

#include <clocale>
#include <cmath>

using namespace kann;
using Catch::Matchers::Contains;
using namespace std::string_literals;

TEST_CASE("a file is read whole, without its byte order mark; a binary one is refused as text", "[text_file]") {
    const std::string bom = test::writeTemp("bom.txt", "\xEF\xBB\xBFlabel\ttext\n");
    CHECK(readWholeFile(bom) == "label\ttext\n");
    const std::string binary = test::writeTemp("binary.txt", "ab\0cd"s);
    CHECK(readWholeFile(binary).size() == 5);
    CHECK_THROWS_WITH(readTextFile(binary), Contains("binary.txt") && Contains("NUL"));
    CHECK_THROWS_WITH(readWholeFile("/nonexistent/data.tsv"), Contains("/nonexistent/data.tsv: cannot open"));
}

TEST_CASE("lines split on newline only; CR is dropped on request", "[text_file]") {
    using V = std::vector<std::string_view>;
    CHECK(splitLines("a\r\nb\xc2\x85" "c\n\nd", true) == V{"a", "b\xc2\x85" "c", "", "d"});
    CHECK(splitLines("a\r\nb\n", false) == V{"a\r", "b"});  // a final newline adds no line
    CHECK(splitLines("", true).empty());
    CHECK(splitOn("a,,b,", ',') == V{"a", "", "b", ""});
    CHECK(splitOn("", ',') == V{""});
    CHECK(trimmed(" \t x y \r\n") == "x y");
    CHECK(trimmed(" \t ").empty());
}

TEST_CASE("numbers are read whole and the same under every locale", "[text_file]") {
    const std::string before = std::setlocale(LC_NUMERIC, nullptr);
    std::setlocale(LC_NUMERIC, "de_DE.UTF-8");  // a decimal comma where installed; harmless where not
    CHECK(parseNumber("0.25") == 0.25);
    CHECK(parseNumber("+1.5e3") == 1500.0);
    CHECK(parseNumber("-2") == -2.0);
    CHECK(std::isinf(*parseNumber("inf")));
    CHECK(std::isnan(*parseNumber("nan")));
    CHECK(parseNumber("1e400") == std::numeric_limits<double>::infinity());
    CHECK(parseNumber("-1e400") == -std::numeric_limits<double>::infinity());
    CHECK(parseNumber("1e-400") == 0.0);
    for (const char* bad : {"", "+", "1.5x", " 1", "1 ", "0,5", "+-3", "--3", "e5"}) {
        CAPTURE(bad);
        CHECK_FALSE(parseNumber(bad).has_value());
    }
    std::setlocale(LC_NUMERIC, before.c_str());
}
