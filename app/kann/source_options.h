#pragma once
// What every subcommand shares: parsing its command line (CLI11), where states come from (the
// option schema's source and analysis options, see app/command_line.h), and where output goes.
#include "app/command_line.h"
#include "core/pipeline/exploration.h"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace kann::cli {

// Parses a subcommand's arguments into `app`'s options. False when --help was asked (the help is
// then printed on stdout); throws InputError with CLI11's message for anything it refuses.
bool parseCommand(CLI::App& app, const std::vector<std::string>& args);

// Writes `text` and a newline to the file `target`, or to stdout when it is "-".
void writeOutput(const std::string& text, const std::string& target);

// A progress line on stderr, rewritten in place, for long stages.
Progress stderrProgress();
// Points progress.cancel at a flag that Ctrl-C raises: the work ends with Cancelled (exit 130).
void cancelOnInterrupt(Progress& progress);

// What the model could not say and was assumed, one line each on stderr.
void reportAssumptions(const Exploration& e);

}  // namespace kann::cli
