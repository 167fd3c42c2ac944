#pragma once
// Errors that reach the user: each names its source (a file, an option) and what is wrong.
#include <stdexcept>
#include <string>

namespace kann {

// Bad input the user can fix: a file, its content, or an option. The app boundary shows what().
class InputError : public std::runtime_error {
public:
    InputError(const std::string& source, const std::string& problem)
        : std::runtime_error(source.empty() ? problem : source + ": " + problem),
          source_(source), problem_(problem) {}
    const std::string& source() const { return source_; }
    const std::string& problem() const { return problem_; }

private:
    std::string source_;
    std::string problem_;
};

// Data that is valid to read but cannot be analysed (rank too low, non-finite values).
class AnalysisError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace kann
