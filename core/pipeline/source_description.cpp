#include "core/pipeline/source_description.h"

#include "core/data/text_table.h"
#include "core/models/checkpoint_reader.h"
#include "core/models/layouts.h"
#include "core/models/onnx_graph.h"

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

}  // namespace

FileDescription describeModel(const SourceSpec& spec) {
    const auto network = loadNetwork(spec.modelPath, spec.load);
    return {network->info().summary(), network->info().assumptions};
}

FileDescription describeData(const SourceSpec& spec) {
    const Dataset d = loadDataset(spec.dataPath, spec.data);
    std::string s = (d.kind == Dataset::Kind::Text ? "text, " : "series, ") + std::to_string(d.size()) +
                    " sequences (" + d.format + ")";
    if (d.hasLabels()) s += labelCounts(d);
    if (d.kind == Dataset::Kind::Series && d.size() > 0)
        s += "; " + std::to_string(d.seriesLength(0)) + " steps x " + std::to_string(d.channels) + " channels";
    return {s, {}, d.notes};
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
