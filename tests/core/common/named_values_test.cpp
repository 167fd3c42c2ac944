#include "core/common/named_values.h"

#include <catch2/catch.hpp>

namespace {

enum class Colour { Red, Green, Blue };

const char* colourName(Colour c) { return c == Colour::Red ? "red" : c == Colour::Green ? "green" : "blue"; }

constexpr kann::NamedValues<Colour, 3> kColours{"--colour", {Colour::Red, Colour::Green, Colour::Blue}, colourName};

}  // namespace

TEST_CASE("every spelling parses back to its value, in the list's order", "[named_values]") {
    CHECK(kColours.spellings() == std::vector<std::string>{"red", "green", "blue"});
    for (Colour c : kColours.values) CHECK(kColours.parse(colourName(c)) == c);
}

TEST_CASE("a spelling outside the list is refused, naming the option and every spelling", "[named_values]") {
    try {
        kColours.parse("Red");
        FAIL("a spelling in another case was accepted");
    } catch (const kann::InputError& e) {
        CHECK(e.source() == "--colour");
        CHECK(e.problem() == "expects red, green or blue, got 'Red'");
    }
    constexpr kann::NamedValues<Colour, 2> two{"--two", {Colour::Red, Colour::Blue}, colourName};
    CHECK_THROWS_WITH(two.parse(""), "--two: expects red or blue, got ''");
}
