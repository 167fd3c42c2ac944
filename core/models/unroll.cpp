#include "core/models/unroll.h"

#include <torch/torch.h>

#include <algorithm>
#include <functional>
#include <numeric>
#include <stdexcept>

namespace kann {

std::string cellName(CellType type) {
    switch (type) {
        case CellType::RNN: return "RNN";
        case CellType::GRU: return "GRU";
        case CellType::LSTM: return "LSTM";
    }
    return "?";
}

int gateMultiple(CellType type) {
    switch (type) {
        case CellType::GRU: return 3;
        case CellType::LSTM: return 4;
        default: return 1;
    }
}

namespace {

at::Tensor tensorOf(const float* data, std::vector<std::int64_t> shape) {
    return torch::from_blob(const_cast<float*>(data), shape, torch::kFloat32).clone();
}

// Steps whose input projections are computed together.
constexpr int kBlockSteps = 32;

struct Layer {
    CellType type;
    bool relu;
    std::int64_t hidden;
    at::Tensor wIhT, wHhT, bIh, bHh;  // weights transposed for x·Wᵀ
    at::Tensor oneHotRows;            // first layer: W_ihᵀ contiguous, the rows a one-hot input gathers
};

Layer layerOf(const CellWeights& w, std::int64_t input, bool first) {
    const std::int64_t H = w.hiddenSize(), G = gateMultiple(w.type) * H;
    if (w.wIh.rows() != G || w.wIh.cols() != input || w.wHh.rows() != G || w.bIh.size() != G || w.bHh.size() != G)
        throw std::invalid_argument("CellStack: inconsistent layer shapes");
    Layer L{w.type, w.relu, H, tensorOf(w.wIh.data(), {G, input}).t(), tensorOf(w.wHh.data(), {G, H}).t(),
            tensorOf(w.bIh.data(), {G}), tensorOf(w.bHh.data(), {G}), {}};
    if (first) L.oneHotRows = L.wIhT.contiguous();
    return L;
}

// A layer's input in packed order: rows of features, or token ids (rows holds them) looked up in
// an embedding table or read as one-hot rows.
struct PackedSource {
    at::Tensor rows;
    at::Tensor table;
    bool oneHot = false;

    PackedSource reordered(const at::Tensor& index) const { return {rows.index_select(0, index), table, oneHot}; }
    // gi = x·W_ihᵀ + b_ih for packed rows [first, first + n).
    void project(const Layer& L, std::int64_t first, std::int64_t n, at::Tensor gi) const {
        const at::Tensor part = rows.narrow(0, first, n);
        if (oneHot) {
            at::index_select_out(gi, L.oneHotRows, 0, part).add_(L.bIh);
            return;
        }
        at::addmm_out(gi, L.bIh, table.defined() ? table.index_select(0, part) : part, L.wIhT);
    }
};

// The batch sorted by decreasing length and packed time-major, as PyTorch's PackedSequence:
// step t holds the first active[t] sequences, rows offset[t] .. offset[t] + active[t].
struct Packing {
    std::vector<int> order;              // sorted position -> batch index
    std::vector<std::int64_t> active;    // per step
    std::vector<std::int64_t> offset;    // per step
    std::int64_t rows = 0;

    explicit Packing(const std::vector<int>& lengths) : order(lengths.size()) {
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return lengths[a] > lengths[b]; });
        const int steps = lengths.empty() ? 0 : lengths[order[0]];
        for (int t = 0; t < steps; ++t) {
            std::int64_t n = 0;
            while (n < static_cast<std::int64_t>(order.size()) && lengths[order[n]] > t) ++n;
            offset.push_back(rows);
            active.push_back(n);
            rows += n;
        }
    }
    int steps() const { return static_cast<int>(active.size()); }

    // Calls f(packed row, [b][t] row) for every valid step.
    template <typename F>
    void forEach(int time, F f) const {
        for (int t = 0; t < steps(); ++t) {
            for (std::int64_t i = 0; i < active[t]; ++i) f(offset[t] + i, static_cast<std::int64_t>(order[i]) * time + t);
        }
    }
};

