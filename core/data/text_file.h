#pragma once
// Whole-file reading and line splitting shared by the dataset and vocabulary loaders.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kann {

// The bytes of `path`, without a leading UTF-8 byte order mark; throws InputError(path, ...)
// when it cannot be read.
std::string readWholeFile(const std::string& path);

// readWholeFile for a file that must be text: throws InputError(path, ...) for a binary file
// (one holding NUL bytes), which no tokenizer may read.
std::string readTextFile(const std::string& path);

// Lines split on '\n' only (U+0085 and other separators stay inside lines); a final '\n' adds no
// empty line. With stripCarriageReturn, one '\r' before each '\n' is dropped (CRLF files).
std::vector<std::string_view> splitLines(std::string_view text, bool stripCarriageReturn);

// The pieces of `s` between separators `sep` (one more than there are separators).
std::vector<std::string_view> splitOn(std::string_view s, char sep);

// `s` without leading and trailing ASCII whitespace.
std::string_view trimmed(std::string_view s);

// The number `s` spells (optional sign, decimal or exponent form, "inf"/"nan"), read the same
// under every locale; nullopt unless all of `s` is consumed.
std::optional<double> parseNumber(std::string_view s);

}  // namespace kann
