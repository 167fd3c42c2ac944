#pragma once
// The processes that share one batch (an MPI job): each passes over only its share of the
// sequences, and the sums of every pass are combined through the two operations here. Core never
// sees MPI: the `kann` command line fills them (app/mpi_processes.cpp), tests with threads.
#include <algorithm>
#include <functional>
#include <string>
#include <vector>

namespace kann {

// One process by default, where neither operation is called.
struct ProcessShare {
    int rank = 0;
    int size = 1;
    // Adds a buffer elementwise across all processes, in place, leaving the same values in every
    // process (for sums of a fixed size, the same in every process).
    std::function<void(std::vector<double>&)> sum;
    // Every process's bytes, of any length, in rank order, in every process (for sums whose size
    // depends on the share: each process serialises its own, and merges all of them alike).
    std::function<std::vector<std::string>(const std::string&)> gather;
};

// The values of `parts` (Eigen arrays and matrices, std::vector of numbers) added across the
// processes of `share`, in one message. A sum a process holds for its own sequences only, zero for
// the others', comes out exactly as the single process's.
template <typename... Parts>
void sumAcross(const ProcessShare& share, Parts&... parts) {
    std::vector<double> values;
    (values.insert(values.end(), parts.data(), parts.data() + parts.size()), ...);
    share.sum(values);
    auto at = values.begin();
    ((std::copy_n(at, parts.size(), parts.data()), at += parts.size()), ...);
}

}  // namespace kann
