#pragma once
// Command-line arguments of one subcommand: `--name value` options and `--flag` switches.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace kann::cli {

class Arguments {
public:
    // Parses argv; `options` take a value, `flags` do not. Unknown names throw InputError.
    Arguments(const std::vector<std::string>& args, const std::set<std::string>& options,
              const std::set<std::string>& flags);

    bool has(const std::string& name) const;
    std::optional<std::string> get(const std::string& name) const;
    std::string require(const std::string& name) const;
    std::string value(const std::string& name, const std::string& fallback) const;
    int integer(const std::string& name, int fallback) const;  // throws InputError("--name", ...)
    bool flag(const std::string& name) const;

private:
    std::map<std::string, std::string> values_;
    std::set<std::string> flags_;
};

}  // namespace kann::cli
