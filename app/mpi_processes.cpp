#include "app/processes.h"

#include <mpi.h>

#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <string>

namespace kann::cli {

namespace {

// Open MPI's mpirun (and PMIx launchers) set these; a plain run never initialises MPI.
bool startedByMpirun() { return std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMIX_RANK"); }

bool mpiRunning() {
    int initialised = 0, finalised = 0;
    MPI_Initialized(&initialised);
    MPI_Finalized(&finalised);
    return initialised && !finalised;
}

// MPI counts and offsets are ints: a buffer's length must fit in one.
int messageLength(std::size_t size, const char* what) {
    if (size > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        throw std::length_error(std::string("MPI ") + what + ": more values than one MPI message holds");
    return static_cast<int>(size);
}

void sumAcrossRanks(std::vector<double>& values) {
    const int count = messageLength(values.size(), "sum");
    MPI_Allreduce(MPI_IN_PLACE, values.data(), count, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    // MPI advises but does not require that every rank gets the same bits from a reduction; rank
    // 0's are sent to all, so that every rank fits the same C and sums its modes on the same basis.
    MPI_Bcast(values.data(), count, MPI_DOUBLE, 0, MPI_COMM_WORLD);
}

std::vector<std::string> gatherAcrossRanks(const std::string& mine) {
    int size = 0;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const int length = messageLength(mine.size(), "gather");
    std::vector<int> lengths(size), offsets(size, 0);
    MPI_Allgather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, MPI_COMM_WORLD);
    std::size_t total = 0;
    for (int r = 0; r < size; ++r) offsets[r] = messageLength(total, "gather"), total += lengths[r];
    messageLength(total, "gather");
    std::string all(total, '\0');
    MPI_Allgatherv(mine.data(), length, MPI_CHAR, all.data(), lengths.data(), offsets.data(), MPI_CHAR, MPI_COMM_WORLD);
    std::vector<std::string> out(size);
    for (int r = 0; r < size; ++r) out[r] = all.substr(offsets[r], lengths[r]);
    return out;
}

}  // namespace

ProcessShare processShare() {
    ProcessShare share;
    if (!startedByMpirun()) return share;
    if (!mpiRunning()) MPI_Init(nullptr, nullptr);
    MPI_Comm_rank(MPI_COMM_WORLD, &share.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &share.size);
    share.sum = sumAcrossRanks;
    share.gather = gatherAcrossRanks;
    return share;
}

int endProcesses(int status) {
    if (!mpiRunning()) return status;
    if (status != 0) MPI_Abort(MPI_COMM_WORLD, status);
    MPI_Finalize();
    return status;
}

}  // namespace kann::cli
