#include "core/train/sentiment_trainer.h"

#include "core/common/error.h"
#include "core/train/torch_task.h"

#include <algorithm>
#include <numeric>

namespace kann {

namespace {

using train_detail::TorchTask;

void checkExamples(const std::vector<SentimentExample>& set, int vocabSize, const std::string& what) {
    if (set.empty()) throw InputError("sentiment " + what, "holds no examples");
    for (std::size_t i = 0; i < set.size(); ++i) {
        const SentimentExample& e = set[i];
        const std::string where = what + " example " + std::to_string(i);
        if (e.tokens.empty()) throw InputError("sentiment " + what, where + " has no tokens");
        if (e.label != 0 && e.label != 1)
            throw InputError("sentiment " + what, where + " has label " + std::to_string(e.label) + ", not 0 or 1");
        for (std::int64_t t : e.tokens)
            if (t < 0 || t >= vocabSize)
                throw InputError("sentiment " + what, where + " holds token id " + std::to_string(t) +
                                                          " outside the vocabulary of " + std::to_string(vocabSize));
    }
}

class SentimentTrainer : public TorchTask {
public:
    SentimentTrainer(const SentimentTrainConfig& c, std::vector<SentimentExample> train,
                     std::vector<SentimentExample> heldOut)
        : TorchTask(c.seed), config_(c), train_(std::move(train)), heldOut_(std::move(heldOut)) {
        if (c.vocabSize < 1 || c.embedding < 1 || c.hidden < 1 || c.batchSize < 1 || c.maxTokens < 1)
            throw InputError("sentiment trainer", "sizes must be at least 1");
        checkExamples(train_, c.vocabSize, "training set");
        checkExamples(heldOut_, c.vocabSize, "held-out set");
        embedding_ = root_->register_module("embedding", torch::nn::Embedding(c.vocabSize, c.embedding));
        rnn_ = root_->register_module("rnn", torch::nn::GRUCell(c.embedding, c.hidden));
        linear_ = root_->register_module("linear", torch::nn::Linear(c.hidden, 1));
        makeOptimizer(c.learningRate);
    }

    std::string name() const override { return "sentiment"; }
    std::string metricName() const override { return "accuracy"; }
    int batchesPerEpoch() const override {
        return static_cast<int>((train_.size() + config_.batchSize - 1) / config_.batchSize);
    }

    double trainBatch(int epoch, int batch) override {
        if (epoch != plannedEpoch_) planEpoch(epoch);
        const std::vector<int>& rows = plan_[batch];
        const torch::Tensor logits = forward(train_, rows);
        return step(torch::nn::functional::binary_cross_entropy_with_logits(logits, labels(train_, rows)));
    }

    Evaluation evaluate() override {
        torch::NoGradGuard noGrad;
        double loss = 0, hits = 0;
        std::vector<int> all(heldOut_.size());
        std::iota(all.begin(), all.end(), 0);
        std::sort(all.begin(), all.end(), [&](int a, int b) { return length(heldOut_[a]) < length(heldOut_[b]); });
        for (std::size_t start = 0; start < all.size(); start += 256) {
            const std::vector<int> rows(all.begin() + start, all.begin() + std::min(all.size(), start + 256));
            const torch::Tensor logits = forward(heldOut_, rows), y = labels(heldOut_, rows);
            loss += torch::nn::functional::binary_cross_entropy_with_logits(
                        logits, y, torch::nn::functional::BinaryCrossEntropyWithLogitsFuncOptions().reduction(torch::kSum))
                        .item<double>();
            hits += ((logits > 0).to(torch::kFloat32) == y).sum().item<double>();
        }
        return {loss / all.size(), hits / all.size()};
    }

private:
    int length(const SentimentExample& e) const {
        return std::min(static_cast<int>(e.tokens.size()), config_.maxTokens);
    }

    // Shuffled batches of similar lengths: sort within windows of 20 batches, then shuffle the batches.
    void planEpoch(int epoch) {
        plannedEpoch_ = epoch;
        const std::vector<int> order = shuffled(static_cast<int>(train_.size()));
        const std::size_t bs = config_.batchSize, window = 20 * bs;
        std::vector<std::vector<int>> batches;
        for (std::size_t w = 0; w < order.size(); w += window) {
            std::vector<int> chunk(order.begin() + w, order.begin() + std::min(order.size(), w + window));
            std::stable_sort(chunk.begin(), chunk.end(), [&](int a, int b) { return length(train_[a]) < length(train_[b]); });
            for (std::size_t s = 0; s < chunk.size(); s += bs)
                batches.emplace_back(chunk.begin() + s, chunk.begin() + std::min(chunk.size(), s + bs));
        }
        plan_.clear();
        for (int i : shuffled(static_cast<int>(batches.size()))) plan_.push_back(std::move(batches[i]));
    }

    // Logit of the readout on each row's last valid state; padding steps leave the state unchanged.
    torch::Tensor forward(const std::vector<SentimentExample>& set, const std::vector<int>& rows) {
        int time = 0;
        for (int r : rows) time = std::max(time, length(set[r]));
        const auto b = static_cast<std::int64_t>(rows.size());
        std::vector<std::int64_t> ids(b * time, 0);
        std::vector<float> valid(b * time, 0.0f);
        for (std::int64_t i = 0; i < b; ++i)
            for (int t = 0; t < length(set[rows[i]]); ++t) {
                ids[i * time + t] = set[rows[i]].tokens[t];
                valid[i * time + t] = 1.0f;
            }
        const torch::Tensor x = embedding_(torch::tensor(ids).reshape({b, time}));
        const torch::Tensor mask = torch::tensor(valid).reshape({b, time, 1});
        torch::Tensor h = torch::zeros({b, config_.hidden});
        for (int t = 0; t < time; ++t) {
            const torch::Tensor m = mask.select(1, t);
            h = m * rnn_(x.select(1, t), h) + (1 - m) * h;
        }
        return linear_(h).squeeze(1);
    }

    static torch::Tensor labels(const std::vector<SentimentExample>& set, const std::vector<int>& rows) {
        std::vector<float> y;
        for (int r : rows) y.push_back(static_cast<float>(set[r].label));
        return torch::tensor(y);
    }

    SentimentTrainConfig config_;
    std::vector<SentimentExample> train_, heldOut_;
    torch::nn::Embedding embedding_{nullptr};
    torch::nn::GRUCell rnn_{nullptr};
    torch::nn::Linear linear_{nullptr};
    int plannedEpoch_ = -1;
    std::vector<std::vector<int>> plan_;
};

}  // namespace

std::unique_ptr<TrainingTask> makeSentimentTrainer(const SentimentTrainConfig& config,
                                                   std::vector<SentimentExample> train,
                                                   std::vector<SentimentExample> heldOut) {
    return std::make_unique<SentimentTrainer>(config, std::move(train), std::move(heldOut));
}

}  // namespace kann
