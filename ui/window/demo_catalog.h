#pragma once
// The built-in demos: resources/demos/<name>/demo.json plus its model and data. The studio reads
// the descriptions; a missing or broken demo is reported, never fatal.
//
// demo.json (paths relative to the demo's folder unless absolute):
//   { "title": "...", "description": "...", "picture": "picture.png",
//     "model": "model.pt", "data": "reviews.txt", "vocab": "vocab.txt",                // any file role
//     "options": { "load": { "arch": "auto" }, "selection": { "count": 64, "max_length": 400 },
//                  "analysis": { "k": -1 } },    // as saved explorations write them; absent = default
//     "select": 0, "review": 0,
//     "tab": "timeline",                         // optional: the tab it opens on (a key or a title)
//     "label_names": { "1": "typical shape" },   // optional: what the dataset's labels mean
//     "untrained_model": "model_untrained.pt",   // optional: the same network before training
//     "snapshots": "snapshots",                  // optional: kann train --snapshots' folder (the timeline)
//     "copy_task": { ..., "phases": [ { "name": "input", "begin": 0, "end": 5 }, ... ] } }
// Phase steps are half-open [begin, end) time steps of every sequence of the task.
#include "core/pipeline/exploration.h"

#include <QString>
#include <QStringList>
#include <map>
#include <vector>

namespace kann::ui {

// One phase of a synthetic task (input, delay, go, recall): steps [begin, end).
struct TaskPhase {
    QString name;
    int begin = 0, end = 0;
};

struct Demo {
    QString name;         // folder name: copy, sentiment, ecg
    QString folder;
    QString title;
    QString description;  // for a student: what to look for
    QString picture;      // absolute path; empty when the demo has none
    SourceSpec spec;
    int select = -1;      // eigenvalue selected on opening (table order), -1 = most dominant
    int review = 0;
    QString tab;          // empty: the inspector of the data (Text or Series)
    std::map<int, QString> labelNames;  // label -> what it means; labels not listed show as numbers
    QString untrainedModel;          // absolute path; empty when the demo has no untrained twin
    QString snapshots;               // absolute folder of training snapshots; empty when none
    std::vector<TaskPhase> phases;   // empty unless the task has fixed phases (copy)
};

// Where resources/ is: $KANN_RESOURCES, next to the executable (../share/kann-studio/resources),
// or the source tree the studio was built from.
QString resourcesDir();
// The demo names the studio ships, in the order the welcome page lists them.
QStringList demoNames();
// Reads resources/demos/<name>/demo.json. Throws InputError naming the file and the problem
// (e.g. "the demo is not installed: run scripts/setup.sh") when it is missing or malformed.
Demo loadDemo(const QString& name);

}  // namespace kann::ui
