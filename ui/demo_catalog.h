#pragma once
// The built-in demos: resources/demos/<name>/demo.json plus its model and data. The studio reads
// the descriptions; a missing or broken demo is reported, never fatal.
//
// demo.json (paths relative to the demo's folder unless absolute):
//   { "title": "...", "description": "...", "picture": "picture.png",
//     "model": "model.pt", "data": "reviews.txt", "vocab": "vocab.txt", "arch": "auto",
//     "batch": { "count": 64, "offset": 0, "max_length": 400, "label": -1 },
//     "analysis": { "k": -1, "reduction": "svd", "include_padding": false },
//     "select": 0, "review": 0 }
#include "core/pipeline/exploration.h"

#include <QString>
#include <QStringList>
#include <vector>

namespace kann::ui {

struct Demo {
    QString name;         // folder name: copy, sentiment, ecg
    QString folder;
    QString title;
    QString description;  // for a student: what to look for
    QString picture;      // absolute path; empty when the demo has none
    SourceSpec spec;
    int select = -1;      // eigenvalue selected on opening (table order), -1 = most dominant
    int review = 0;
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