// One step of a cell for the n sequences still running: writes h (and c) for this step.
void step(const Layer& L, const at::Tensor& gi, const at::Tensor& hPrev, const at::Tensor& cPrev,
          at::Tensor h, at::Tensor c) {
    const std::int64_t H = L.hidden;
    at::Tensor gh = at::addmm(L.bHh, hPrev, L.wHhT);
    switch (L.type) {
        case CellType::RNN:
            if (L.relu) at::add_out(h, gi, gh).relu_();
            else at::add_out(h, gi, gh).tanh_();
            return;
        case CellType::GRU: {
            // r, z = σ(·); n = tanh(gi_n + r * gh_n); h = n + z * (h_prev - n)
            const at::Tensor rz = at::add(gi.narrow(1, 0, 2 * H), gh.narrow(1, 0, 2 * H)).sigmoid_();
            const at::Tensor n = gh.narrow(1, 2 * H, H).mul_(rz.narrow(1, 0, H)).add_(gi.narrow(1, 2 * H, H)).tanh_();
            at::sub_out(h, hPrev, n).mul_(rz.narrow(1, H, H)).add_(n);
            return;
        }
        case CellType::LSTM: {
            gh.add_(gi);  // gates i, f, g, o
            gh.narrow(1, 0, 2 * H).sigmoid_();
            gh.narrow(1, 2 * H, H).tanh_();
            gh.narrow(1, 3 * H, H).sigmoid_();
            at::mul_out(c, gh.narrow(1, H, H), cPrev).addcmul_(gh.narrow(1, 0, H), gh.narrow(1, 2 * H, H));
            at::tanh_out(h, c).mul_(gh.narrow(1, 3 * H, H));
            return;
        }
    }
}

// Receives each step's h (and c) for the sequences still running, in packed order.
using StepSink = std::function<void(int t, const at::Tensor& h, const at::Tensor& c)>;

// One layer over every step. The recurrence needs only the previous step, so two steps' states
// are kept and each step is handed to the sink: no packed copy of the states is needed.
void runLayer(const Layer& L, const PackedSource& input, const Packing& pack, const StepSink& sink,
              const std::function<void(int t)>& onBlock) {
    const std::int64_t width = pack.rows ? pack.active[0] : 0;
    const bool lstm = L.type == CellType::LSTM;
    // [t % 2] is step t; [1] starts as the zero state before step 0.
    at::Tensor h[2] = {at::empty({width, L.hidden}, at::kFloat), at::zeros({width, L.hidden}, at::kFloat)};
    at::Tensor c[2] = {lstm ? at::empty_like(h[0]) : at::Tensor(), lstm ? at::zeros_like(h[1]) : at::Tensor()};
    // Input projections as one matrix product per block of steps: a block stays in cache, where
    // all steps at once would write (and page in) gates * hidden floats per token; an embedding is
    // looked up per block, so the embedded batch is never held at once.
    // (Sequences only end, so the first block is the largest.)
    const std::int64_t blockRows = pack.steps() > kBlockSteps ? pack.offset[kBlockSteps] : pack.rows;
    at::Tensor block = at::empty({blockRows, L.wIhT.size(1)}, at::kFloat), gi;
    std::int64_t blockStart = 0;
    for (int t = 0; t < pack.steps(); ++t) {
        if (t % kBlockSteps == 0) {
            onBlock(t);
            blockStart = pack.offset[t];
            const std::int64_t rows = (t + kBlockSteps < pack.steps() ? pack.offset[t + kBlockSteps] : pack.rows) - blockStart;
            gi = block.narrow(0, 0, rows);
            input.project(L, blockStart, rows, gi);
        }
        const std::int64_t n = pack.active[t];
        const int cur = t % 2, prev = 1 - cur;
        auto rows = [n](const at::Tensor& s) { return s.defined() ? s.narrow(0, 0, n) : at::Tensor(); };
        step(L, gi.narrow(0, pack.offset[t] - blockStart, n), rows(h[prev]), rows(c[prev]), rows(h[cur]), rows(c[cur]));
        sink(t, rows(h[cur]), rows(c[cur]));
    }
}

// For each packed row, the packed row of the same sequence at the mirrored step n-1-t: the
// reverse direction reads (and writes) its rows through it. It is its own inverse.
at::Tensor reversal(const Packing& pack, const std::vector<int>& lengths) {
    at::Tensor index = at::empty({pack.rows}, at::kLong);
    std::int64_t* p = index.data_ptr<std::int64_t>();
    for (int t = 0; t < pack.steps(); ++t) {
        for (std::int64_t i = 0; i < pack.active[t]; ++i)
            p[pack.offset[t] + i] = pack.offset[lengths[pack.order[i]] - 1 - t] + i;
    }
    return index;
}

