#pragma once
// The torch.nn modules a state dict's keys describe, found by key structure and shape rather than
// by name: recurrent modules (nn.RNN/GRU/LSTM with their _l{n} and _reverse keys, or the Cell
// forms), linear layers (`X.weight` [out, in] with an optional `X.bias`) and bias-free 2-D weights
// (embeddings).
#include "core/models/state_dict.h"
#include "core/models/unroll.h"

#include <string>
#include <vector>

namespace kann {

struct RecurrentModule {
    std::string prefix;        // "rnn.", "encoder.gru.", "" (a bare module's own state dict)
    bool cellForm = false;     // nn.GRUCell & co.: keys without _l{n}
    bool bidirectional = false;
    bool bias = true;
    int layers = 1;
    CellType type = CellType::GRU;
    std::int64_t input = 0, hidden = 0;
    std::vector<std::string> keys;

    // What the next module reads: both directions concatenated for a bidirectional module.
    std::int64_t output() const { return hidden * (bidirectional ? 2 : 1); }
    // "`rnn`" ("(top-level keys)" for a bare module's own state dict) for messages.
    std::string name() const;
    // Layer l's cell for `direction` 0 (forward) or 1 (reverse), read from the dict.
    CellWeights cell(const StateDict& dict, int layer, int direction, std::int64_t input) const;
};

struct LinearModule {
    std::string prefix;  // "fc1.", "classifier.0."
    std::int64_t in = 0, out = 0;
    std::vector<std::string> keys;
    std::string name() const;
};

// Recurrent modules in file order. Throws InputError for an incomplete or malformed module (a
// bias without its partner, a weight_hh that is not 1, 3 or 4 gates) and for LSTMs with proj_size.
std::vector<RecurrentModule> findRecurrentModules(const StateDict& dict);

// The 2-D `weight` keys outside `used`, as linear layers (with their bias when present) in file order.
std::vector<LinearModule> findLinearModules(const StateDict& dict, const std::vector<std::string>& used);

// Keys of 2-D weights outside `used` with no bias beside them and `columns` columns: embeddings.
std::vector<std::string> findEmbeddings(const StateDict& dict, const std::vector<std::string>& used, std::int64_t columns);

// The module's prefix as people write it: "rnn" for "rnn.".
std::string prefixName(const std::string& prefix);

}  // namespace kann
