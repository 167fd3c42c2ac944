#pragma once
// The state-dict layouts recognised from key names and shapes: the paper's sentiment model
// (embedding -> GRUCell/LSTMCell/RNNCell -> linear), the paper's ECG autoencoder (encoder and
// decoder torch.nn RNNs, output layer) and generic torch.nn RNN/GRU/LSTM stacks.
#include "core/models/network.h"
#include "core/models/state_dict.h"

#include <memory>
#include <string>

namespace kann {

// "sentiment", "ecg-autoencoder" or "stack"; InputError naming the keys when none fits.
std::string detectLayout(const StateDict& dict);

// The network of `dict` in the layout options.arch ("auto" detects it). Throws InputError for
// missing or unexpected keys (by name), wrong shapes, bidirectional stacks, options that do not apply.
std::unique_ptr<Network> buildNetwork(const StateDict& dict, const LoadOptions& options);

}  // namespace kann
