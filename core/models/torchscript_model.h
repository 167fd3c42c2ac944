#pragma once
// TorchScript networks (torch.jit.save). The contract: a method hidden_states(x) -> [batch, time, m],
// x a LongTensor [batch, time] of token ids or a float tensor [batch, time, features]; optional
// methods readout(h) ([n, m] -> [n, outputs]) and decode(h) ([b, m] and the length -> [b, time, f]).
#include "core/models/network.h"

#include <memory>
#include <string>

namespace kann {

// Loads a TorchScript file; throws InputError(path, ...) when it cannot be loaded or lacks hidden_states.
std::unique_ptr<Network> loadTorchScript(const std::string& path);

}  // namespace kann
