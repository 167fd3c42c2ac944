#include "app/processes.h"

namespace kann::cli {

ProcessShare processShare() { return {}; }

int endProcesses(int status) { return status; }

}  // namespace kann::cli