// Applies an edit to one step's states in place, so the next step reads the edited state: h (n x H,
// contiguous rows), or h and c side by side when both are analysed.
void editStep(const StateEdit& edit, const at::Tensor& h, const at::Tensor& c) {
    const std::int64_t n = h.size(0), H = h.size(1);
    Eigen::Map<RowMatrixXf> hidden(h.data_ptr<float>(), n, H);
    if (!c.defined()) return edit(hidden);
    Eigen::Map<RowMatrixXf> cell(c.data_ptr<float>(), n, H);
    RowMatrixXf both(n, 2 * H);
    both << hidden, cell;
    edit(both);
    hidden = both.leftCols(H);
    cell = both.rightCols(H);
}

}  // namespace

struct CellStack::Impl {
    std::vector<Layer> forward, backward;  // backward: empty, or one per layer
    int inputSize = 0;

    // The layers up to request.layer over layer 0's packed inputs.
    HiddenStates runPacked(PackedSource input, const Packing& pack, int time, const std::vector<int>& lengths,
                           const UnrollRequest& request, const Progress& progress) const;
};

CellStack::CellStack(std::vector<CellWeights> layers) : CellStack(std::move(layers), {}) {}

CellStack::CellStack(std::vector<CellWeights> forward, std::vector<CellWeights> backward) : impl_(std::make_unique<Impl>()) {
    if (forward.empty()) throw std::invalid_argument("CellStack needs at least one layer");
    if (!backward.empty() && backward.size() != forward.size())
        throw std::invalid_argument("CellStack: a reverse direction for some layers only");
    impl_->inputSize = forward[0].inputSize();
    std::int64_t input = impl_->inputSize;
    for (std::size_t l = 0; l < forward.size(); ++l) {
        impl_->forward.push_back(layerOf(forward[l], input, l == 0));
        if (!backward.empty()) {
            impl_->backward.push_back(layerOf(backward[l], input, l == 0));
            if (backward[l].type != forward[l].type || backward[l].hiddenSize() != forward[l].hiddenSize())
                throw std::invalid_argument("CellStack: the directions of a layer differ");
        }
        input = forward[l].hiddenSize() * (backward.empty() ? 1 : 2);
    }
}

CellStack::~CellStack() = default;
CellStack::CellStack(CellStack&&) noexcept = default;
CellStack& CellStack::operator=(CellStack&&) noexcept = default;

int CellStack::layers() const { return static_cast<int>(impl_->forward.size()); }
bool CellStack::bidirectional() const { return !impl_->backward.empty(); }
CellType CellStack::type(int layer) const { return impl_->forward.at(layer).type; }
int CellStack::inputSize() const { return impl_->inputSize; }
int CellStack::hiddenSize(int layer) const { return static_cast<int>(impl_->forward.at(layer).hidden); }

CellWeights CellStack::weights(int layer) const {
    const Layer& L = impl_->forward.at(layer);
    const auto matrix = [](const at::Tensor& transposed) {
        const at::Tensor w = transposed.t().contiguous();
        return RowMatrixXf(Eigen::Map<const RowMatrixXf>(w.data_ptr<float>(), w.size(0), w.size(1)));
    };
    const auto vector = [](const at::Tensor& b) { return Eigen::VectorXf(Eigen::Map<const Eigen::VectorXf>(b.data_ptr<float>(), b.numel())); };
    return {L.type, matrix(L.wIhT), matrix(L.wHhT), vector(L.bIh), vector(L.bHh), L.relu};
}

void CellStack::check(std::int64_t rows, int cols, int time, const std::vector<int>& lengths,
                      const UnrollRequest& request) const {
    if (rows != static_cast<std::int64_t>(lengths.size()) * time || cols != inputSize() || request.layer < 0 ||
        request.layer >= layers() || (request.backward && !bidirectional()) ||
        std::any_of(lengths.begin(), lengths.end(), [&](int n) { return n < 0 || n > time; }))
        throw std::invalid_argument("CellStack::run: inputs do not match the stack");
}

HiddenStates CellStack::run(const Eigen::Ref<const RowMatrixXf>& inputs, int time, const std::vector<int>& lengths,
                            const UnrollRequest& request, const Progress& progress) const {
    check(inputs.rows(), static_cast<int>(inputs.cols()), time, lengths, request);
    c10::InferenceMode guard;
    const Packing pack(lengths);
    at::Tensor x = at::empty({pack.rows, inputSize()}, at::kFloat);
    float* xp = x.data_ptr<float>();
    pack.forEach(time, [&](std::int64_t packed, std::int64_t source) {
        const float* src = inputs.data() + source * inputSize();
        std::copy(src, src + inputSize(), xp + packed * inputSize());
    });
    return impl_->runPacked({x, {}, false}, pack, time, lengths, request, progress);
}

