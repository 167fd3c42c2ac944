#include "core/insight/saved_exploration.h"

#include "core/common/error.h"
#include "core/io/sha256.h"
#include "core/pipeline/option_schema.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>

namespace kann {

namespace {

using nlohmann::json;

// Version 1 stored the LSTM state choice as a boolean and required every option; version 2 stores
// the options as the option schema writes them, and an option it lacks takes its default.
constexpr int kFormatVersion = 2;

// The file options of the schema, by role ("model", "data", ...).
std::vector<const SourceOption*> fileOptions() {
    std::vector<const SourceOption*> files;
    for (const SourceOption& o : sourceOptions())
        if (o.group == "files") files.push_back(&o);
    return files;
}

void readOptions(const json& options, int version, SourceSpec& s) {
    applySourceOptionsJson(options, s);
    if (version == 1) options.at("load").at("lstm_hidden_and_cell").get_to(s.load.lstmHiddenAndCell);
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
    const int version = j.value("kann_exploration", 0);
    if (version < 1 || version > kFormatVersion)
        throw std::runtime_error("not a saved KANN exploration (versions 1 to " + std::to_string(kFormatVersion) + ")");
    SavedExploration saved;
    for (const auto& [role, entry] : j.at("files").items()) {
        const auto files = fileOptions();
        const auto it = std::find_if(files.begin(), files.end(), [&](const SourceOption* f) { return role == f->jsonKey; });
        if (it == files.end()) throw std::runtime_error("unknown file role '" + role + "'");
        (*it)->write(saved.spec, entry.at("path").get<std::string>());
        saved.sha256[role] = entry.at("sha256").get<std::string>();
    }
    readOptions(j.at("options"), version, saved.spec);
    j.at("selected_mode").get_to(saved.selectedMode);
    j.at("selected_review").get_to(saved.selectedReview);
    j.at("view").get_to(saved.view);
    return saved;
}

// Warnings for files whose content changed; InputError for files gone.
std::vector<std::string> checkFiles(const SavedExploration& saved, const std::string& path) {
    std::vector<std::string> warnings;
    for (const SourceOption* f : fileOptions()) {
        const std::string file = f->read(saved.spec);
        if (file.empty()) continue;
        if (!std::filesystem::exists(file))
            throw InputError(file, "the " + f->jsonKey + " of the saved exploration " + path + " is missing");
        const auto want = saved.sha256.find(f->jsonKey);
        if (want != saved.sha256.end() && sha256Path(file) != want->second)
            warnings.push_back("the " + f->jsonKey + " " + file +
                               " changed since the exploration was saved (SHA-256 differs)");
    }
    return warnings;
}

}  // namespace

SavedExploration describeExploration(const SourceSpec& spec, int selectedMode, int selectedReview,
                                     std::map<std::string, std::string> view) {
    SavedExploration saved;
    saved.spec = spec;
    for (const SourceOption* f : fileOptions()) {
        const std::string file = f->read(saved.spec);
        if (file.empty()) continue;
        const std::string absolute = std::filesystem::absolute(file).lexically_normal().string();
        f->write(saved.spec, absolute);
        saved.sha256[f->jsonKey] = sha256Path(absolute);
    }
    saved.selectedMode = selectedMode;
    saved.selectedReview = selectedReview;
    saved.view = std::move(view);
    return saved;
}

bool isExplorationFileName(const std::string& path) {
    std::string name = std::filesystem::path(path).filename().string();
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    const auto endsWith = [&name](const std::string& tail) {
        return name.size() > tail.size() && name.compare(name.size() - tail.size(), tail.size(), tail) == 0;
    };
    return endsWith(kExplorationExtension) || endsWith(std::string(kExplorationExtension) + ".json");
}

void saveExploration(const SavedExploration& saved, const std::string& path) {
    json files = json::object();
    for (const SourceOption* f : fileOptions())
        if (const std::string file = f->read(saved.spec); !file.empty()) {
            const auto digest = saved.sha256.find(f->jsonKey);
            files[f->jsonKey] = {{"path", file}, {"sha256", digest == saved.sha256.end() ? "" : digest->second}};
        }
    const json j = {{"kann_exploration", kFormatVersion}, {"files", files},
                    {"options", sourceOptionsJson(saved.spec)}, {"selected_mode", saved.selectedMode},
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
