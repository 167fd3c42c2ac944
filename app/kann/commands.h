#pragma once
// The subcommands of `kann`, one .cpp each. Each returns the process exit status.
#include <string>
#include <vector>

namespace kann::cli {

using Args = std::vector<std::string>;

int ablateCommand(const Args& args);
int analyzeCommand(const Args& args);
int benchCommand(const Args& args);
int unrollCommand(const Args& args);
int trainCommand(const Args& args);
int ecgBeatsCommand(const Args& args);
int insightCommand(const Args& args);
int exportCommand(const Args& args);
int fixedPointsCommand(const Args& args);
int timelineCommand(const Args& args);

}  // namespace kann::cli
