#pragma once
// What a network consumes: a padded batch of token ids or of real-valued series.
#include <cstdint>
#include <vector>

namespace kann {

struct InputBatch {
    enum class Kind { Tokens, Series };
    Kind kind = Kind::Series;
    int batch = 0;
    int time = 0;                      // padded length: max of lengths
    int features = 1;                  // 1 for tokens; channels (or one-hot width) for series
    std::vector<std::int64_t> tokens;  // Tokens: batch * time ids, padding = 0
    std::vector<float> values;         // Series: batch * time * features, padding = 0
    std::vector<int> lengths;          // valid steps per sequence
    std::vector<int> labels;           // per sequence, -1 when unknown
    std::vector<int> rows;             // index of each sequence in its dataset
};

}  // namespace kann
