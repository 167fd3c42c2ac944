#pragma once
// Fuzz target text: one file read as every line-based text format, every text table (CSV, TSV,
// label-first CSV, JSON Lines) and by format detection.
#include "core/data/text_corpus.h"
#include "core/data/text_table.h"
#include "fuzz/fuzz_inputs.h"

namespace kann::fuzz {

inline std::vector<Attempt> textAttempts(const std::string& bytes) {
    std::vector<Attempt> attempts = {[&] { detectTextFormat(bytes); }, [&] { detectTextTable(bytes, "input", {}); }};
    for (const char* format : {"text-csv", "text-tsv", "label-text-csv", "jsonl"}) {
        attempts.push_back([&bytes, format] {
            const TempFile file(bytes, "input.txt");
            loadTextTable(file.path(), format, {});
        });
    }
    for (const char* format : {"label-text", "text-label", "lines"}) {
        attempts.push_back([&bytes, format] {
            const TempFile file(bytes, "input.txt");
            loadTextCorpus(file.path(), format);
        });
    }
    attempts.push_back([&] {
        const TempFile file(bytes, "input.txt");
        loadDataset(file.path());  // detection may also pick a series table
    });
    return attempts;
}

}  // namespace kann::fuzz
