#include "core/pipeline/option_schema.h"

#include "core/common/error.h"
#include "core/data/vocab.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <initializer_list>

namespace kann {

namespace {

using Read = std::function<std::string(const SourceSpec&)>;
using Write = std::function<void(SourceSpec&, const std::string&)>;

struct Access {
    Read read;
    Write write;
};

Access path(std::string SourceSpec::*field) {
    return {[field](const SourceSpec& s) { return s.*field; },
            [field](SourceSpec& s, const std::string& v) { s.*field = v; }};
}

template <class Part>
Access text(Part SourceSpec::*part, std::string Part::*field) {
    return {[=](const SourceSpec& s) { return s.*part.*field; },
            [=](SourceSpec& s, const std::string& v) { s.*part.*field = v; }};
}

template <class Part, class Int>
Access whole(Part SourceSpec::*part, Int Part::*field) {
    return {[=](const SourceSpec& s) { return std::to_string(s.*part.*field); },
            [=](SourceSpec& s, const std::string& v) { s.*part.*field = static_cast<Int>(std::stoll(v)); }};
}

template <class Part>
Access flag(Part SourceSpec::*part, bool Part::*field) {
    return {[=](const SourceSpec& s) { return std::string(s.*part.*field ? "true" : "false"); },
            [=](SourceSpec& s, const std::string& v) { s.*part.*field = v == "true"; }};
}

// Access to a value that is not stored as its text.
Access mapped(Read read, Write write) { return {std::move(read), std::move(write)}; }

// A load choice whose empty value means "detect, or assume and say so": "auto" in text.
Access detected(std::string LoadOptions::*field) {
    return {[field](const SourceSpec& s) { return (s.load.*field).empty() ? std::string("auto") : s.load.*field; },
            [field](SourceSpec& s, const std::string& v) { s.load.*field = v == "auto" ? std::string() : v; }};
}

// "max-len" -> "Max len": the row label of an option that names none.
std::string labelFrom(std::string name) {
    std::replace(name.begin(), name.end(), '-', ' ');
    if (!name.empty()) name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
    return name;
}

SourceOption entry(OptionType type, const char* group, const char* name, const char* jsonKey, const char* valueName,
                   const char* help, Access access) {
    SourceOption o;
    o.type = type;
    o.group = group;
    o.name = name;
    o.jsonKey = jsonKey;
    o.valueName = valueName;
    o.help = help;
    o.label = labelFrom(name);
    o.read = std::move(access.read);
    o.write = std::move(access.write);
    return o;
}

SourceOption choice(std::vector<std::string> choices, SourceOption o) {
    o.choices = std::move(choices);
    return o;
}

SourceOption range(long long minimum, long long maximum, SourceOption o) {
    o.minimum = minimum;
    o.maximum = maximum;
    return o;
}

// A range whose minimum stands for something else than its number, e.g. -1 for "any".
SourceOption range(long long minimum, const char* minimumMeans, long long maximum, SourceOption o) {
    o.minimumMeans = minimumMeans;
    return range(minimum, maximum, std::move(o));
}

SourceOption labelled(const char* label, SourceOption o) {
    o.label = label;
    return o;
}

SourceOption onlyWith(const char* option, const char* value, SourceOption o) {
    o.onlyWith = {option, value};
    return o;
}

// A text option whose values are `suggestions` and, when `valuesFrom` names one, those the file lists.
SourceOption offered(std::vector<std::string> suggestions, const char* valuesFrom, SourceOption o) {
    o.suggestions = std::move(suggestions);
    o.valuesFrom = valuesFrom;
    return o;
}

SourceOption aliased(std::vector<std::string> aliases, SourceOption o) {
    o.aliases = std::move(aliases);
    return o;
}

std::vector<SourceOption> makeOptions() {
    using T = OptionType;
    using S = SourceSpec;
    return {
        entry(T::Path, "files", "states", "states", "S.npy", "saved hidden states [b, T, m] instead of a model",
              path(&S::statesPath)),
        entry(T::Path, "files", "lengths", "lengths", "L.npy", "with --states: valid lengths [b]", path(&S::lengthsPath)),
        entry(T::Path, "files", "model", "model", "CKPT", "state-dict checkpoint, TorchScript file or ONNX model",
              path(&S::modelPath)),
        entry(T::Path, "files", "data", "data", "D", "dataset file or folder", path(&S::dataPath)),
        labelled("Vocabulary", entry(T::Path, "files", "vocab", "vocab", "V", "text datasets: the model's vocabulary",
                                     path(&S::vocabPath))),
        entry(T::Path, "files", "labels", "labels", "L.npy", "NumPy series: labels [b], instead of any in the .npz",
              text(&S::data, &DatasetOptions::labelsPath)),
        choice({"auto", "sentiment", "ecg-autoencoder", "stack", "torchscript", "onnx"},
               labelled("Layout", entry(T::Choice, "load", "arch", "arch", "A",
                                        "checkpoint layout, detected from the tensor names by auto",
                                        text(&S::load, &LoadOptions::arch)))),
        range(-1, "the last", 1 << 20,
              entry(T::Integer, "load", "layer", "layer", "N", "stacks: the layer analysed",
                    whole(&S::load, &LoadOptions::layer))),
        choice({"h", "hc"},
               entry(T::Choice, "load", "lstm-state", "lstm_state", "S", "LSTM: analyse h, or h and c together",
                     mapped([](const S& s) { return std::string(s.load.lstmHiddenAndCell ? "hc" : "h"); },
                            [](S& s, const std::string& v) { s.load.lstmHiddenAndCell = v == "hc"; }))),
        offered({}, "model",
                entry(T::Text, "load", "stack", "stack", "PREFIX[,PREFIX]",
                      "the analysed recurrent modules by key prefix; others form the decoder (default: detected)",
                      text(&S::load, &LoadOptions::stack))),
        offered({}, "model",
                entry(T::Text, "load", "embedding", "embedding", "KEY", "the embedding's key (default: detected)",
                      text(&S::load, &LoadOptions::embedding))),
        offered({}, "model",
                entry(T::Text, "load", "head", "head", "PREFIX",
                      "the readout head's linear layers by key prefix (default: detected)",
                      text(&S::load, &LoadOptions::head))),
        choice({"auto", "relu", "tanh", "gelu", "none"},
               entry(T::Choice, "load", "head-activation", "head_activation", "A",
                     "between a head's linear layers (auto: relu, assumed and said)",
                     detected(&LoadOptions::headActivation))),
        choice({"auto", "tanh", "relu"},
               entry(T::Choice, "load", "nonlinearity", "nonlinearity", "N",
                     "nn.RNN and RNNCell layers (auto: tanh, assumed and said)", detected(&LoadOptions::nonlinearity))),
        choice({"auto", "forward", "backward"},
               entry(T::Choice, "load", "direction", "direction", "D",
                     "bidirectional stacks: the direction analysed; backward runs in reversed time (auto: forward)",
                     detected(&LoadOptions::direction))),
        choice(datasetFormats(), entry(T::Choice, "dataset", "format", "format", "F", "dataset format, detected by auto",
                                       text(&S::data, &DatasetOptions::format))),
        aliased({"text-field"}, offered({}, "data", labelled("Text column or field",
                entry(T::Text, "dataset", "text-column", "text_column", "NAME|N",
                      "text tables and JSON Lines: the text's column or field, by name or 1-based number (auto: "
                      "one named text, review, sentence, ...)",
                      text(&S::data, &DatasetOptions::textColumn))))),
        aliased({"label-field"}, offered({"first", "last", "none"}, "data", labelled("Label column or field",
                entry(T::Text, "dataset", "label-column", "label_column", "C",
                      "where the label is: auto|first|last|none, or for text tables a name or 1-based number "
                      "(auto: one named label, sentiment, class, polarity, ...)",
                      text(&S::data, &DatasetOptions::labelColumn))))),
        choice(tokenizerKinds(), entry(T::Choice, "dataset", "tokenizer", "tokenizer", "TOK",
                                       "how texts become vocabulary ids (basic_english: torchtext's)",
                                       text(&S::tokenizer, &TokenizerOptions::kind))),
        labelled("Unknown token",
                 offered(Vocab::kUnknownTokens, "",
                         entry(T::Text, "dataset", "unk", "unk", "TOKEN",
                               "the vocabulary's unknown token (default: the first of <unk>, [UNK], <UNK>, UNK present)",
                               text(&S::tokenizer, &TokenizerOptions::unk)))),
        labelled("Z-normalise", entry(T::Flag, "dataset", "znorm", "z_normalize", "", "z-normalise each series and channel",
                                      flag(&S::data, &DatasetOptions::zNormalize))),
        aliased({"count"}, range(0, "all", 1 << 24,
                                 labelled("Sequences", entry(T::Integer, "selection", "batch", "count", "N",
                                                             "sequences in the batch (all: every one of the "
                                                             "dataset, streamed when its states pass the budget)",
                                                             whole(&S::selection, &BatchSelection::count))))),
        range(0, std::numeric_limits<int>::max(),
              labelled("Skip first", entry(T::Integer, "selection", "offset", "offset", "N",
                                           "matching sequences skipped first",
                                           whole(&S::selection, &BatchSelection::offset)))),
        range(-1, "any", std::numeric_limits<int>::max(),
              entry(T::Integer, "selection", "label", "label", "Y", "only sequences with this label",
                    whole(&S::selection, &BatchSelection::label))),
        aliased({"max-length"}, range(0, "no limit", std::numeric_limits<int>::max(),
                                      labelled("Max length", entry(T::Integer, "selection", "max-len", "max_length", "T",
                                                                   "steps kept per sequence",
                                                                   whole(&S::selection, &BatchSelection::maxLength))))),
        range(-1, "auto", 1 << 20,
              entry(T::Integer, "analysis", "k", "k", "K", "components kept by the reduction; auto keeps min(pairs, m) - 1",
                    whole(&S::analysis, &AnalysisOptions::k))),
        choice(kReductions.spellings(),
               entry(T::Choice, "analysis", "reduction", "reduction", "R",
                     "svd: truncated SVD without centering (the paper); pca: centred; rsvd: randomized",
                     mapped([](const S& s) { return std::string(reductionName(s.analysis.reduction)); },
                            [](S& s, const std::string& v) { s.analysis.reduction = parseReduction(v); }))),
        labelled("Fit over padding", entry(T::Flag, "analysis", "include-padding", "include_padding", "",
                                           "fit over padded steps like the reference notebook",
                                           flag(&S::analysis, &AnalysisOptions::includePadding))),
        range(0, std::numeric_limits<int>::max(),
              entry(T::Integer, "analysis", "seed", "seed", "S", "randomized SVD seed",
                    whole(&S::analysis, &AnalysisOptions::seed))),
        choice(kFits.spellings(),
               labelled("Fit", entry(T::Choice, "analysis", "fit", "fit", "F",
                                     "autonomous: z(t+1) ~ z(t) C (the paper); inputs: ~ z(t) A + u(t+1) B + c with the "
                                     "network's input u at each step, the spectrum of A",
                                     mapped([](const S& s) { return std::string(fitName(s.analysis.fit)); },
                                            [](S& s, const std::string& v) { s.analysis.fit = parseFit(v); })))),
        choice(kStreamModes.spellings(),
               labelled("Streaming", entry(T::Choice, "analysis", "stream", "stream", "MODE",
                                          "on: unroll the batch in blocks of similar length, twice, and never hold its "
                                          "states (memory independent of the batch); auto: when the padded states "
                                          "would pass the streaming budget (kann analyze, insight and ablate; the studio then "
                                          "shows the batch a page at a time)",
                                          mapped([](const S& s) { return std::string(streamModeName(s.stream)); },
                                                 [](S& s, const std::string& v) { s.stream = parseStreamMode(v); })))),
        onlyWith("fit", "inputs", range(-1, "auto", 1 << 20,
              labelled("Input components", entry(T::Integer, "analysis", "input-k", "input_k", "Q",
                                                 "fit with inputs: components of the inputs' own SVD; auto keeps "
                                                 "min(input dim, k), never more than the inputs' rank",
                                                 whole(&S::analysis, &AnalysisOptions::inputK))))),
    };
}

std::string joined(const std::vector<std::string>& items, const char* separator) {
    std::string out;
    for (const std::string& item : items) out += (out.empty() ? "" : separator) + item;
    return out;
}

void checkInteger(const SourceOption& o, const std::string& value) {
    long long x = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), x);
    if (ec != std::errc() || end != value.data() + value.size())
        throw InputError("--" + o.name, "expects a whole number, got '" + value + "'");
    if (x < o.minimum || x > o.maximum)
        throw InputError("--" + o.name, "must be within " + std::to_string(o.minimum) + ".." + std::to_string(o.maximum) +
                                            ", got " + value);
}

