#include "core/data/batch.h"

#include "core/common/error.h"

#include <algorithm>

namespace kann {

namespace {

std::string labelText(const Dataset& d, int label) {
    const bool named = label >= 0 && static_cast<std::size_t>(label) < d.labelNames.size() &&
                       !d.labelNames[label].empty() && d.labelNames[label] != std::to_string(label);
    return std::to_string(label) + (named ? " (" + d.labelNames[label] + ")" : "");
}

std::string presentLabels(const Dataset& d) {
    std::vector<int> present;
    for (int l : d.labels)
        if (l >= 0) present.push_back(l);
    std::sort(present.begin(), present.end());
    present.erase(std::unique(present.begin(), present.end()), present.end());
    std::string out;
    for (int l : present) out += (out.empty() ? "" : ", ") + labelText(d, l);
    return out;
}

// Why a selection is empty, in terms the user chose.
[[noreturn]] void throwEmpty(const Dataset& d, const BatchSelection& s, std::size_t matching) {
    if (d.size() == 0) throw InputError(d.source, "the dataset is empty");
    if (s.label >= 0 && matching == 0) {
        if (!d.hasLabels()) throw InputError(d.source, "no sequences with label " + std::to_string(s.label) + ": the dataset has no labels");
        throw InputError(d.source, "no sequences with label " + std::to_string(s.label) + " (labels present: " +
                                       presentLabels(d) + ")");
    }
    const std::string which = s.label >= 0 ? " sequences with label " + labelText(d, s.label) : " sequences";
    throw InputError(d.source, "offset " + std::to_string(s.offset) + " is past the " + std::to_string(matching) + which);
}

int keptLength(int length, const BatchSelection& s) { return s.maxLength > 0 ? std::min(length, s.maxLength) : length; }

// Ids and pieces beyond maxLength dropped, words cut to the pieces that remain.
void truncate(TokenizedText& t, int maxLength) {
    if (maxLength <= 0 || t.pieces.size() <= static_cast<std::size_t>(maxLength)) return;
    t.pieces.resize(maxLength);
    while (!t.words.empty() && t.words.back().firstPiece >= maxLength) t.words.pop_back();
    Word& last = t.words.back();
    last.pieceCount = std::min(last.pieceCount, maxLength - last.firstPiece);
}

}  // namespace

TokenizedText selectedText(const Dataset& dataset, int r, const BatchSelection& selection, const Tokenizer& tokenizer) {
    TokenizedText t = tokenizer.tokenize(dataset.texts[r]);
    if (t.pieces.empty()) throw InputError(dataset.source, "text " + std::to_string(r) + " has no tokens (it is blank)");
    truncate(t, selection.maxLength);
    return t;
}

std::vector<int> selectRows(const Dataset& dataset, const BatchSelection& selection) {
    if (selection.count < 0) throw InputError(dataset.source, "the batch size must not be negative (0 takes every sequence)");
    if (selection.offset < 0) throw InputError(dataset.source, "the offset must not be negative");
    std::vector<int> rows;
    std::size_t matching = 0;
    for (std::size_t i = 0; i < dataset.size(); ++i) {
        if (selection.label >= 0 && (i >= dataset.labels.size() || dataset.labels[i] != selection.label)) continue;
        if (matching++ < static_cast<std::size_t>(selection.offset)) continue;
        if (selection.count == 0 || rows.size() < static_cast<std::size_t>(selection.count)) rows.push_back(static_cast<int>(i));
    }
    if (rows.empty()) throwEmpty(dataset, selection, matching);
    return rows;
}

namespace {

// A batch of the selected rows with their labels; lengths and values still to fill.
InputBatch batchOfRows(const Dataset& dataset, const BatchSelection& selection, InputBatch::Kind kind, int features) {
    InputBatch b;
    b.kind = kind;
    b.features = features;
    b.rows = selectRows(dataset, selection);
    b.batch = static_cast<int>(b.rows.size());
    for (int r : b.rows) b.labels.push_back(r < static_cast<int>(dataset.labels.size()) ? dataset.labels[r] : -1);
    return b;
}

}  // namespace

InputBatch selectSeriesBatch(const Dataset& dataset, const BatchSelection& selection) {
    if (dataset.kind != Dataset::Kind::Series)
        throw InputError(dataset.source, "holds texts, not series: it needs a text model and a vocabulary");
    InputBatch b = batchOfRows(dataset, selection, InputBatch::Kind::Series, dataset.channels);
    for (int r : b.rows) b.lengths.push_back(keptLength(dataset.seriesLength(r), selection));
    b.time = *std::max_element(b.lengths.begin(), b.lengths.end());
    b.values.assign(static_cast<std::size_t>(b.batch) * b.time * b.features, 0.0f);
    for (int i = 0; i < b.batch; ++i) {
        const std::vector<float>& s = dataset.series[b.rows[i]];
        std::copy_n(s.begin(), static_cast<std::size_t>(b.lengths[i]) * b.features,
                    b.values.begin() + static_cast<std::ptrdiff_t>(i) * b.time * b.features);
    }
    return b;
}

namespace {

// A Tokens batch of the selected rows with their labels, lengths and ids still to fill.
InputBatch textBatchOf(const Dataset& dataset, const BatchSelection& selection) {
    if (dataset.kind != Dataset::Kind::Text)
        throw InputError(dataset.source, "holds series, not texts: it needs a series model");
    return batchOfRows(dataset, selection, InputBatch::Kind::Tokens, 1);
}

}  // namespace

TextBatch selectTextBatch(const Dataset& dataset, const BatchSelection& selection, const Tokenizer& tokenizer) {
    TextBatch out;
    InputBatch& b = out.input;
    b = textBatchOf(dataset, selection);
    for (int r : b.rows) {
        out.tokenized.push_back(selectedText(dataset, r, selection, tokenizer));
        b.lengths.push_back(static_cast<int>(out.tokenized.back().pieces.size()));
    }
    b.time = *std::max_element(b.lengths.begin(), b.lengths.end());
    b.tokens.assign(static_cast<std::size_t>(b.batch) * b.time, 0);
    for (int i = 0; i < b.batch; ++i) {
        const auto& pieces = out.tokenized[i].pieces;
        for (std::size_t t = 0; t < pieces.size(); ++t) b.tokens[static_cast<std::size_t>(i) * b.time + t] = pieces[t].id;
    }
    return out;
}

TextIds selectTextIds(const Dataset& dataset, const BatchSelection& selection, const Tokenizer& tokenizer) {
    TextIds out;
    out.input = textBatchOf(dataset, selection);
    for (int r : out.input.rows) {
        out.ids.push_back(selectedText(dataset, r, selection, tokenizer).ids());
        out.input.lengths.push_back(static_cast<int>(out.ids.back().size()));
    }
    out.input.time = *std::max_element(out.input.lengths.begin(), out.input.lengths.end());
    return out;
}

}  // namespace kann
