#pragma once
// Text datasets: label<TAB>text and text<TAB>label files, one text per line, the aclImdb folder
// layout (pos/ and neg/ of .txt files) and the rt-polarity pair (.pos and .neg).
#include "core/data/dataset.h"

#include <string>
#include <string_view>
#include <vector>

namespace kann {

// True for the text formats: label-text, text-label, lines, aclimdb, rt-polarity.
bool isTextFormat(const std::string& format);

// The line-file format `content` looks like: "label-text" when every line starts with an integer
// label and a tab, "text-label" when every line ends with a tab and an integer label, else "lines".
std::string detectTextFormat(std::string_view content);

// An aclImdb split folder's reviews, listed but not read: one file per review, in load order
// (neg then pos, each by review id), with each one's label as written ("neg", "pos").
struct CorpusListing {
    std::vector<std::string> files;
    std::vector<std::string> labels;
};
// Throws InputError(path, ...) as loading would for a folder without pos/ and neg/ of .txt files.
CorpusListing listAclImdb(const std::string& path);

// Loads `path` in one of the text formats. For rt-polarity `path` is either file of the pair or
// their common stem; for aclimdb a folder holding pos/ and neg/. Lines split on '\n' only.
Dataset loadTextCorpus(const std::string& path, const std::string& format);

}  // namespace kann
