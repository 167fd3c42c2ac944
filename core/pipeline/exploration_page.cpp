#include "core/pipeline/exploration_page.h"

#include "core/common/error.h"

#include <algorithm>

namespace kann {

namespace {

// What the views read of a dataset (labels' names, notes), without its sequences: a page must not
// hold a copy of the whole dataset.
Dataset describedOnly(const Dataset& d) {
    Dataset out;
    out.source = d.source;
    out.format = d.format;
    out.kind = d.kind;
    out.channels = d.channels;
    out.labelNames = d.labelNames;
    out.notes = d.notes;
    return out;
}

void requirePageable(const Exploration& whole, int first) {
    const std::string source = whole.spec.statesPath.empty() ? whole.spec.modelPath : whole.spec.statesPath;
    if (!whole.network || whole.dataset.size() == 0)
        throw InputError(source, "has no network and dataset to run again: saved states are held whole, not paged");
    if (first < 0 || first >= whole.result.batch)
        throw InputError(source, "has no sequence " + std::to_string(first + 1) + ": its batch holds " +
                                     std::to_string(whole.result.batch));
}

// The page's readout logits: the whole's rows, so a page shows what the whole batch's pass found.
RowMatrixXf pageRows(const RowMatrixXf& all, int first, int count) {
    if (all.rows() == 0) return {};
    return all.middleRows(first, count);
}

}  // namespace

InputBatch pageInput(const Exploration& whole, int first, int count, std::vector<TokenizedText>* tokenized) {
    // A selection takes matching sequences in dataset order: the whole's [first, first + count).
    BatchSelection selection = whole.spec.selection;
    selection.offset += first;
    selection.count = count;
    if (whole.dataset.kind != Dataset::Kind::Text) return selectSeriesBatch(whole.dataset, selection);
    TextBatch batch = selectTextBatch(whole.dataset, selection, *whole.tokenizer);
    if (tokenized) *tokenized = std::move(batch.tokenized);
    return std::move(batch.input);
}

std::vector<int> pageStarts(const std::vector<int>& lengths, int maxSequences, std::int64_t maxPaddedSteps) {
    std::vector<int> starts;
    int count = 0, longest = 0;
    for (int i = 0; i < static_cast<int>(lengths.size()); ++i) {
        const int wider = std::max(longest, lengths[i]);
        const bool fits = count < maxSequences && static_cast<std::int64_t>(count + 1) * wider <= maxPaddedSteps;
        if (count > 0 && fits) {
            ++count;
            longest = wider;
            continue;
        }
        starts.push_back(i);
        count = 1;
        longest = lengths[i];
    }
    return starts;
}

Exploration explorationPage(const Exploration& whole, int first, int count, const Progress& progress) {
    requirePageable(whole, first);
    count = std::clamp(count, 1, whole.result.batch - first);
    Exploration page;
    page.spec = whole.spec;
    page.network = whole.network;
    page.tokenizer = whole.tokenizer;
    page.dataset = describedOnly(whole.dataset);
    page.pageStart = first;
    progress.step(0, 2, "select");
    page.input = pageInput(whole, first, count, &page.tokenized);
    progress.step(1, 2, "unroll");
    page.states = whole.network->unroll(page.input, progress);
    page.states.validate(whole.spec.modelPath + " on " + whole.spec.dataPath);
    if (whole.result.inputs) page.inputs = std::make_shared<const StepInputs>(whole.network->stepInputs(page.input));
    page.readoutLogits = pageRows(whole.readoutLogits, first, count);

    KoopmanResult& r = page.result;
    r = spectrumOnly(whole.result);
    r.streamed = whole.result.streamed;
    r.batch = count;
    r.time = page.input.time;
    r.lengths = whole.result.masked ? page.states.lengths : std::vector<int>(count, r.time);
    r.reduced = project(page.states, r.lengths, r);
    if (whole.spec.analysis.tabulateModes) r.modeTable = (r.reduced * realModeBasis(r)).cast<float>();
    return page;
}

}  // namespace kann
