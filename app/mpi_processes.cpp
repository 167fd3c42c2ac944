#include "app/processes.h"

#include <mpi.h>

#include <cstdlib>
#include <limits>
#include <stdexcept>

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

void sumAcrossRanks(std::vector<double>& values) {
    if (values.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        throw std::length_error("MPI sum: more values than one MPI message holds");
    const int count = static_cast<int>(values.size());
    MPI_Allreduce(MPI_IN_PLACE, values.data(), count, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    // MPI advises but does not require that every rank gets the same bits from a reduction; rank
    // 0's are sent to all, so that every rank fits the same C and sums its modes on the same basis.
    MPI_Bcast(values.data(), count, MPI_DOUBLE, 0, MPI_COMM_WORLD);
}

}  // namespace

ProcessShare processShare() {
    ProcessShare share;
    if (!startedByMpirun()) return share;
    if (!mpiRunning()) MPI_Init(nullptr, nullptr);
    MPI_Comm_rank(MPI_COMM_WORLD, &share.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &share.size);
    share.sum = sumAcrossRanks;
    return share;
}

int endProcesses(int status) {
    if (!mpiRunning()) return status;
    if (status != 0) MPI_Abort(MPI_COMM_WORLD, status);
    MPI_Finalize();
    return status;
}

}  // namespace kann::cli
