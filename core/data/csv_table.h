#pragma once
// Delimited text read by a real CSV parser (libcsv): quoted fields, doubled quotes, delimiters and
// newlines inside quotes, as Python's csv module and pandas write them.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kann {

struct CsvRecords {
    std::vector<std::vector<std::string>> rows;  // fields as written, unquoted, never trimmed
    std::vector<std::size_t> lines;              // per row, the 1-based line on which it ends
};

// The records of `content` split on `delimiter` (',' or '\t'). Blank lines hold no record.
// Throws InputError(source, ...) for a quoted field left open at the end of the file.
CsvRecords parseCsv(std::string_view content, char delimiter, const std::string& source);

}  // namespace kann
