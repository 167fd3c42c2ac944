#pragma once
// The state-dict layouts: the paper's sentiment model (embedding -> GRUCell/LSTMCell/RNNCell ->
// linear) and ECG autoencoder (encoder and decoder torch.nn RNNs, output layer), recognised by
// their exact keys, and every other layout by the roles of its keys: an embedding, one or more
// recurrent modules forming a stack (or an encoder and a decoder), and a head of linear layers.
#include "core/models/network.h"
#include "core/models/state_dict.h"

#include <memory>
#include <string>
#include <vector>

namespace kann {

// "sentiment", "ecg-autoencoder" or "stack" (roles); InputError naming the keys when none fits.
std::string detectLayout(const StateDict& dict);

// What --stack, --embedding and --head can name in a checkpoint read by roles, for a list to pick
// from: the readings of its recurrent modules (each module, and those that chain), the 2-D weights
// without bias that a module reads, and the linear layers with the modules holding several.
struct LayoutChoices {
    std::vector<std::string> stacks, embeddings, heads;
};
// Empty lists when `dict` has no recurrent module. Throws InputError for a malformed module.
LayoutChoices layoutChoices(const StateDict& dict);

// The network of `dict` in the layout options.arch ("auto" detects it). Throws InputError naming
// missing keys, keys no role explains, wrong shapes, several readings that fit (each with the
// option that picks it) and options that do not apply.
std::unique_ptr<Network> buildNetwork(const StateDict& dict, const LoadOptions& options);

}  // namespace kann
