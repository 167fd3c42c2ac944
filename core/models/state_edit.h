#pragma once
// An edit of the analysed state while a network runs: applied after every step to the states of the
// sequences still running (rows of stateDim), and the recurrence continues from the edited state.
// What a causal test needs (remove a mode, and a control of the same size) without Torch types.
#include "core/analysis/hidden_states.h"

#include <Eigen/Core>
#include <functional>

namespace kann {

using StateEdit = std::function<void(Eigen::Ref<RowMatrixXf> states)>;

}  // namespace kann
