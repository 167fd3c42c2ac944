#pragma once
// Fuzz target text: one file read as every line-based text format and by format detection.
#include "core/data/text_corpus.h"
#include "fuzz/fuzz_inputs.h"

namespace kann::fuzz {

inline std::vector<Attempt> textAttempts(const std::string& bytes) {
    std::vector<Attempt> attempts = {[&] { detectTextFormat(bytes); }};
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
