#pragma once
// The options every subcommand shares to say where states come from and how they are analysed,
// as the option schema (core/pipeline/option_schema.h) defines them.
#include "app/kann/arguments.h"
#include "core/pipeline/exploration.h"
#include "core/pipeline/option_schema.h"

#include <set>
#include <string>

namespace kann::cli {

// Names (and aliases) of the value options, and the names of the flags, that sourceSpec() reads.
std::set<std::string> sourceOptionNames();
std::set<std::string> sourceFlagNames();
// Usage text for those options, one per line.
std::string sourceOptionsHelp();

// The source and analysis options given on the command line, by option name (aliases resolved).
OptionValues givenSourceValues(const Arguments& args);

// Builds the SourceSpec: --states [--lengths], or --model --data [--vocab] with batch selection,
// plus the analysis options. Throws InputError naming the offending option.
SourceSpec sourceSpec(const Arguments& args);

// A progress line on stderr, rewritten in place, for long stages.
Progress stderrProgress();

// What the model's loader assumed (NetworkInfo::assumptions), one line each on stderr, so that no
// guess is silent.
void reportAssumptions(const Exploration& e);

}  // namespace kann::cli
