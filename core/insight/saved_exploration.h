#pragma once
// An exploration saved as a small JSON file: where its checkpoint and data are (with their
// SHA-256, so a change is noticed), how the batch was chosen and analysed, and what the user was
// looking at. Reopening it rebuilds the exploration with runExploration(saved.spec).
#include "core/pipeline/exploration.h"

#include <map>
#include <string>
#include <vector>

namespace kann {

struct SavedExploration {
    SourceSpec spec;                            // file paths absolute
    std::map<std::string, std::string> sha256;  // "model", "data", "vocab", "states", "lengths" -> hex digest
    int selectedMode = -1;                      // -1 = none
    int selectedReview = -1;                    // sequence of the batch, -1 = none
    std::map<std::string, std::string> view;    // free-form view settings (the studio's to define)
};

// The spec's files (those given) made absolute and hashed (a folder by its listing, see sha256Path).
// Throws InputError naming a file that does not exist.
SavedExploration describeExploration(const SourceSpec& spec, int selectedMode = -1, int selectedReview = -1,
                                     std::map<std::string, std::string> view = {});

// The file type of a saved exploration on the desktop (packaging/kann-studio-mime.xml): `.kann`.
// Files saved before it existed end in `.kann.json` and still open by that name.
inline constexpr const char* kExplorationExtension = ".kann";

// True for a name a saved exploration has (*.kann or *.kann.json, any case).
bool isExplorationFileName(const std::string& path);

// Writes `saved` as JSON. Throws InputError(path, ...) when it cannot be written.
void saveExploration(const SavedExploration& saved, const std::string& path);

struct RestoredExploration {
    SavedExploration saved;
    std::vector<std::string> warnings;  // one per file whose SHA-256 changed since it was saved
};

// Reads a saved exploration and checks its files: a changed file is a warning, a missing one an
// InputError naming it. Throws InputError(path, ...) for a file that is not a saved exploration.
RestoredExploration openExploration(const std::string& path);

}  // namespace kann
