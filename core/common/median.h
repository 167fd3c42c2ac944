#pragma once
// The median of a sample: one definition for every statistic, detector and benchmark that reports one.
#include <algorithm>
#include <limits>
#include <type_traits>
#include <vector>

namespace kann {

// The middle value of `values`, or the mean of the two middle ones for an even count (as numpy's
// and R's median), NaN for none. Partially sorts `values` in place instead of copying them.
template <typename T>
T medianInPlace(std::vector<T>& values) {
    static_assert(std::is_floating_point_v<T>, "the mean of two middle values needs a floating-point type");
    if (values.empty()) return std::numeric_limits<T>::quiet_NaN();
    const auto upper = values.begin() + values.size() / 2;
    std::nth_element(values.begin(), upper, values.end());
    if (values.size() % 2) return *upper;
    return (*upper + *std::max_element(values.begin(), upper)) / 2;
}

// The median of a copy of `values` (see medianInPlace).
template <typename T>
T median(std::vector<T> values) {
    return medianInPlace(values);
}

}  // namespace kann
