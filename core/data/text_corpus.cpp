#include "core/data/text_corpus.h"

#include "core/common/error.h"
#include "core/data/text_file.h"

#include <algorithm>
#include <filesystem>

namespace kann {

namespace fs = std::filesystem;

namespace {

bool isIntegerLabel(std::string_view s) {
    s = trimmed(s);
    if (!s.empty() && s[0] == '-') s.remove_prefix(1);
    return !s.empty() && s.size() <= 9 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool isBlank(std::string_view line) { return trimmed(line).empty(); }

// One text per labelled line; the label sits before the first tab or after the last one.
void parseLabelledLines(const std::string& path, std::string_view content, bool labelFirst, Dataset& d,
                        std::vector<std::string>& written) {
    const auto lines = splitLines(content, true);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string_view line = lines[i];
        if (isBlank(line)) continue;
        const std::size_t tab = labelFirst ? line.find('\t') : line.rfind('\t');
        const std::string where = "line " + std::to_string(i + 1);
        if (tab == std::string_view::npos)
            throw InputError(path, where + " has no tab between " + (labelFirst ? "label and text" : "text and label"));
        const std::string_view label = trimmed(labelFirst ? line.substr(0, tab) : line.substr(tab + 1));
        if (label.empty()) throw InputError(path, where + " has an empty label");
        d.texts.emplace_back(labelFirst ? line.substr(tab + 1) : line.substr(0, tab));
        written.emplace_back(label);
    }
}

Dataset loadLineFile(const std::string& path, const std::string& format) {
    const std::string content = readTextFile(path);
    Dataset d;
    std::vector<std::string> written;
    if (format == "lines") {
        for (std::string_view line : splitLines(content, true))
            if (!isBlank(line)) d.texts.emplace_back(line);
        written.assign(d.texts.size(), "");
    } else {
        parseLabelledLines(path, content, format == "label-text", d, written);
    }
    if (d.texts.empty()) throw InputError(path, "the file holds no texts");
    assignLabels(d, written);
    return d;
}

// The leading number of a file name ("200_8.txt" -> 200), so aclImdb reviews load in id order.
long leadingNumber(const std::string& name) {
    long n = 0;
    for (char c : name) {
        if (c < '0' || c > '9') break;
        n = n * 10 + (c - '0');
    }
    return n;
}

// The .txt reviews of `folder`, in id order; each labelled `label`.
void listFolder(const fs::path& folder, const std::string& label, CorpusListing& listing) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(folder))
        if (entry.is_regular_file() && entry.path().extension() == ".txt") files.push_back(entry.path());
    if (files.empty()) throw InputError(folder.string(), "holds no .txt reviews");
    std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
        const std::string na = a.filename().string(), nb = b.filename().string();
        const long ia = leadingNumber(na), ib = leadingNumber(nb);
        return ia != ib ? ia < ib : na < nb;
    });
    for (const fs::path& f : files) {
        listing.files.push_back(f.string());
        listing.labels.push_back(label);
    }
}

Dataset loadAclImdb(const std::string& path) {
    const CorpusListing listing = listAclImdb(path);
    Dataset d;
    for (const std::string& file : listing.files) d.texts.push_back(readTextFile(file));
    assignLabels(d, listing.labels);
    return d;
}

Dataset loadRtPolarity(const std::string& path) {
    const fs::path p(path);
    const std::string ext = p.extension().string();
    const fs::path stem = ext == ".pos" || ext == ".neg" ? p.parent_path() / p.stem() : p;
    Dataset d;
    std::vector<std::string> written;
    for (const char* label : {"neg", "pos"}) {
        const std::string file = stem.string() + "." + label;
        if (!fs::exists(file)) throw InputError(file, "missing: the rt-polarity format needs both .pos and .neg files");
        const std::string content = readTextFile(file);
        const std::size_t before = d.texts.size();
        for (std::string_view line : splitLines(content, true))
            if (!isBlank(line)) d.texts.emplace_back(line);
        if (d.texts.size() == before) throw InputError(file, "the file holds no texts");
        written.resize(d.texts.size(), label);
    }
    assignLabels(d, written);
    return d;
}

}  // namespace

CorpusListing listAclImdb(const std::string& path) {
    const fs::path root(path);
    for (const char* split : {"test", "train"})
        if (!fs::is_directory(root / "neg") && fs::is_directory(root / split / "neg"))
            throw InputError(path, std::string("is the whole aclImdb, not one split: choose its folder ") +
                                       (root / split).string() + " (pos/ and neg/ of .txt reviews), or the other split");
    for (const char* sub : {"neg", "pos"})
        if (!fs::is_directory(root / sub))
            throw InputError(path, std::string("not an aclImdb split folder: no '") + sub +
                                       "' subfolder (expected pos/ and neg/ of .txt reviews, e.g. aclImdb/test)");
    CorpusListing listing;
    listFolder(root / "neg", "neg", listing);
    listFolder(root / "pos", "pos", listing);
    return listing;
}

bool isTextFormat(const std::string& format) {
    return format == "label-text" || format == "text-label" || format == "lines" || format == "aclimdb" ||
           format == "rt-polarity";
}

std::string detectTextFormat(std::string_view content) {
    bool labelFirst = true, labelLast = true, any = false;
    for (std::string_view line : splitLines(content, true)) {
        if (isBlank(line)) continue;
        any = true;
        const std::size_t first = line.find('\t');
        if (first == std::string_view::npos) return "lines";
        labelFirst = labelFirst && isIntegerLabel(line.substr(0, first));
        labelLast = labelLast && isIntegerLabel(line.substr(line.rfind('\t') + 1));
        if (!labelFirst && !labelLast) return "lines";
    }
    if (!any) return "lines";
    return labelFirst ? "label-text" : "text-label";
}

Dataset loadTextCorpus(const std::string& path, const std::string& format) {
    Dataset d = format == "aclimdb"       ? loadAclImdb(path)
                : format == "rt-polarity" ? loadRtPolarity(path)
                                          : loadLineFile(path, format);
    d.source = path;
    d.format = format;
    d.kind = Dataset::Kind::Text;
    return d;
}

}  // namespace kann
