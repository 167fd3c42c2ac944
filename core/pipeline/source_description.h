#pragma once
// What a source's files hold, read without unrolling anything: the model's layout and the
// dataset's kind, size and labels, with what had to be assumed. The studio shows it before a run.
#include "core/pipeline/exploration.h"

#include <map>
#include <string>
#include <vector>

namespace kann {

struct FileDescription {
    std::string summary;                   // one line for people
    std::vector<std::string> assumptions;  // what the file could not say and was assumed
    std::vector<std::string> notes;        // what was detected: format, columns, label mapping
    // What detection settled, by the option that would pick another: {"arch", "stack"},
    // {"embedding", "emb.weight"}, {"text-column", "review"}.
    std::map<std::string, std::string> detected;
};

// The model of `spec` (its load options applied): layout, sizes, readout. Loads the weights but
// runs nothing. Throws InputError naming the file and the problem.
FileDescription describeModel(const SourceSpec& spec);

// The dataset of `spec` (its dataset options applied): kind, size, format and label counts, and for
// series their steps and channels. Throws InputError naming the file and the problem.
FileDescription describeData(const SourceSpec& spec);

// The values that the options whose SourceOption::valuesFrom is `file` ("model" or "data") can take
// in spec's files, by option name: a checkpoint's stacks, embeddings and heads, a table's columns.
// Never throws: a file that cannot be read offers nothing (describeModel and describeData say why).
std::map<std::string, std::vector<std::string>> optionValuesIn(const SourceSpec& spec, const std::string& file);

}  // namespace kann
