#include "core/pipeline/source_description.h"

#include "core/data/text_corpus.h"
#include "core/data/text_file.h"
#include "core/data/text_table.h"
#include "core/models/checkpoint_reader.h"
#include "core/models/layouts.h"
#include "core/models/onnx_graph.h"

#include <filesystem>
#include <map>

namespace kann {

namespace {

std::string labelCounts(const Dataset& d) {
    std::map<int, int> counts;
    for (int l : d.labels) ++counts[l];
    std::string s = "; labels:";
    for (auto [label, n] : counts) {
        const bool named = label >= 0 && label < static_cast<int>(d.labelNames.size()) && !d.labelNames[label].empty();
        s += " " + (named ? d.labelNames[label] : std::to_string(label)) + " (" + std::to_string(n) + ")";
    }
    return s;
}

// A dataset's description, `count` its sequences (an outline holds no texts).
FileDescription described(const Dataset& d, std::size_t count) {
    std::string s = (d.kind == Dataset::Kind::Text ? "text, " : "series, ") + std::to_string(count) + " sequences (" +
                    d.format + ")";
    if (d.hasLabels()) s += labelCounts(d);
    if (d.kind == Dataset::Kind::Series && d.size() > 0)
        s += "; " + std::to_string(d.seriesLength(0)) + " steps x " + std::to_string(d.channels) + " channels";
    return {s, {}, d.notes, d.detected};
}

bool isCorpusFolder(const SourceSpec& spec) {
    return (spec.data.format == "auto" || spec.data.format == "aclimdb") && std::filesystem::is_directory(spec.dataPath);
}

// A folder of one review per file told from its listing: the files counted, the labels from the
// folders holding them, all exact; the first and last reviews read, so that a folder of what is
// no text is refused before the run. Its texts stay unread.
Dataset corpusOutline(const SourceSpec& spec) {
    const CorpusListing listing = listAclImdb(spec.dataPath);
    for (const std::string* file : {&listing.files.front(), &listing.files.back()}) readTextFile(*file);
    Dataset d;
    d.source = spec.dataPath;
    d.format = "aclimdb";
    d.kind = Dataset::Kind::Text;
    assignLabels(d, listing.labels);
    if (spec.data.format == "auto") noteFormatDetected(d);
    return d;
}

}  // namespace

FileDescription describeModel(const SourceSpec& spec) {
    const auto network = loadNetwork(spec.modelPath, spec.load);
    const NetworkInfo& info = network->info();
    FileDescription d{info.summary(), info.assumptions, {}, info.detected};
    // Layouts read by roles are all --arch stack, autoencoders included.
    if (spec.load.arch == "auto") d.detected["arch"] = info.layout == "autoencoder" ? "stack" : info.layout;
    return d;
}

FileDescription describeData(const SourceSpec& spec) {
    if (isCorpusFolder(spec)) {
        const Dataset outline = corpusOutline(spec);
        return described(outline, outline.labels.size());  // one label per review listed
    }
    const Dataset d = loadDataset(spec.dataPath, spec.data);
    return described(d, d.size());
}

std::map<std::string, std::vector<std::string>> optionValuesIn(const SourceSpec& spec, const std::string& file) {
    try {
        if (file == "data" && !spec.dataPath.empty()) {
            const std::vector<std::string> columns = textTableColumns(spec.dataPath);
            return {{"text-column", columns}, {"label-column", columns}};
        }
        if (file == "model" && !spec.modelPath.empty() && !looksLikeOnnx(spec.modelPath)) {
            const LayoutChoices c = layoutChoices(openStateDict(spec.modelPath));
            return {{"stack", c.stacks}, {"embedding", c.embeddings}, {"head", c.heads}};
        }
    } catch (const std::exception&) {
        // a TorchScript program, or a file the loader refuses: it names no module to choose
    }
    return {};
}

}  // namespace kann