nlohmann::json typed(const SourceOption& o, const std::string& value) {
    if (o.type == OptionType::Integer) return std::stoll(value);
    if (o.type == OptionType::Flag) return value == "true";
    return value;
}

std::string untyped(const SourceOption& o, const nlohmann::json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
    if (value.is_number_integer()) return std::to_string(value.get<long long>());
    throw InputError("--" + o.name, "expects text, a whole number or true/false in JSON, got " + value.dump());
}

}  // namespace

void SourceOption::apply(SourceSpec& spec, const std::string& value) const {
    if (type == OptionType::Integer) checkInteger(*this, value);
    if (type == OptionType::Flag && value != "true" && value != "false")
        throw InputError("--" + name, "expects true or false, got '" + value + "'");
    if (type == OptionType::Choice && std::find(choices.begin(), choices.end(), value) == choices.end())
        throw InputError("--" + name, "expects " + joined(choices, ", ") + "; got '" + value + "'");
    write(spec, value);
}

std::string SourceOption::describe() const {
    std::string out = help;
    const std::string fallback = defaultValue();
    if (type == OptionType::Choice) return out + " (" + joined(choices, "|") + "; default " + fallback + ")";
    if (type == OptionType::Integer && !minimumMeans.empty())
        return out + " (" + std::to_string(minimum) + " = " + minimumMeans + "; default " + fallback + ")";
    if (type == OptionType::Integer) return out + " (default " + fallback + ")";
    return out;
}

