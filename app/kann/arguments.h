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
    // A number within [low, high]; throws InputError("--name", ...) otherwise.
    double real(const std::string& name, double fallback, double low, double high) const;
    bool flag(const std::string& name) const;
    // A comma-separated value (or `fallback` when the option is absent) as its non-empty items.
    std::vector<std::string> list(const std::string& name, const std::string& fallback = "") const;
    // A comma-separated list of whole numbers; throws InputError("--name", ...) on anything else.
    std::vector<int> integers(const std::string& name) const;

private:
    std::map<std::string, std::string> values_;
    std::set<std::string> flags_;
};

// True (after printing `usage`) when the arguments ask for help.
bool printedHelp(const std::vector<std::string>& args, const std::string& usage);

// Writes `text` and a newline to the file `target`, or to stdout when it is "-".
void writeOutput(const std::string& text, const std::string& target);

}  // namespace kann::cli
