#pragma once
// Hidden states set aside a block at a time and read back in the same blocks: the second pass of
// a streamed analysis reads them from here (the page cache, mostly) instead of unrolling the
// network again. Only the valid steps are written, as float32, so the states read back are exact.
#include "core/analysis/hidden_states.h"

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace kann {

class StateSpill {
public:
    // A new file in `folder` (created if needed), unlinked at once so that it never outlives the
    // process. Throws InputError(folder, ...) when it cannot be made.
    explicit StateSpill(const std::string& folder);
    ~StateSpill();
    StateSpill(const StateSpill&) = delete;
    StateSpill& operator=(const StateSpill&) = delete;

    // Appends the valid steps of `block`. Throws InputError(folder, ...) when the disk is full.
    void write(const HiddenStates& block);
    // The blocks again, in the order written: the next one, of these lengths and dimension (padding
    // zero). The first call after the writes starts from the beginning.
    HiddenStates read(const std::vector<int>& lengths, int dim);
    // The next read starts again from the first block: another pass over the same blocks.
    void rewind() { reading_ = false; }
    std::uint64_t bytes() const { return bytes_; }

private:
    std::string folder_;
    std::FILE* file_ = nullptr;
    bool reading_ = false;
    std::uint64_t bytes_ = 0;
};

// Where a streamed analysis sets states aside: $XDG_CACHE_HOME/kann-studio, else
// $HOME/.cache/kann-studio, else the system's temporary folder.
std::string spillFolder();

}  // namespace kann
