#pragma once
// A value other than the default for every option of the schema, so that round-trip tests cover
// an option the day it is added.
#include "core/pipeline/option_schema.h"

namespace kann::test {

inline std::string sampleValue(const SourceOption& o) {
    const std::string fallback = o.defaultValue();
    switch (o.type) {
    case OptionType::Flag: return fallback == "true" ? "false" : "true";
    case OptionType::Integer: return std::to_string(o.minimum + 1 == std::stoll(fallback) ? o.minimum + 2 : o.minimum + 1);
    case OptionType::Choice: return o.choices.back() == fallback ? o.choices.front() : o.choices.back();
    default: return "/sample/" + o.name + (fallback.empty() ? "" : "-" + fallback);
    }
}

// Every option set to its sample value.
inline OptionValues sampleValues() {
    OptionValues values;
    for (const SourceOption& o : sourceOptions()) values[o.name] = sampleValue(o);
    return values;
}

}  // namespace kann::test
