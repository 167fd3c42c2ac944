#pragma once
// Modes as tables and plots list them: a conjugate pair once, by its member with Im λ >= 0.
#include "core/analysis/analysis.h"

#include <vector>

namespace kann {

// Every real eigenvalue and one member (Im λ > 0) of every conjugate pair, in the analysis order.
std::vector<int> pairRepresentatives(const KoopmanResult& r);

// The `count` representatives with the largest dominance, most dominant first.
std::vector<int> dominantPairs(const KoopmanResult& r, int count);

}  // namespace kann
