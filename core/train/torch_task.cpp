#include "core/train/torch_task.h"

#include <algorithm>
#include <numeric>

namespace kann::train_detail {

TorchTask::TorchTask(unsigned seed) : rng_(seed) {
    torch::manual_seed(seed);
    // Reductions split across threads add in a different order: one thread keeps runs repeatable.
    torch::set_num_threads(1);
}

void TorchTask::makeOptimizer(double learningRate) {
    optimizer_ = std::make_unique<torch::optim::Adam>(root_->parameters(), torch::optim::AdamOptions(learningRate));
}

double TorchTask::step(const torch::Tensor& loss) {
    optimizer_->zero_grad();
    loss.backward();
    torch::nn::utils::clip_grad_norm_(root_->parameters(), 1.0);
    optimizer_->step();
    return loss.item<double>();
}

std::vector<int> TorchTask::shuffled(int n) {
    std::vector<int> order(n);
    std::iota(order.begin(), order.end(), 0);
    // Fisher-Yates on raw mt19937 output: std::shuffle's algorithm differs between libraries.
    for (int i = n - 1; i > 0; --i) std::swap(order[i], order[rng_() % static_cast<unsigned>(i + 1)]);
    return order;
}

CheckpointTensors TorchTask::tensors() const {
    torch::NoGradGuard noGrad;
    CheckpointTensors out;
    for (const auto& item : root_->named_parameters()) {
        torch::Tensor t = item.value().detach().to(torch::kFloat32).contiguous();
        CheckpointTensor s;
        s.name = item.key();
        s.shape = t.sizes().vec();
        s.values.assign(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
        out.push_back(std::move(s));
    }
    return out;
}

std::shared_ptr<torch::nn::Module> child(torch::nn::Module& parent, const std::string& name) {
    return parent.register_module(name, std::make_shared<torch::nn::Module>());
}

}  // namespace kann::train_detail
