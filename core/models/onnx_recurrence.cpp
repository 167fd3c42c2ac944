#include "core/models/onnx_recurrence.h"

#include "core/common/error.h"

#include <torch/torch.h>

#include <algorithm>
#include <cctype>
#include <sstream>
#include <stdexcept>

namespace kann {

namespace {

using Kind = OnnxActivation::Kind;

// ONNX's activation functions for recurrent nodes, with the alpha/beta each takes and its defaults.
struct ActivationSpec {
    const char* name;
    Kind kind;
    bool alpha, beta;
    float defaultAlpha, defaultBeta;
};

constexpr ActivationSpec kActivations[] = {
    {"Relu", Kind::Relu, false, false, 0, 0},
    {"Tanh", Kind::Tanh, false, false, 0, 0},
    {"Sigmoid", Kind::Sigmoid, false, false, 0, 0},
    {"Affine", Kind::Affine, true, true, 1, 0},
    {"LeakyRelu", Kind::LeakyRelu, true, false, 0.01f, 0},
    {"ThresholdedRelu", Kind::ThresholdedRelu, true, false, 1, 0},
    {"ScaledTanh", Kind::ScaledTanh, true, true, 1, 1},
    {"HardSigmoid", Kind::HardSigmoid, true, true, 0.2f, 0.5f},
    {"Elu", Kind::Elu, true, false, 1, 0},
    {"Softsign", Kind::Softsign, false, false, 0, 0},
    {"Softplus", Kind::Softplus, false, false, 0, 0},
};

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return text;
}

const ActivationSpec& specOf(Kind kind) {
    return *std::find_if(std::begin(kActivations), std::end(kActivations), [&](const auto& s) { return s.kind == kind; });
}

// Applies `a` in place to its input, clipped to [-clip, clip] first when clip > 0.
void activate(const OnnxActivation& a, at::Tensor x, float clip = 0) {
    if (clip > 0) x.clamp_(-clip, clip);
    switch (a.kind) {
        case Kind::Relu: x.relu_(); return;
        case Kind::Tanh: x.tanh_(); return;
        case Kind::Sigmoid: x.sigmoid_(); return;
        case Kind::Affine: x.mul_(a.alpha).add_(a.beta); return;
        case Kind::LeakyRelu: at::leaky_relu_(x, a.alpha); return;
        case Kind::ThresholdedRelu: at::threshold_(x, a.alpha, 0); return;
        case Kind::ScaledTanh: x.mul_(a.beta).tanh_().mul_(a.alpha); return;
        case Kind::HardSigmoid: x.mul_(a.alpha).add_(a.beta).clamp_(0, 1); return;
        case Kind::Elu: at::elu_(x, a.alpha); return;
        case Kind::Softsign: x.div_(x.abs().add_(1)); return;
        case Kind::Softplus: x.copy_(at::softplus(x, 1, 20)); return;  // exact to 2e-9 past the threshold
    }
}

// Steps whose input projections are computed together, as one matrix product.
constexpr int kBlockSteps = 32;

at::Tensor tensorOf(const float* data, std::vector<std::int64_t> shape) {
    return torch::from_blob(const_cast<float*>(data), shape, torch::kFloat32).clone();
}

// The weights of one direction as tensors, transposed for x·Wᵀ.
struct Weights {
    at::Tensor wT, rT, wb, rb, p;
    explicit Weights(const OnnxDirection& d)
        : wT(tensorOf(d.w.data(), {d.w.rows(), d.w.cols()}).t()),
          rT(tensorOf(d.r.data(), {d.r.rows(), d.r.cols()}).t()),
          wb(tensorOf(d.wb.data(), {d.wb.size()})),
          rb(tensorOf(d.rb.data(), {d.rb.size()})),
          p(d.p.size() ? tensorOf(d.p.data(), {d.p.size()}) : at::Tensor()) {}
};

// The state before the first step: the caller's per-sequence one, the node's, or zero.
at::Tensor initialState(const RowMatrixXf& perSequence, const Eigen::VectorXf& node, std::int64_t batch, std::int64_t hidden) {
    if (perSequence.size()) {
        if (perSequence.rows() != batch || perSequence.cols() != hidden)
            throw std::invalid_argument("runOnnxDirection: initial state is not batch x hidden");
        return tensorOf(perSequence.data(), {batch, hidden});
    }
    if (node.size()) return tensorOf(node.data(), {1, hidden}).expand({batch, hidden}).clone();
    return at::zeros({batch, hidden}, at::kFloat);
}

struct StepState {
    at::Tensor h, c;
};

at::Tensor rnnStep(const OnnxRecurrentLayer& L, const OnnxDirection& d, const Weights& w, at::Tensor gx, const at::Tensor& h) {
    gx.add_(at::addmm(w.rb, h, w.rT));
    activate(d.activations[0], gx, L.clip);
    return gx.clone();  // gx lives in the projection buffer, which the next block overwrites
}

at::Tensor gruStep(const OnnxRecurrentLayer& L, const OnnxDirection& d, const Weights& w, at::Tensor gx, const at::Tensor& h) {
    const std::int64_t H = L.hidden;
    // z and r; then the candidate h from r, with the reset applied after (linear_before_reset=1,
    // PyTorch's form: one product for all gates) or before the recurrent linear map (ONNX's default).
    const at::Tensor gh = L.linearBeforeReset ? at::addmm(w.rb, h, w.rT)
                                              : at::addmm(w.rb.narrow(0, 0, 2 * H), h, w.rT.narrow(1, 0, 2 * H));
    at::Tensor zr = gx.narrow(1, 0, 2 * H).add_(gh.narrow(1, 0, 2 * H));
    activate(d.activations[0], zr, L.clip);
    const at::Tensor z = zr.narrow(1, 0, H), r = zr.narrow(1, H, H);
    at::Tensor candidate = gx.narrow(1, 2 * H, H);
    if (L.linearBeforeReset) candidate.addcmul_(gh.narrow(1, 2 * H, H), r);
    else candidate.add_(at::addmm(w.rb.narrow(0, 2 * H, H), r * h, w.rT.narrow(1, 2 * H, H)));
    activate(d.activations[1], candidate, L.clip);
    return (h - candidate).mul_(z).add_(candidate);  // (1 - z) ⊙ h̃ + z ⊙ h
}

StepState lstmStep(const OnnxRecurrentLayer& L, const OnnxDirection& d, const Weights& w, at::Tensor gx,
                   const StepState& prev) {
    const std::int64_t H = L.hidden;
    gx.add_(at::addmm(w.rb, prev.h, w.rT));  // gates i, o, f, c
    at::Tensor i = gx.narrow(1, 0, H), o = gx.narrow(1, H, H), f = gx.narrow(1, 2 * H, H), g = gx.narrow(1, 3 * H, H);
    if (w.p.defined()) {
        i.addcmul_(prev.c, w.p.narrow(0, 0, H));
        f.addcmul_(prev.c, w.p.narrow(0, 2 * H, H));
    }
    activate(d.activations[0], i, L.clip);
    if (L.inputForget) f.copy_(1 - i);
    else activate(d.activations[0], f, L.clip);
    activate(d.activations[1], g, L.clip);
    at::Tensor c = f * prev.c + i * g;
    if (w.p.defined()) o.addcmul_(c, w.p.narrow(0, H, H));
    activate(d.activations[0], o, L.clip);
    at::Tensor hc = c.clone();
    activate(d.activations[2], hc);  // the cell's output activation is not clipped (as onnxruntime)
    return {hc.mul_(o), c};
}

void copyRow(const at::Tensor& from, std::int64_t row, RowMatrixXf& to, std::int64_t toRow) {
    const float* src = from.data_ptr<float>() + row * from.size(1);
    std::copy(src, src + from.size(1), to.data() + toRow * to.cols());
}

void checkRun(const OnnxRecurrentLayer& layer, int d, const OnnxInput& inputs, int time, const std::vector<int>& lengths) {
    const auto rows = static_cast<std::int64_t>(lengths.size()) * time;
    if (d < 0 || d >= static_cast<int>(layer.directions.size()) || inputs.rows->cols() != layer.input ||
        (inputs.ids ? static_cast<std::int64_t>(inputs.ids->size()) : inputs.rows->rows()) != rows ||
        std::any_of(lengths.begin(), lengths.end(), [&](int n) { return n < 0 || n > time; }))
        throw std::invalid_argument("runOnnxDirection: inputs do not match the layer");
}

}  // namespace

