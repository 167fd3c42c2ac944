#include "core/dynamics/cell_map.h"

#include <torch/torch.h>

#include <stdexcept>

namespace kann {

namespace {

at::Tensor doubleTensor(const float* data, std::int64_t rows, std::int64_t cols) {
    return torch::from_blob(const_cast<float*>(data), {rows, cols}, at::kFloat).to(at::kDouble);
}

// Rows of `m` as a tensor sharing its memory (the caller keeps m alive while it is used).
at::Tensor view(const RowMatrixXd& m) {
    return torch::from_blob(const_cast<double*>(m.data()), {m.rows(), m.cols()}, at::kDouble);
}

RowMatrixXd matrixOf(const at::Tensor& t) {
    const at::Tensor c = t.contiguous();
    return Eigen::Map<const RowMatrixXd>(c.data_ptr<double>(), c.size(0), c.size(1));
}

// Jacobians are taken for this many (point, output) rows at once: enough for BLAS, little memory.
constexpr std::int64_t kJacobianRows = 8192;

}  // namespace

struct CellMap::Impl {
    CellType type;
    std::int64_t hidden;
    at::Tensor wIhT, wHhT, bIh, bHh;

    std::int64_t stateDim() const { return type == CellType::LSTM ? 2 * hidden : hidden; }

    // x·Wᵢₕᵀ + bᵢₕ: the same for every step under a constant input.
    at::Tensor inputGates(const Eigen::VectorXd& input) const {
        if (input.size() != wIhT.size(0)) throw std::invalid_argument("CellMap: the input has the wrong size");
        const at::Tensor x = torch::from_blob(const_cast<double*>(input.data()), {1, input.size()}, at::kDouble);
        return at::addmm(bIh, x, wIhT);
    }

    // F for rows s under input gates gi (1 x gates), without in-place operations (autograd).
    at::Tensor forward(const at::Tensor& s, const at::Tensor& gi) const {
        const std::int64_t H = hidden;
        const at::Tensor h = s.narrow(1, 0, H);
        const at::Tensor gh = at::addmm(bHh, h, wHhT);
        switch (type) {
            case CellType::RNN: return at::tanh(gi + gh);
            case CellType::GRU: {
                const at::Tensor rz = at::sigmoid(gi.narrow(1, 0, 2 * H) + gh.narrow(1, 0, 2 * H));
                const at::Tensor n = at::tanh(gi.narrow(1, 2 * H, H) + rz.narrow(1, 0, H) * gh.narrow(1, 2 * H, H));
                return n + rz.narrow(1, H, H) * (h - n);
            }
            case CellType::LSTM: {
                const at::Tensor g = gi + gh;  // gates i, f, g, o
                const at::Tensor c = at::sigmoid(g.narrow(1, H, H)) * s.narrow(1, H, H) +
                                     at::sigmoid(g.narrow(1, 0, H)) * at::tanh(g.narrow(1, 2 * H, H));
                return at::cat({at::sigmoid(g.narrow(1, 3 * H, H)) * at::tanh(c), c}, 1);
            }
        }
        throw std::logic_error("CellMap: unknown cell type");
    }

    void checkStates(const RowMatrixXd& states) const {
        if (states.cols() != stateDim()) throw std::invalid_argument("CellMap: states have the wrong dimension");
    }
};

CellMap::CellMap(const CellWeights& w) : impl_(std::make_unique<Impl>()) {
    const std::int64_t H = w.hiddenSize(), G = gateMultiple(w.type) * H;
    if (w.wIh.rows() != G || w.wHh.rows() != G || w.bIh.size() != G || w.bHh.size() != G)
        throw std::invalid_argument("CellMap: inconsistent weight shapes");
    impl_->type = w.type;
    impl_->hidden = H;
    impl_->wIhT = doubleTensor(w.wIh.data(), G, w.inputSize()).t().contiguous();
    impl_->wHhT = doubleTensor(w.wHh.data(), G, H).t().contiguous();
    impl_->bIh = doubleTensor(w.bIh.data(), 1, G).view({G});
    impl_->bHh = doubleTensor(w.bHh.data(), 1, G).view({G});
}

CellMap::~CellMap() = default;
CellMap::CellMap(CellMap&&) noexcept = default;
CellMap& CellMap::operator=(CellMap&&) noexcept = default;

CellType CellMap::type() const { return impl_->type; }
int CellMap::inputSize() const { return static_cast<int>(impl_->wIhT.size(0)); }
int CellMap::hiddenSize() const { return static_cast<int>(impl_->hidden); }
int CellMap::stateDim() const { return static_cast<int>(impl_->stateDim()); }

RowMatrixXd CellMap::step(const RowMatrixXd& states, const Eigen::VectorXd& input) const {
    impl_->checkStates(states);
    c10::InferenceMode guard;
    return matrixOf(impl_->forward(view(states), impl_->inputGates(input)));
}

Eigen::VectorXd CellMap::speed(const RowMatrixXd& states, const Eigen::VectorXd& input, RowMatrixXd* gradient) const {
    impl_->checkStates(states);
    const at::Tensor gi = impl_->inputGates(input);
    const at::Tensor s = view(states).clone().requires_grad_(gradient != nullptr);
    const at::Tensor g = impl_->forward(s, gi) - s;
    const at::Tensor q = 0.5 * (g * g).sum(1);
    if (gradient) {
        q.sum().backward();
        *gradient = matrixOf(s.grad());
    }
    const at::Tensor qc = q.detach().contiguous();
    return Eigen::Map<const Eigen::VectorXd>(qc.data_ptr<double>(), qc.numel());
}

std::vector<Eigen::MatrixXd> CellMap::jacobians(const RowMatrixXd& states, const Eigen::VectorXd& input) const {
    impl_->checkStates(states);
    const at::Tensor gi = impl_->inputGates(input);
    const std::int64_t m = impl_->stateDim(), n = states.rows();
    const std::int64_t chunk = std::max<std::int64_t>(1, kJacobianRows / m);
    const at::Tensor all = view(states);
    std::vector<Eigen::MatrixXd> result;
    result.reserve(n);
    for (std::int64_t first = 0; first < n; first += chunk) {
        const std::int64_t count = std::min(chunk, n - first);
        // Each point repeated m times; output row (p, i) is seeded with e_i, so the gradient's row
        // (p, i) is ∂F_i/∂s at point p: the m backward passes become one.
        const at::Tensor s = all.narrow(0, first, count).repeat_interleave(m, 0).requires_grad_(true);
        const at::Tensor seeds = at::eye(m, at::kDouble).repeat({count, 1});
        impl_->forward(s, gi).backward(seeds);
        const at::Tensor grad = s.grad().contiguous();
        for (std::int64_t p = 0; p < count; ++p)
            result.emplace_back(Eigen::Map<const RowMatrixXd>(grad.data_ptr<double>() + p * m * m, m, m));
    }
    return result;
}

}  // namespace kann
