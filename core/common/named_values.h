#pragma once
// A closed set of core's values, each with one spelling: parsing, the error that lists the
// spellings and a choice list offered to the user all read the same list, so none can drift.
#include "core/common/error.h"

#include <array>
#include <cstddef>
#include <string>
#include <vector>

namespace kann {

template <class Enum, std::size_t N>
struct NamedValues {
    const char* option;  // what a bad spelling is reported against, e.g. "--fit"
    std::array<Enum, N> values;
    const char* (*name)(Enum);

    std::vector<std::string> spellings() const {
        std::vector<std::string> out;
        for (Enum v : values) out.emplace_back(name(v));
        return out;
    }

    // Throws InputError(option, "expects a, b or c, got 'x'").
    Enum parse(const std::string& text) const {
        for (Enum v : values)
            if (text == name(v)) return v;
        throw InputError(option, "expects " + listed() + ", got '" + text + "'");
    }

private:
    std::string listed() const {
        std::string out;
        for (std::size_t i = 0; i < N; ++i)
            out += (i == 0 ? "" : i + 1 == N ? " or " : ", ") + std::string(name(values[i]));
        return out;
    }
};

}  // namespace kann