std::vector<OnnxActivation> onnxActivations(const std::vector<std::string>& names, const std::vector<float>& alphas,
                                            const std::vector<float>& betas, const std::string& where) {
    std::vector<OnnxActivation> out;
    std::size_t nextAlpha = 0, nextBeta = 0;
    for (const auto& name : names) {
        const auto* spec = std::find_if(std::begin(kActivations), std::end(kActivations),
                                        [&](const auto& s) { return lower(s.name) == lower(name); });
        if (spec == std::end(kActivations))
            throw InputError(where, "activation '" + name + "' is not one of ONNX's recurrent activations");
        OnnxActivation a{spec->kind, spec->defaultAlpha, spec->defaultBeta};
        if (spec->alpha && nextAlpha < alphas.size()) a.alpha = alphas[nextAlpha++];
        if (spec->beta && nextBeta < betas.size()) a.beta = betas[nextBeta++];
        out.push_back(a);
    }
    return out;
}

std::string activationName(const OnnxActivation& activation) {
    const ActivationSpec& spec = specOf(activation.kind);
    std::ostringstream text;
    text << spec.name;
    if (spec.alpha) text << "(alpha=" << activation.alpha << (spec.beta ? ", beta=" : "");
    if (spec.beta) text << activation.beta;
    if (spec.alpha) text << ")";
    return text.str();
}

