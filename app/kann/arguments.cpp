#include "app/kann/arguments.h"

#include "core/common/error.h"

#include <charconv>

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

int Arguments::integer(const std::string& name, int fallback) const {
    auto v = get(name);
    if (!v) return fallback;
    int out = 0;
    auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
    if (ec != std::errc() || end != v->data() + v->size())
        throw InputError("--" + name, "expects a whole number, got '" + *v + "'");
    return out;
}

bool Arguments::flag(const std::string& name) const { return flags_.count(name) > 0; }

}  // namespace kann::cli
