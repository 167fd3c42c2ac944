#pragma once
// The source and analysis options, described once: their names on both command lines, their
// keys in settings and in saved JSON, their defaults, help and allowed values. `kann`, the studio's
// command line, its source panel and settings, saved explorations and demo bundles all derive
// from this table, so an option added here reaches every one of them.
#include "core/pipeline/exploration.h"

#include <nlohmann/json_fwd.hpp>

#include <functional>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace kann {

enum class OptionType {
    Path,     // a file or folder
    Text,     // free text checked where it is used
    Choice,   // one of SourceOption::choices
    Integer,  // a whole number within [minimum, maximum]
    Flag,     // on or off: "true" / "false" in text, a bare --name on a command line
};

struct SourceOption {
    std::string name;       // command-line name without "--"; also the key in settings
    OptionType type = OptionType::Text;
    std::string group;      // "files", "load", "dataset", "selection" or "analysis": the JSON object holding it
    std::string jsonKey;    // key inside that object; for files, the file's role
    std::string valueName;  // placeholder in usage text, e.g. "CKPT"
    std::string help;       // one line
    std::string label;      // a form's row label, e.g. "Max length"
    std::vector<std::string> choices;  // Choice: the values accepted, the default first
    std::vector<std::string> aliases;  // other names accepted on command lines and in settings
    // Text: values offered in a list that still takes others ("auto", "first", "[UNK]").
    std::vector<std::string> suggestions;
    // Text: the file ("model" or "data") whose contents are the values, e.g. its modules or columns.
    std::string valuesFrom;
    long long minimum = std::numeric_limits<int>::min(), maximum = std::numeric_limits<int>::max();  // Integer
    std::string minimumMeans;  // Integer: what the minimum stands for, e.g. "any", "no limit"; empty: itself
    // {"fit", "inputs"}: the option means something only when that option has that value; a command line
    // giving it otherwise is refused rather than silently ignored. Empty: always applies.
    std::pair<std::string, std::string> onlyWith;
    std::function<std::string(const SourceSpec&)> read;          // the value, as text
    std::function<void(SourceSpec&, const std::string&)> write;  // stores a value already checked by apply()

    std::string defaultValue() const { return read(SourceSpec{}); }
    // Checks `value` against the type, range and choices, then stores it. Throws InputError("--name", ...).
    void apply(SourceSpec& spec, const std::string& value) const;
    // The help line with the allowed values and the default, e.g. "... (svd|pca|rsvd; default svd)".
    std::string describe() const;
};

// A group's title for people: "Files", "Model", "Dataset", "Batch", "Analysis".
std::string optionGroupTitle(const std::string& group);

// Every source and analysis option, in the order of the usage text.
const std::vector<SourceOption>& sourceOptions();
// The option called `name` (or with that alias); nullptr when there is none.
const SourceOption* findSourceOption(const std::string& name);

// Options as text, by name: the form of command lines and settings. Flags are "true" / "false".
using OptionValues = std::map<std::string, std::string>;
// Every option's value in `spec`.
OptionValues sourceValues(const SourceSpec& spec);
// Applies each value to `spec` (names or aliases). Throws InputError("--name", ...) for an unknown
// name, a value the option refuses, or an option given without the value its `onlyWith` needs.
void applySourceValues(const OptionValues& values, SourceSpec& spec);

// The options other than files, as JSON: {group: {jsonKey: value}} with numbers and booleans typed.
nlohmann::json sourceOptionsJson(const SourceSpec& spec);
// Reads that form back; keys absent keep spec's value, so files written before an option existed
// still read. Throws InputError("--name", ...) for a value the option refuses.
void applySourceOptionsJson(const nlohmann::json& options, SourceSpec& spec);

// Checks that the files name one source: saved states, or a model with a dataset.
// Throws InputError naming the option at fault.
void checkSourceFiles(const SourceSpec& spec);

}  // namespace kann
