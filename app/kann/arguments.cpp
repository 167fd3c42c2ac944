#include "app/kann/arguments.h"

#include "core/common/error.h"

#include <charconv>
#include <fstream>
#include <iostream>
#include <sstream>

namespace kann::cli {

Arguments::Arguments(const std::vector<std::string>& args, const std::set<std::string>& options,
                     const std::set<std::string>& flags) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.rfind("--", 0) != 0) throw InputError("command line", "unexpected argument '" + a + "'");
        const std::string name = a.substr(2);
        if (flags.count(name)) {
            flags_.insert(name);
        } else if (options.count(name)) {
            if (i + 1 >= args.size()) throw InputError(a, "needs a value");
            values_[name] = args[++i];
        } else {
            throw InputError("command line", "unknown option '" + a + "'");
        }
    }
}

bool Arguments::has(const std::string& name) const { return values_.count(name) > 0; }

std::optional<std::string> Arguments::get(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    return it->second;
}

std::string Arguments::require(const std::string& name) const {
    auto v = get(name);
    if (!v) throw InputError("--" + name, "is required");
    return *v;
}

std::string Arguments::value(const std::string& name, const std::string& fallback) const {
    return get(name).value_or(fallback);
}

namespace {

int parseInteger(const std::string& name, const std::string& text) {
    int out = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (ec != std::errc() || end != text.data() + text.size())
        throw InputError("--" + name, "expects a whole number, got '" + text + "'");
    return out;
}

}  // namespace

int Arguments::integer(const std::string& name, int fallback) const {
    auto v = get(name);
    return v ? parseInteger(name, *v) : fallback;
}

double Arguments::real(const std::string& name, double fallback, double low, double high) const {
    auto v = get(name);
    if (!v) return fallback;
    std::size_t used = 0;
    double x = 0;
    try {
        x = std::stod(*v, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != v->size() || !(x >= low && x <= high))
        throw InputError("--" + name, "expects a number within " + std::to_string(low) + ".." +
                                          std::to_string(high) + ", got '" + *v + "'");
    return x;
}

std::vector<int> Arguments::integers(const std::string& name) const {
    std::vector<int> out;
    for (const std::string& item : list(name)) out.push_back(parseInteger(name, item));
    return out;
}

bool Arguments::flag(const std::string& name) const { return flags_.count(name) > 0; }

std::vector<std::string> Arguments::list(const std::string& name, const std::string& fallback) const {
    std::vector<std::string> out;
    std::stringstream in(value(name, fallback));
    for (std::string item; std::getline(in, item, ',');)
        if (!item.empty()) out.push_back(item);
    return out;
}

bool printedHelp(const std::vector<std::string>& args, const std::string& usage) {
    if (args.empty() || (args[0] != "--help" && args[0] != "-h")) return false;
    std::cout << usage;
    return true;
}

void writeOutput(const std::string& text, const std::string& target) {
    if (target == "-") {
        std::cout << text << "\n";
        return;
    }
    std::ofstream out(target);
    out << text << "\n";
    if (!out) throw InputError(target, "cannot write the file");
}

}  // namespace kann::cli
