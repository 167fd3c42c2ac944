#pragma once
// Text datasets kept as tables: CSV or TSV with a header row (pandas, spreadsheets), headerless
// label-first CSV (Yelp, AG News) and JSON Lines. Columns are chosen by name or number, or found
// by their names (text, review, sentence, ...; label, sentiment, class, polarity, ...).
#include "core/data/dataset.h"

#include <string>
#include <string_view>

namespace kann {

// True for text-csv, text-tsv, label-text-csv and jsonl.
bool isTextTableFormat(const std::string& format);

// The table format `content` is in, or "" when it has no header, delimiters or JSON (plain lines).
// Throws InputError(path, ...) naming the formats it could be, and the flag that picks one, when
// it has delimiters but no header naming its text column.
std::string detectTextTable(std::string_view content, const std::string& path, const DatasetOptions& options);

// The names --text-column and --label-column (or the -field forms) can take in `path`: its first
// row's fields, or the keys of its first JSON object. Reads only the first line; empty for a file
// that is not a table, or is unreadable or binary (the loader says why).
std::vector<std::string> textTableColumns(const std::string& path);

// Loads `path` as `format`. options.textColumn and options.labelColumn choose the columns: auto,
// a header name, or a 1-based column number (labels also first, last or none). Notes say which.
Dataset loadTextTable(const std::string& path, const std::string& format, const DatasetOptions& options);

}  // namespace kann