OnnxRun runOnnxDirection(const OnnxRecurrentLayer& layer, int d, const OnnxInput& inputs, int time,
                         const std::vector<int>& lengths, bool keepCell, const OnnxInitialState& initial,
                         const Progress& progress) {
    checkRun(layer, d, inputs, time, lengths);
    c10::InferenceMode guard;
    const OnnxDirection& dir = layer.directions[d];
    const Weights w(dir);
    const std::int64_t batch = static_cast<std::int64_t>(lengths.size()), H = layer.hidden;
    const bool lstm = layer.type == CellType::LSTM, reversed = layer.reversed(d);
    keepCell = keepCell && lstm;
    const at::Tensor x = torch::from_blob(const_cast<float*>(inputs.rows->data()), {inputs.rows->rows(), inputs.rows->cols()},
                                          at::kFloat);
    OnnxRun run;
    run.y = RowMatrixXf::Zero(batch * time, H);
    if (keepCell) run.c = RowMatrixXf::Zero(batch * time, H);
    StepState state{initialState(initial.h, dir.initialH, batch, H),
                    lstm ? initialState(initial.c, dir.initialC, batch, H) : at::Tensor()};
    const int steps = lengths.empty() ? 0 : *std::max_element(lengths.begin(), lengths.end());
    // Each sequence's own step s (counted from its last valid step when reversed); finished
    // sequences read any row and keep their state.
    const auto rowOf = [&](std::int64_t b, int s) {
        return b * time + (s < lengths[b] ? (reversed ? lengths[b] - 1 - s : s) : 0);
    };
    const auto inputRow = [&](std::int64_t b, int s) { return inputs.ids ? (*inputs.ids)[rowOf(b, s)] : rowOf(b, s); };
    at::Tensor rows = at::empty({kBlockSteps * batch}, at::kLong), active = at::empty({batch, 1}, at::kBool);
    std::int64_t* rowp = rows.data_ptr<std::int64_t>();
    bool* activep = active.data_ptr<bool>();
    // Input projections of a block of steps (row k * batch + b is step first + k of sequence b), in
    // one buffer reused by every block: fresh pages for each block would cost more than the product.
    const at::Tensor buffer = at::empty({std::min(kBlockSteps, steps) * batch, w.wT.size(1)}, at::kFloat);
    at::Tensor block;
    for (int s = 0, first = 0; s < steps; ++s) {
        if (s % kBlockSteps == 0) {
            progress.step(s, steps, "unrolling");
            first = s;
            const int count = std::min(kBlockSteps, steps - s);
            for (int k = 0; k < count; ++k)
                for (std::int64_t b = 0; b < batch; ++b) rowp[k * batch + b] = inputRow(b, s + k);
            block = buffer.narrow(0, 0, count * batch);
            at::addmm_out(block, w.wb, x.index_select(0, rows.narrow(0, 0, count * batch)), w.wT);
        }
        bool allActive = true;
        for (std::int64_t b = 0; b < batch; ++b) allActive &= activep[b] = s < lengths[b];
        const at::Tensor gx = block.narrow(0, (s - first) * batch, batch);
        StepState next;
        if (layer.type == CellType::RNN) next.h = rnnStep(layer, dir, w, gx, state.h);
        else if (layer.type == CellType::GRU) next.h = gruStep(layer, dir, w, gx, state.h);
        else next = lstmStep(layer, dir, w, gx, state);
        next.h = next.h.contiguous();
        for (std::int64_t b = 0; b < batch; ++b) {
            if (!activep[b]) continue;
            copyRow(next.h, b, run.y, rowOf(b, s));
            if (keepCell) copyRow(next.c, b, run.c, rowOf(b, s));
        }
        state.h = allActive ? next.h : at::where(active, next.h, state.h);
        if (lstm) state.c = allActive ? next.c : at::where(active, next.c, state.c);
    }
    progress.step(steps, steps, "unrolling");
    run.lastH = Eigen::Map<const RowMatrixXf>(state.h.contiguous().data_ptr<float>(), batch, H);
    if (lstm) run.lastC = Eigen::Map<const RowMatrixXf>(state.c.contiguous().data_ptr<float>(), batch, H);
    return run;
}

}  // namespace kann
