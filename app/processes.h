#pragma once
// `kann analyze` and `kann insight` started by mpirun: the processes of the MPI job share one
// batch, each unrolling its share of the sequences, and their sums are combined across them
// (core/common/process_share.h). A build with -DKANN_MPI=ON
// compiles app/mpi_processes.cpp (Open MPI); any other build app/single_process.cpp, where every
// run is one process.
#include "core/common/process_share.h"

namespace kann::cli {

// This process's share: rank and size of the MPI job when mpirun started kann (joining it on the
// first call), otherwise rank 0 of 1.
ProcessShare processShare();

// Ends the job with `status`: a clean finish when it is 0, otherwise every process is stopped, as
// the others may be waiting for a sum this one will never send. Returns `status`.
int endProcesses(int status);

}  // namespace kann::cli
