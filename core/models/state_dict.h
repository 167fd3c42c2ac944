#pragma once
// The tensors of a state dict by name, with the checks a layout needs: shapes and exact key sets.
#include "core/analysis/hidden_states.h"
#include "core/models/torch_pickle.h"

#include <Eigen/Core>
#include <map>
#include <string>
#include <vector>

namespace kann {

class StateDict {
public:
    // `source` (the checkpoint path) names the file in every error. Throws InputError naming the
    // key and index of the first NaN or infinite value.
    // `notes` say how the tensors were found in the file ("training checkpoint, ...").
    StateDict(std::vector<NamedTensor> tensors, std::string source, std::vector<std::string> notes = {});

    const std::string& source() const { return source_; }
    const std::vector<std::string>& notes() const { return notes_; }
    bool has(const std::string& key) const { return index_.count(key) > 0; }
    // Keys in file order.
    std::vector<std::string> keys() const;
    // The tensor of `key`; throws InputError naming the key when it is absent.
    const PlainTensor& at(const std::string& key) const;
    // The tensor of `key` when its shape is `shape` (-1 matches any size); otherwise InputError
    // naming the key, the expected and the found shape.
    const PlainTensor& get(const std::string& key, const std::vector<std::int64_t>& shape) const;
    // A 2-D tensor as a matrix / a 1-D tensor as a vector, shape-checked as in get().
    RowMatrixXf matrix(const std::string& key, std::int64_t rows, std::int64_t cols) const;
    Eigen::VectorXf vector(const std::string& key, std::int64_t size) const;
    // Throws InputError "missing keys: a, b; unexpected keys: c" unless the keys are exactly `expected`.
    void requireExactly(const std::vector<std::string>& expected, const std::string& layout) const;

private:
    std::vector<NamedTensor> tensors_;
    std::map<std::string, std::size_t> index_;
    std::string source_;
    std::vector<std::string> notes_;
};

// "a, b, c" (at most `limit` names, then "... (N more)").
std::string joinNames(const std::vector<std::string>& names, std::size_t limit = 12);

}  // namespace kann