std::string optionGroupTitle(const std::string& group) {
    static const std::map<std::string, std::string> titles = {
        {"files", "Files"}, {"load", "Model"}, {"dataset", "Dataset"}, {"selection", "Batch"}, {"analysis", "Analysis"}};
    const auto it = titles.find(group);
    return it == titles.end() ? group : it->second;
}

const std::vector<SourceOption>& sourceOptions() {
    static const std::vector<SourceOption> options = makeOptions();
    return options;
}

const SourceOption* findSourceOption(const std::string& name) {
    for (const SourceOption& o : sourceOptions())
        if (o.name == name || std::find(o.aliases.begin(), o.aliases.end(), name) != o.aliases.end()) return &o;
    return nullptr;
}

OptionValues sourceValues(const SourceSpec& spec) {
    OptionValues values;
    for (const SourceOption& o : sourceOptions()) values[o.name] = o.read(spec);
    return values;
}

void applySourceValues(const OptionValues& values, SourceSpec& spec) {
    for (const auto& [name, value] : values) {
        const SourceOption* o = findSourceOption(name);
        if (!o) throw InputError("--" + name, "is not a source or analysis option");
        o->apply(spec, value);
    }
    const SourceSpec defaults;
    for (const auto& [name, value] : values) {
        const SourceOption* o = findSourceOption(name);
        const auto& [other, needed] = o->onlyWith;
        // A value at its default asks for nothing (saved options and recent files hold every option).
        if (other.empty() || o->read(spec) == o->read(defaults)) continue;
        const std::string actual = findSourceOption(other)->read(spec);
        if (actual != needed)
            throw InputError("--" + o->name,
                             "applies only with --" + other + " " + needed + ", and --" + other + " is " + actual);
    }
}

nlohmann::json sourceOptionsJson(const SourceSpec& spec) {
    nlohmann::json j = nlohmann::json::object();
    for (const SourceOption& o : sourceOptions())
        if (o.group != "files") j[o.group][o.jsonKey] = typed(o, o.read(spec));
    return j;
}

void applySourceOptionsJson(const nlohmann::json& options, SourceSpec& spec) {
    for (const SourceOption& o : sourceOptions()) {
        if (o.group == "files") continue;
        const auto group = options.find(o.group);
        if (group == options.end() || !group->is_object()) continue;
        const auto value = group->find(o.jsonKey);
        if (value != group->end()) o.apply(spec, untyped(o, *value));
    }
}

void checkSourceFiles(const SourceSpec& spec) {
    if (spec.statesPath.empty() == spec.modelPath.empty())
        throw InputError("command line", "give either --states or --model with --data");
    if (!spec.modelPath.empty() && spec.dataPath.empty())
        throw InputError("--model", "needs --data: the dataset to run the model on");
    if (!spec.lengthsPath.empty() && spec.statesPath.empty()) throw InputError("--lengths", "goes with --states");
}

}  // namespace kann
