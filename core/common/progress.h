#pragma once
// Progress and cancellation for long work in core. The UI adapts this to signals; the CLI prints it.
#include <atomic>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>

namespace kann {

// Thrown by core when the caller's cancel flag was raised; never carries a partial result.
struct Cancelled : std::runtime_error {
    Cancelled() : std::runtime_error("cancelled") {}
};

// What long operations receive: an optional callback and an optional cancel flag.
struct Progress {
    std::function<void(std::int64_t done, std::int64_t total, const std::string& stage)> report;
    const std::atomic<bool>* cancel = nullptr;

    // Reports (when a callback is set) and throws Cancelled when the flag is raised.
    void step(std::int64_t done, std::int64_t total, const std::string& stage) const {
        if (cancel && cancel->load(std::memory_order_relaxed)) throw Cancelled();
        if (report) report(done, total, stage);
    }
};

}  // namespace kann
