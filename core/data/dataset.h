#pragma once
// Datasets as loaded from disk: texts (sentiment corpora) or real-valued series (UCR archive).
#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace kann {

struct Dataset {
    enum class Kind { Text, Series };
    std::string source;   // the file or folder it came from ("typed text" for free text)
    std::string format;   // the format read, e.g. "label-text", "aclimdb", "arff" (see datasetFormats())
    Kind kind = Kind::Text;
    std::vector<std::string> texts;                // Text: one per sequence
    std::vector<std::vector<float>> series;        // Series: one per sequence, [t * channels + c]
    int channels = 1;
    // Per sequence, -1 when unknown. When every label in the file is a non-negative integer the
    // label is that integer; otherwise it is the index of its name in labelNames (sorted).
    std::vector<int> labels;
    // labelNames[label] is the label as written in the file ("" for values not present).
    std::vector<std::string> labelNames;
    // What was detected or assumed while reading (format, columns, label mapping), in words.
    std::vector<std::string> notes;
    // What detection settled, by the option that would pick another: {"format", "text-csv"},
    // {"text-column", "review"}, {"label-column", "none"}.
    std::map<std::string, std::string> detected;

    std::size_t size() const { return kind == Kind::Text ? texts.size() : series.size(); }
    // Steps of sequence i (series only; texts are measured in tokens).
    int seriesLength(std::size_t i) const { return static_cast<int>(series[i].size()) / channels; }
    bool hasLabels() const;
};

struct DatasetOptions {
    std::string format = "auto";        // or one of datasetFormats()
    bool zNormalize = false;            // series: per series and channel, to mean 0 and deviation 1
    // Series tables: auto | first | last | none. Text tables: also a header name or a 1-based number.
    std::string labelColumn = "auto";
    std::string textColumn = "auto";    // text tables and JSON Lines: auto | a header name | a 1-based number
    std::string labelsPath;             // NumPy series: labels [b] from this .npy
};

// The format names DatasetOptions::format accepts, "auto" first.
const std::vector<std::string>& datasetFormats();

// Loads a text or series dataset from a file or folder, detecting its format unless one is given.
// Throws InputError naming the file (and line) for anything missing, malformed or empty.
Dataset loadDataset(const std::string& path, const DatasetOptions& options = {});

// Says in `d`'s notes, and in its detected values, that its format was detected rather than given.
void noteFormatDetected(Dataset& d);

// A dataset of texts typed by the user, without labels.
Dataset textDataset(std::vector<std::string> texts);

// Sets labels and labelNames from the labels as written ("" = unknown), following the rule above.
void assignLabels(Dataset& dataset, const std::vector<std::string>& written);

}  // namespace kann
