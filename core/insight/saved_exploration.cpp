#include "core/insight/saved_exploration.h"

#include "core/common/error.h"
#include "core/io/sha256.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace kann {

namespace {

using nlohmann::json;

constexpr int kFormatVersion = 1;

struct FileRole {
    const char* name;
    std::string SourceSpec::*path;
};
const FileRole kFiles[] = {{"model", &SourceSpec::modelPath},
                           {"data", &SourceSpec::dataPath},
                           {"vocab", &SourceSpec::vocabPath},
                           {"states", &SourceSpec::statesPath},
                           {"lengths", &SourceSpec::lengthsPath}};

json optionsJson(const SourceSpec& s) {
    return {{"load", {{"arch", s.load.arch}, {"layer", s.load.layer}, {"lstm_hidden_and_cell", s.load.lstmHiddenAndCell}}},
            {"dataset", {{"format", s.data.format}, {"z_normalize", s.data.zNormalize}, {"label_column", s.data.labelColumn}}},
            {"selection", {{"count", s.selection.count}, {"offset", s.selection.offset}, {"label", s.selection.label},
                           {"max_length", s.selection.maxLength}}},
            {"analysis", {{"k", s.analysis.k}, {"reduction", reductionName(s.analysis.reduction)},
                          {"include_padding", s.analysis.includePadding}, {"seed", s.analysis.seed},
                          {"fit", fitName(s.analysis.fit)}, {"input_k", s.analysis.inputK}}}};
}

// Reads the options back; nlohmann throws on a missing key or a wrong type.
void readOptions(const json& j, SourceSpec& s) {
    const json& load = j.at("load");
    load.at("arch").get_to(s.load.arch);
    load.at("layer").get_to(s.load.layer);
    load.at("lstm_hidden_and_cell").get_to(s.load.lstmHiddenAndCell);
    const json& data = j.at("dataset");
    data.at("format").get_to(s.data.format);
    data.at("z_normalize").get_to(s.data.zNormalize);
    data.at("label_column").get_to(s.data.labelColumn);
    const json& sel = j.at("selection");
    sel.at("count").get_to(s.selection.count);
    sel.at("offset").get_to(s.selection.offset);
    sel.at("label").get_to(s.selection.label);
    sel.at("max_length").get_to(s.selection.maxLength);
    const json& an = j.at("analysis");
    an.at("k").get_to(s.analysis.k);
    s.analysis.reduction = parseReduction(an.at("reduction").get<std::string>());
    an.at("include_padding").get_to(s.analysis.includePadding);
    an.at("seed").get_to(s.analysis.seed);
    // Explorations saved before fits with inputs existed are autonomous.
    s.analysis.fit = parseFit(an.value("fit", fitName(Fit::Autonomous)));
    s.analysis.inputK = an.value("input_k", -1);
}

json parseFile(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw InputError(path, "cannot open the saved exploration");
    try {
        return json::parse(in);
    } catch (const json::parse_error& e) {
        throw InputError(path, std::string("is not valid JSON: ") + e.what());
    }
}

SavedExploration fromJson(const json& j) {
    if (j.value("kann_exploration", 0) != kFormatVersion)
        throw std::runtime_error("not a saved KANN exploration (version " + std::to_string(kFormatVersion) + ")");
    SavedExploration saved;
    for (const auto& [role, entry] : j.at("files").items()) {
        const auto it = std::find_if(std::begin(kFiles), std::end(kFiles), [&](const FileRole& f) { return role == f.name; });
        if (it == std::end(kFiles)) throw std::runtime_error("unknown file role '" + role + "'");
        saved.spec.*(it->path) = entry.at("path").get<std::string>();
        saved.sha256[role] = entry.at("sha256").get<std::string>();
    }
    readOptions(j.at("options"), saved.spec);
    j.at("selected_mode").get_to(saved.selectedMode);
    j.at("selected_review").get_to(saved.selectedReview);
    j.at("view").get_to(saved.view);
    return saved;
}

// Warnings for files whose content changed; InputError for files gone.
std::vector<std::string> checkFiles(const SavedExploration& saved, const std::string& path) {
    std::vector<std::string> warnings;
    for (const FileRole& f : kFiles) {
        const std::string& file = saved.spec.*(f.path);
        if (file.empty()) continue;
        if (!std::filesystem::exists(file))
            throw InputError(file, std::string("the ") + f.name + " of the saved exploration " + path + " is missing");
        const auto want = saved.sha256.find(f.name);
        if (want != saved.sha256.end() && sha256Path(file) != want->second)
            warnings.push_back(std::string("the ") + f.name + " " + file +
                               " changed since the exploration was saved (SHA-256 differs)");
    }
    return warnings;
}

}  // namespace

SavedExploration describeExploration(const SourceSpec& spec, int selectedMode, int selectedReview,
                                     std::map<std::string, std::string> view) {
    SavedExploration saved;
    saved.spec = spec;
    for (const FileRole& f : kFiles) {
        std::string& file = saved.spec.*(f.path);
        if (file.empty()) continue;
        file = std::filesystem::absolute(file).lexically_normal().string();
        saved.sha256[f.name] = sha256Path(file);
    }
    saved.selectedMode = selectedMode;
    saved.selectedReview = selectedReview;
    saved.view = std::move(view);
    return saved;
}

void saveExploration(const SavedExploration& saved, const std::string& path) {
    json files = json::object();
    for (const FileRole& f : kFiles)
        if (const std::string& file = saved.spec.*(f.path); !file.empty()) {
            const auto digest = saved.sha256.find(f.name);
            files[f.name] = {{"path", file}, {"sha256", digest == saved.sha256.end() ? "" : digest->second}};
        }
    const json j = {{"kann_exploration", kFormatVersion}, {"files", files},
                    {"options", optionsJson(saved.spec)}, {"selected_mode", saved.selectedMode},
                    {"selected_review", saved.selectedReview}, {"view", saved.view}};
    std::ofstream out(path);
    out << j.dump(2) << "\n";
    if (!out) throw InputError(path, "cannot write the saved exploration");
}

RestoredExploration openExploration(const std::string& path) {
    const json j = parseFile(path);
    RestoredExploration restored;
    try {
        restored.saved = fromJson(j);
    } catch (const InputError& e) {
        throw InputError(path, e.what());
    } catch (const std::exception& e) {  // nlohmann's missing keys and wrong types, our own checks
        throw InputError(path, std::string("is not a valid saved exploration: ") + e.what());
    }
    restored.warnings = checkFiles(restored.saved, path);
    return restored;
}

}  // namespace kann
