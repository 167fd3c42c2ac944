#pragma once
// Saving and reopening explorations off the GUI thread: both hash the checkpoint and data files
// (SHA-256), which takes seconds for a checkpoint of a few GB. Errors arrive as `failed`, like
// every BackgroundRunner's.
#include "core/insight/saved_exploration.h"
#include "ui/runners/background_runner.h"

#include <QString>
#include <optional>

namespace kann::ui {

// A saved or reopened exploration file.
struct ExplorationFile {
    QString path;
    std::optional<RestoredExploration> restored;  // empty after a save
};

class ExplorationFileRunner : public Runner<ExplorationFile> {
public:
    using Runner::Runner;
    // Hashes the files of `spec` and writes the exploration to `path`. Replaces running work.
    void save(const SourceSpec& spec, int mode, int review, std::map<std::string, std::string> view,
              const QString& path);
    // Reads the saved exploration at `path` and checks its files. Replaces running work.
    void open(const QString& path);
};

}  // namespace kann::ui
