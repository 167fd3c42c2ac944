#pragma once
// Series kept as NumPy arrays: a .npy of shape [b, T] or [b, T, features], or a .npz holding one
// such array with optional labels [b] ("labels", "label" or "y") and lengths [b] ("lengths").
#include "core/data/dataset.h"

#include <string>

namespace kann {

// True for npy and npz.
bool isNpySeriesFormat(const std::string& format);

// Loads `path` as `format`; options.labelsPath names a .npy of labels [b] (integers) to use
// instead of any in the archive. Sequence i keeps lengths[i] steps. Throws InputError(path, ...)
// for a shape, dtype, length or value that cannot be a batch of series.
Dataset loadNpySeries(const std::string& path, const std::string& format, const DatasetOptions& options);

}  // namespace kann
