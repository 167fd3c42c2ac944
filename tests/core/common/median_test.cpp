#include "core/common/median.h"

#include <catch2/catch.hpp>

#include <cmath>

using kann::median;

TEST_CASE("an odd count's median is its middle value, whatever the order", "[median]") {
    CHECK(median(std::vector<double>{7.0}) == 7.0);
    CHECK(median(std::vector<double>{9.0, -1.0, 4.0}) == 4.0);
    CHECK(median(std::vector<double>{3.0, 3.0, 1.0, 8.0, 2.0}) == 3.0);
}

TEST_CASE("an even count's median is the mean of its two middle values", "[median]") {
    // numpy.median([4, 1, 3, 2]) == 2.5 and numpy.median([10, -10]) == 0.0
    CHECK(median(std::vector<double>{4.0, 1.0, 3.0, 2.0}) == 2.5);
    CHECK(median(std::vector<double>{10.0, -10.0}) == 0.0);
    CHECK(median(std::vector<float>{0.5f, 0.25f, 1.0f, 2.0f, 8.0f, -1.0f}) == 0.75f);
}

TEST_CASE("an empty sample has no median", "[median]") {
    CHECK(std::isnan(median(std::vector<double>{})));
}

TEST_CASE("medianInPlace gives the same value and keeps every element", "[median]") {
    std::vector<double> v{5.0, 1.0, 4.0, 2.0, 3.0, 6.0};
    CHECK(kann::medianInPlace(v) == 3.5);
    std::sort(v.begin(), v.end());
    CHECK(v == std::vector<double>{1.0, 2.0, 3.0, 4.0, 5.0, 6.0});
}
