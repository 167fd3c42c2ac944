#include "core/data/text_file.h"

#include "core/common/error.h"

#include <charconv>
#include <fstream>
#include <iterator>
#include <limits>

namespace kann {

std::string readWholeFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path, "cannot open the file");
    std::string content{std::istreambuf_iterator<char>(in), {}};
    if (in.bad()) throw InputError(path, "read error");
    // Editors on Windows start UTF-8 files with a byte order mark; it belongs to no label or token.
    if (content.compare(0, 3, "\xEF\xBB\xBF") == 0) content.erase(0, 3);
    return content;
}

std::string readTextFile(const std::string& path) {
    std::string content = readWholeFile(path);
    if (content.find('\0') != std::string::npos)
        throw InputError(path, "is a binary file (it holds NUL bytes), not text; series arrays go in .npy or .npz files");
    return content;
}

std::vector<std::string_view> splitLines(std::string_view text, bool stripCarriageReturn) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (stripCarriageReturn && !line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        start = end + 1;
    }
    return lines;
}

std::vector<std::string_view> splitOn(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    for (std::size_t start = 0;;) {
        const std::size_t end = s.find(sep, start);
        out.push_back(s.substr(start, end == std::string_view::npos ? end : end - start));
        if (end == std::string_view::npos) return out;
        start = end + 1;
    }
}

std::string_view trimmed(std::string_view s) {
    const char* space = " \t\r\n\v\f";
    const std::size_t b = s.find_first_not_of(space);
    if (b == std::string_view::npos) return {};
    return s.substr(b, s.find_last_not_of(space) - b + 1);
}

namespace {

// from_chars leaves an out-of-range value unset: a negative exponent underflowed to zero, anything
// else overflowed to infinity.
double outOfRange(std::string_view s) {
    const bool negative = s[0] == '-';
    const std::size_t e = s.find_first_of("eE");
    const bool tiny = e != std::string_view::npos && e + 1 < s.size() && s[e + 1] == '-';
    const double magnitude = tiny ? 0.0 : std::numeric_limits<double>::infinity();
    return negative ? -magnitude : magnitude;
}

}  // namespace

std::optional<double> parseNumber(std::string_view s) {
    // from_chars takes no '+'; one is allowed, but not before another sign ("+-3").
    if (!s.empty() && s[0] == '+') {
        s.remove_prefix(1);
        if (!s.empty() && s[0] == '-') return std::nullopt;
    }
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || end != s.data() + s.size()) return std::nullopt;
    if (ec == std::errc::result_out_of_range) return outOfRange(s);
    if (ec != std::errc()) return std::nullopt;
    return v;
}

}  // namespace kann