namespace {

at::Tensor packedIds(const Packing& pack, const std::vector<std::int64_t>& tokens, int time) {
    at::Tensor ids = at::empty({pack.rows}, at::kLong);
    std::int64_t* idp = ids.data_ptr<std::int64_t>();
    pack.forEach(time, [&](std::int64_t packed, std::int64_t source) { idp[packed] = tokens[source]; });
    return ids;
}

}  // namespace

HiddenStates CellStack::run(const RowMatrixXf& table, const std::vector<std::int64_t>& tokens, int time,
                            const std::vector<int>& lengths, const UnrollRequest& request,
                            const Progress& progress) const {
    check(static_cast<std::int64_t>(tokens.size()), static_cast<int>(table.cols()), time, lengths, request);
    c10::InferenceMode guard;
    const Packing pack(lengths);
    const at::Tensor embedding = torch::from_blob(const_cast<float*>(table.data()), {table.rows(), table.cols()}, at::kFloat);
    return impl_->runPacked({packedIds(pack, tokens, time), embedding, false}, pack, time, lengths, request, progress);
}

HiddenStates CellStack::runOneHot(const std::vector<std::int64_t>& tokens, int time, const std::vector<int>& lengths,
                                  const UnrollRequest& request, const Progress& progress) const {
    check(static_cast<std::int64_t>(tokens.size()), inputSize(), time, lengths, request);
    c10::InferenceMode guard;
    const Packing pack(lengths);
    return impl_->runPacked({packedIds(pack, tokens, time), {}, true}, pack, time, lengths, request, progress);
}

HiddenStates CellStack::Impl::runPacked(PackedSource input, const Packing& pack, int time, const std::vector<int>& lengths,
                                        const UnrollRequest& request, const Progress& progress) const {
    const bool both = !backward.empty();
    const at::Tensor mirror = both ? reversal(pack, lengths) : at::Tensor();
    const int runsPerLayer = both ? 2 : 1;
    const std::int64_t total = static_cast<std::int64_t>(request.layer * runsPerLayer + 1) * pack.steps();
    std::int64_t runsDone = 0;
    const auto onBlock = [&](int t) { progress.step(runsDone * pack.steps() + t, total, "unrolling"); };
    // One direction of a layer into packed states in the sequences' own time order.
    const auto packedRun = [&](const Layer& L, const PackedSource& in, bool reverse) {
        at::Tensor out = at::empty({pack.rows, L.hidden}, at::kFloat);
        runLayer(L, reverse ? in.reordered(mirror) : in, pack, [&](int t, const at::Tensor& h, const at::Tensor&) {
            out.narrow(0, pack.offset[t], h.size(0)).copy_(h);
        }, onBlock);
        ++runsDone;
        return reverse ? out.index_select(0, mirror) : out;
    };
    // Layers below the requested one: each one's packed states (both directions, forward first)
    // are the next one's input.
    for (int layer = 0; layer < request.layer; ++layer) {
        at::Tensor out = packedRun(forward[layer], input, false);
        if (both) out = at::cat({out, packedRun(backward[layer], input, true)}, 1);
        input = {out, {}, false};
    }
    // The requested layer writes each step straight into the [b][t] rows; padding stays zero.
    const Layer& L = request.backward ? backward[request.layer] : forward[request.layer];
    const bool withCell = request.hiddenAndCell && L.type == CellType::LSTM;
    const std::int64_t H = L.hidden;
    HiddenStates states = HiddenStates::zeros(static_cast<int>(lengths.size()), time, static_cast<int>(withCell ? 2 * H : H));
    states.lengths = lengths;
    runLayer(L, request.backward ? input.reordered(mirror) : input, pack, [&](int t, const at::Tensor& h, const at::Tensor& c) {
        if (request.edit) editStep(request.edit, h, withCell ? c : at::Tensor());
        const float* hp = h.data_ptr<float>();
        const float* cp = withCell ? c.data_ptr<float>() : nullptr;
        for (std::int64_t i = 0; i < h.size(0); ++i) {
            float* dst = states.row(pack.order[i], t);
            std::copy(hp + i * H, hp + (i + 1) * H, dst);
            if (cp) std::copy(cp + i * H, cp + (i + 1) * H, dst + H);
        }
    }, onBlock);
    progress.step(total, total, "unrolling");
    return states;
}

}  // namespace kann
