#pragma once
// What an MPI job gives the processes that share a batch (ProcessShare), among threads: each call
// of sum or gather waits for all `size` threads and leaves every one of them the same result.
#include "core/common/process_share.h"

#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

namespace kann::test {

class ThreadShare {
public:
    explicit ThreadShare(int size) : size_(size) {}

    // The share of thread `rank`, whose operations meet those of the other threads.
    ProcessShare of(int rank) {
        ProcessShare share{rank, size_};
        share.sum = [this](std::vector<double>& values) { sum(values); };
        share.gather = [this, rank](const std::string& bytes) { return gather(rank, bytes); };
        return share;
    }

private:
    void sum(std::vector<double>& values) {
        meet([&] {
            if (arrived_ == 0) total_.assign(values.size(), 0.0);
            for (std::size_t i = 0; i < values.size(); ++i) total_[i] += values[i];
        }, [&] { sumResult_ = total_; });
        values = sumResult_;  // read before this thread can start another round, so never overwritten
    }

    std::vector<std::string> gather(int rank, const std::string& bytes) {
        meet([&] {
            if (arrived_ == 0) parts_.assign(size_, {});
            parts_[rank] = bytes;
        }, [&] { gatherResult_ = parts_; });
        return gatherResult_;
    }

    // Runs `arrive` for each thread in turn, `complete` for the last, and returns once all have
    // arrived. A result kept by `complete` stays until every thread has arrived at the next call.
    template <typename Arrive, typename Complete>
    void meet(Arrive arrive, Complete complete) {
        std::unique_lock<std::mutex> lock(mutex_);
        const long round = round_;
        arrive();
        if (++arrived_ == size_) {
            complete();
            arrived_ = 0;
            ++round_;
            done_.notify_all();
        } else {
            done_.wait(lock, [&] { return round_ != round; });
        }
    }

    const int size_;
    std::mutex mutex_;
    std::condition_variable done_;
    int arrived_ = 0;
    long round_ = 0;
    std::vector<double> total_, sumResult_;
    std::vector<std::string> parts_, gatherResult_;
};

}  // namespace kann::test
