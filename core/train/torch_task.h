#pragma once
// Internal to core/train (includes Torch; never include it from outside this folder): what the
// three trainers share, a root module whose parameter names are the checkpoint's keys, Adam with
// gradient clipping, and deterministic set-up.
#include "core/train/training_loop.h"

#include <torch/torch.h>

#include <cstdint>
#include <random>

namespace kann::train_detail {

class TorchTask : public TrainingTask {
public:
    CheckpointTensors tensors() const override;

protected:
    // Seeds Torch and the task's generator and pins Torch to one thread: same seed, same weights.
    explicit TorchTask(unsigned seed);
    // Call once every module is registered under root_.
    void makeOptimizer(double learningRate);
    // Backpropagates `loss`, clips the gradient norm to 1 and steps; returns the loss value.
    double step(const torch::Tensor& loss);
    // A permutation of 0..n-1 drawn from the task's generator.
    std::vector<int> shuffled(int n);

    std::shared_ptr<torch::nn::Module> root_ = std::make_shared<torch::nn::Module>();
    std::mt19937 rng_;

private:
    std::unique_ptr<torch::optim::Adam> optimizer_;
};

// A sub-module under `parent` named `name`, to nest names as Python does ("encoder.rnn.weight_ih_l0").
std::shared_ptr<torch::nn::Module> child(torch::nn::Module& parent, const std::string& name);

}  // namespace kann::train_detail
