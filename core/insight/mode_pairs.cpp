#include "core/insight/mode_pairs.h"

#include <algorithm>

namespace kann {

std::vector<int> pairRepresentatives(const KoopmanResult& r) {
    std::vector<int> modes;
    for (int j = 0; j < r.k; ++j)
        if (r.partner[j] < 0 || r.eigenvalues(j).imag() > 0) modes.push_back(j);
    return modes;
}

std::vector<int> dominantPairs(const KoopmanResult& r, int count) {
    std::vector<int> modes = pairRepresentatives(r);
    std::stable_sort(modes.begin(), modes.end(), [&](int a, int b) { return r.dominance(a) > r.dominance(b); });
    modes.resize(std::min<std::size_t>(modes.size(), std::max(count, 0)));
    return modes;
}

}  // namespace kann
