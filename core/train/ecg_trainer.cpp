#include "core/train/ecg_trainer.h"

#include "core/common/error.h"
#include "core/train/torch_task.h"

#include <cmath>

namespace kann {

namespace {

using train_detail::TorchTask;
using train_detail::child;

// All beats as one [n, T, 1] tensor.
torch::Tensor stack(const std::vector<std::vector<float>>& beats, std::size_t length, const std::string& what) {
    if (beats.empty()) throw InputError("ECG " + what, "holds no beats");
    std::vector<float> flat;
    for (std::size_t i = 0; i < beats.size(); ++i) {
        if (beats[i].size() != length || length < 2)
            throw InputError("ECG " + what, "beat " + std::to_string(i) + " has " + std::to_string(beats[i].size()) +
                                                " samples, expected " + std::to_string(length) + " (at least 2)");
        for (float v : beats[i])
            if (!std::isfinite(v)) throw InputError("ECG " + what, "beat " + std::to_string(i) + " holds a non-finite value");
        flat.insert(flat.end(), beats[i].begin(), beats[i].end());
    }
    return torch::tensor(flat).reshape({static_cast<std::int64_t>(beats.size()), static_cast<std::int64_t>(length), 1});
}

class EcgTrainer : public TorchTask {
public:
    EcgTrainer(const EcgTrainConfig& c, const std::vector<std::vector<float>>& train,
               const std::vector<std::vector<float>>& heldOut)
        : TorchTask(c.seed), config_(c) {
        if (c.embedding < 1 || c.batchSize < 1) throw InputError("ECG trainer", "sizes must be at least 1");
        const std::size_t length = train.empty() ? 0 : train.front().size();
        train_ = stack(train, length, "training set");
        heldOut_ = stack(heldOut, length, "held-out set");
        using torch::nn::LSTM, torch::nn::LSTMOptions;
        encoder_ = child(*root_, "encoder")->register_module("rnn", LSTM(LSTMOptions(1, c.embedding).batch_first(true)));
        auto decoder = child(*root_, "decoder");
        decoder_ = decoder->register_module("rnn", LSTM(LSTMOptions(c.embedding, 2 * c.embedding).batch_first(true)));
        output_ = decoder->register_module("output_layer", torch::nn::Linear(2 * c.embedding, 1));
        makeOptimizer(c.learningRate);
    }

    std::string name() const override { return "ecg"; }
    std::string metricName() const override { return "L1 error"; }
    int batchesPerEpoch() const override {
        return static_cast<int>((train_.size(0) + config_.batchSize - 1) / config_.batchSize);
    }

    double trainBatch(int epoch, int batch) override {
        if (epoch != plannedEpoch_) {
            plannedEpoch_ = epoch;
            order_ = shuffled(static_cast<int>(train_.size(0)));
        }
        const auto begin = order_.begin() + static_cast<std::ptrdiff_t>(batch) * config_.batchSize;
        const std::vector<std::int64_t> rows(begin, std::min(order_.end(), begin + config_.batchSize));
        const torch::Tensor x = train_.index_select(0, torch::tensor(rows));
        return step(torch::mse_loss(forward(x), x));
    }

    Evaluation evaluate() override {
        torch::NoGradGuard noGrad;
        const torch::Tensor y = forward(heldOut_);
        return {torch::mse_loss(y, heldOut_).item<double>(), torch::l1_loss(y, heldOut_).item<double>()};
    }

private:
    torch::Tensor forward(const torch::Tensor& x) {
        const torch::Tensor code = std::get<0>(std::get<1>(encoder_(x)))[0];  // last h: [B, E]
        const torch::Tensor repeated = code.unsqueeze(1).expand({x.size(0), x.size(1), code.size(1)});
        return output_(std::get<0>(decoder_(repeated)));
    }

    EcgTrainConfig config_;
    torch::Tensor train_, heldOut_;
    torch::nn::LSTM encoder_{nullptr}, decoder_{nullptr};
    torch::nn::Linear output_{nullptr};
    int plannedEpoch_ = -1;
    std::vector<int> order_;
};

}  // namespace

std::unique_ptr<TrainingTask> makeEcgTrainer(const EcgTrainConfig& config, std::vector<std::vector<float>> train,
                                             std::vector<std::vector<float>> heldOut) {
    return std::make_unique<EcgTrainer>(config, train, heldOut);
}

}  // namespace kann
