#include "core/train/copy_trainer.h"

#include "core/common/error.h"
#include "core/train/torch_task.h"

namespace kann {

namespace {

using train_detail::TorchTask;

struct CopyTensors {
    torch::Tensor inputs;   // [B, T, F]
    torch::Tensor targets;  // [B, T] class ids
    torch::Tensor weights;  // [T] loss weight per step
    torch::Tensor recall;   // [T] true during recall
};

CopyTensors toTensors(const CopyTaskBatch& batch, double recallWeight) {
    const InputBatch& in = batch.inputs;
    CopyTensors t;
    t.inputs = torch::from_blob(const_cast<float*>(in.values.data()), {in.batch, in.time, in.features}, torch::kFloat32)
                   .clone();
    t.targets = torch::tensor(std::vector<std::int64_t>(batch.targets.begin(), batch.targets.end()))
                    .reshape({in.batch, in.time});
    std::vector<float> weights, recall;
    for (CopyPhase p : batch.phases) {
        weights.push_back(p == CopyPhase::Recall ? static_cast<float>(recallWeight) : 1.0f);
        recall.push_back(p == CopyPhase::Recall ? 1.0f : 0.0f);
    }
    t.weights = torch::tensor(weights);
    t.recall = torch::tensor(recall).to(torch::kBool);
    return t;
}

class CopyTrainer : public TorchTask {
public:
    explicit CopyTrainer(const CopyTrainConfig& c) : TorchTask(c.seed), config_(c) {
        if (c.hidden < 1) throw InputError("copy trainer", "the hidden size must be at least 1");
        if (c.batchesPerEpoch < 1 || c.heldOutBatch < 1 || c.task.batch < 1)
            throw InputError("copy trainer", "batch counts and sizes must be at least 1");
        rnn_ = root_->register_module(
            "rnn", torch::nn::GRU(torch::nn::GRUOptions(c.task.features(), c.hidden).batch_first(true)));
        linear_ = root_->register_module("linear", torch::nn::Linear(c.hidden, c.task.classes()));
        makeOptimizer(c.learningRate);
        CopyTaskSpec heldOut = c.task;
        heldOut.batch = c.heldOutBatch;
        heldOut.seed = c.seed ^ 0x5eedf00du;  // never one of the training batches' seeds below
        heldOut_ = toTensors(makeCopyTask(heldOut), c.recallWeight);
    }

    std::string name() const override { return "copy"; }
    std::string metricName() const override { return "recall accuracy"; }
    int batchesPerEpoch() const override { return config_.batchesPerEpoch; }

    double trainBatch(int epoch, int batch) override {
        CopyTaskSpec spec = config_.task;
        spec.seed = config_.seed * 1000003u + static_cast<unsigned>(epoch * config_.batchesPerEpoch + batch);
        const CopyTensors t = toTensors(makeCopyTask(spec), config_.recallWeight);
        return step(loss(forward(t.inputs), t));
    }

    Evaluation evaluate() override {
        torch::NoGradGuard noGrad;
        const torch::Tensor logits = forward(heldOut_.inputs);
        const torch::Tensor hits = (logits.argmax(-1) == heldOut_.targets).index({torch::indexing::Slice(), heldOut_.recall});
        return {loss(logits, heldOut_).item<double>(), hits.to(torch::kFloat64).mean().item<double>()};
    }

private:
    torch::Tensor forward(const torch::Tensor& inputs) { return linear_(std::get<0>(rnn_(inputs))); }

    // Cross-entropy per step, weighted so that recall counts recallWeight times a blank.
    torch::Tensor loss(const torch::Tensor& logits, const CopyTensors& t) const {
        const torch::Tensor perStep = torch::nn::functional::cross_entropy(
            logits.flatten(0, 1), t.targets.flatten(),
            torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kNone));
        const torch::Tensor w = t.weights.repeat({logits.size(0)});
        return (perStep * w).sum() / w.sum();
    }

    CopyTrainConfig config_;
    torch::nn::GRU rnn_{nullptr};
    torch::nn::Linear linear_{nullptr};
    CopyTensors heldOut_;
};

}  // namespace

std::unique_ptr<TrainingTask> makeCopyTrainer(const CopyTrainConfig& config) {
    return std::make_unique<CopyTrainer>(config);
}

}  // namespace kann
