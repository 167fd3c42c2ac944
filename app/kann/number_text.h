#pragma once
// Numbers in the command line's tables, the same way in every subcommand: one printf conversion,
// and "n/a" where a figure does not exist (NaN or infinite) rather than "nan" or "inf".
#include <cmath>
#include <cstdio>
#include <string>

namespace kann::cli {

// `x` printed with `format`, a single printf conversion of a double such as "%.4f".
inline std::string numberText(double x, const char* format) {
    if (!std::isfinite(x)) return "n/a";
    char buf[64];
    std::snprintf(buf, sizeof buf, format, x);
    return buf;
}

}  // namespace kann::cli
