#pragma once
// Time-series datasets in the UCR archive's formats: .arff (with or without its header), .ts
// (sktime) and delimited tables (comma, tab or spaces), the label in the first or last column.
#include "core/data/dataset.h"

#include <string>
#include <string_view>

namespace kann {

// True for the series formats: arff, ts, csv (any delimited numeric table).
bool isSeriesFormat(const std::string& format);

// True when the first row of `content` (after an optional header row of names) reads as numbers,
// with at most one name (a label) at either end, rather than as text.
bool looksLikeSeriesTable(std::string_view content);

// Loads `path` in one of the series formats. labelColumn: auto | first | last | none; auto takes
// the end column that holds integers or names (the first, as in the UCR archive, when both do;
// the last for .arff). Ragged rows, non-numbers and non-finite values are errors naming the line.
Dataset loadSeries(const std::string& path, const std::string& format, const std::string& labelColumn,
                   bool zNormalize);

// Rescales every series, channel by channel, to mean 0 and standard deviation 1 (population);
// a constant channel only loses its mean.
void zNormalizeSeries(Dataset& dataset);

}  // namespace kann
