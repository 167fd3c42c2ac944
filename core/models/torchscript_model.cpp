#include "core/models/torchscript_model.h"

#include "core/common/error.h"

#include <torch/script.h>
#include <torch/torch.h>

#include <algorithm>

namespace kann {

namespace {

// The cause in a Torch error: the interpreter's final "RuntimeError: ..." rather than its traceback.
std::string errorSummary(const std::string& text) {
    const auto cause = text.rfind("Error: ");
    std::string out = cause == std::string::npos ? text.substr(0, text.find('\n')) : text.substr(text.rfind('\n', cause) + 1);
    for (char& c : out) c = c == '\n' ? ' ' : c;
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

class TorchScriptNetwork : public Network {
public:
    TorchScriptNetwork(torch::jit::Module module, std::string path) : module_(std::move(module)), path_(std::move(path)) {
        if (!module_.find_method("hidden_states"))
            throw InputError(path_, "the TorchScript module has no method hidden_states(x) -> [batch, time, m]");
        module_.eval();
        info_.layout = "torchscript";
        probe();
        describe();
    }

    const NetworkInfo& info() const override { return info_; }

    HiddenStates unroll(const InputBatch& batch, const Progress& progress) const override {
        progress.step(0, 1, "unrolling");
        const at::Tensor h = call("hidden_states", {inputTensor(batch)});
        if (h.dim() != 3 || h.size(0) != batch.batch || h.size(1) != batch.time)
            throw InputError(path_, "hidden_states returned shape " + shapeText(h) + ", expected [" +
                                        std::to_string(batch.batch) + ", " + std::to_string(batch.time) + ", m]");
        checkPaddingIgnored(batch, h);
        HiddenStates states = HiddenStates::zeros(batch.batch, batch.time, static_cast<int>(h.size(2)));
        states.lengths = batch.lengths;
        const at::Tensor values = h.to(at::kFloat).contiguous();
        const float* src = values.data_ptr<float>();
        for (int b = 0; b < batch.batch; ++b) {
            const int len = b < static_cast<int>(batch.lengths.size()) ? batch.lengths[b] : batch.time;
            std::copy(src + static_cast<std::int64_t>(b) * batch.time * states.dim,
                      src + (static_cast<std::int64_t>(b) * batch.time + len) * states.dim, states.row(b, 0));
        }
        info_.stateDim = states.dim;
        progress.step(1, 1, "unrolling");
        return states;
    }

    RowMatrixXf readout(const RowMatrixXf& states) const override {
        if (!module_.find_method("readout")) return Network::readout(states);
        return toMatrix(call("readout", {fromMatrix(states)}), "readout", states.rows());
    }

    RowMatrixXf decode(const RowMatrixXf& finalStates, int time) const override {
        if (!module_.find_method("decode")) return Network::decode(finalStates, time);
        const at::Tensor out = call("decode", decodeArgs(finalStates, time));
        if (out.dim() < 2 || out.size(0) != finalStates.rows() || out.size(1) != time)
            throw InputError(path_, "decode returned shape " + shapeText(out) + ", expected [" +
                                        std::to_string(finalStates.rows()) + ", " + std::to_string(time) + ", ...]");
        return toMatrix(out.reshape({out.size(0), -1}), "decode", finalStates.rows());
    }

private:
    static std::string shapeText(const at::Tensor& t) {
        std::string text = "[";
        for (int d = 0; d < t.dim(); ++d) text += (d ? ", " : "") + std::to_string(t.size(d));
        return text + "]";
    }

    at::Tensor call(const std::string& method, std::vector<c10::IValue> args) const {
        c10::InferenceMode guard;
        try {
            const c10::IValue out = module_.get_method(method)(std::move(args));
            if (!out.isTensor()) throw InputError(path_, method + " did not return a tensor");
            return out.toTensor();
        } catch (const c10::Error& e) {
            throw InputError(path_, method + " failed: " + errorSummary(e.what_without_backtrace()));
        } catch (const InputError&) {
            throw;
        } catch (const std::exception& e) {  // the interpreter's own errors
            throw InputError(path_, method + " failed: " + errorSummary(e.what()));
        }
    }

    at::Tensor inputTensor(const InputBatch& batch) const {
        if (batch.kind == InputBatch::Kind::Tokens) {
            if (batch.tokens.size() != static_cast<std::size_t>(batch.batch) * batch.time)
                throw InputError(path_, "the token batch is not batch x time");
            return torch::from_blob(const_cast<std::int64_t*>(batch.tokens.data()), {batch.batch, batch.time}, torch::kLong).clone();
        }
        if (batch.values.size() != static_cast<std::size_t>(batch.batch) * batch.time * batch.features)
            throw InputError(path_, "the series batch is not batch x time x features");
        return torch::from_blob(const_cast<float*>(batch.values.data()), {batch.batch, batch.time, batch.features},
                                torch::kFloat)
            .clone();
    }

    // The shortest sequence of `batch` alone, unpadded.
    static InputBatch alone(const InputBatch& batch, int b) {
        InputBatch one = batch;
        const int n = batch.lengths[b];
        const std::size_t width = batch.kind == InputBatch::Kind::Tokens ? 1 : batch.features;
        const std::size_t start = static_cast<std::size_t>(b) * batch.time * width;
        one.batch = 1;
        one.time = n;
        one.lengths = {n};
        if (batch.kind == InputBatch::Kind::Tokens)
            one.tokens.assign(batch.tokens.begin() + start, batch.tokens.begin() + start + n);
        else
            one.values.assign(batch.values.begin() + start, batch.values.begin() + start + n * width);
        return one;
    }

    // hidden_states(x) sees no lengths: a bidirectional RNN (or attention) over the padded batch
    // reads the padding, and its states would silently depend on the longest sequence. The
    // shortest sequence is run again alone; its states must not change.
    void checkPaddingIgnored(const InputBatch& batch, const at::Tensor& padded) const {
        if (batch.lengths.size() != static_cast<std::size_t>(batch.batch)) return;
        const int b = static_cast<int>(std::min_element(batch.lengths.begin(), batch.lengths.end()) - batch.lengths.begin());
        const int n = batch.lengths[b];
        if (n >= batch.time || n < 1) return;
        const at::Tensor single = call("hidden_states", {inputTensor(alone(batch, b))});
        if (single.dim() != 3 || single.size(1) != n || single.size(2) != padded.size(2)) return;  // shape errors come later
        const at::Tensor a = padded[b].narrow(0, 0, n).to(at::kFloat), c = single[0].to(at::kFloat);
        const double gap = (a - c).abs().max().item<double>();
        const double scale = std::max(1.0, c.abs().max().item<double>());
        if (gap > 1e-4 * scale)
            throw InputError(path_, "hidden_states depends on the padding: sequence " + std::to_string(b) + " (" +
                                        std::to_string(n) + " steps) gets states differing by " + std::to_string(gap) +
                                        " when padded to " + std::to_string(batch.time) +
                                        " steps (a bidirectional RNN or attention reads the padding); export a "
                                        "hidden_states that ignores padding steps, e.g. the forward direction only");
    }

    // decode(h) for a fixed length, as the reference autoencoder; decode(h, time) otherwise.
    std::vector<c10::IValue> decodeArgs(const RowMatrixXf& h, int time) const {
        std::vector<c10::IValue> args{fromMatrix(h)};
        if (module_.get_method("decode").function().getSchema().arguments().size() > 2) args.emplace_back(time);
        return args;
    }

    static at::Tensor fromMatrix(const RowMatrixXf& m) {
        return torch::from_blob(const_cast<float*>(m.data()), {m.rows(), m.cols()}, torch::kFloat).clone();
    }

    RowMatrixXf toMatrix(const at::Tensor& t, const std::string& method, Eigen::Index rows) const {
        if (t.dim() != 2 || t.size(0) != rows)
            throw InputError(path_, method + " returned shape " + shapeText(t) + ", expected [" + std::to_string(rows) + ", n]");
        const at::Tensor values = t.to(at::kFloat).contiguous();
        return Eigen::Map<const RowMatrixXf>(values.data_ptr<float>(), t.size(0), t.size(1));
    }

    // Fills in the sizes by running a two-step probe: tokens first, then a one-feature series. A
    // module taking other inputs reports its state size after its first unroll.
    void probe() {
        for (const auto kind : {InputBatch::Kind::Tokens, InputBatch::Kind::Series}) {
            InputBatch batch;
            batch.kind = kind;
            batch.batch = 1;
            batch.time = 2;
            batch.tokens.assign(2, 0);
            batch.values.assign(2, 0.0f);
            batch.lengths = {2};
            try {
                const HiddenStates h = unroll(batch, {});
                probeOutputs(Eigen::Map<const RowMatrixXf>(h.row(0, 1), 1, h.dim));
                return;
            } catch (const InputError&) {
                // Not this kind of input.
            }
        }
    }

    // Sizes the probe could not find stay unsaid.
    void describe() {
        const auto size = [](int n) { return n > 0 ? " → " + std::to_string(n) : std::string(); };
        info_.description = "TorchScript module: hidden_states(x)" + size(info_.stateDim);
        if (module_.find_method("readout")) info_.description += ", readout(h)" + size(info_.readoutOutputs);
        if (module_.find_method("decode")) info_.description += ", decode(h)" + size(info_.decoderOutputs);
    }

    void probeOutputs(const RowMatrixXf& last) {
        try {
            if (module_.find_method("readout")) info_.readoutOutputs = static_cast<int>(readout(last).cols());
        } catch (const InputError&) {
            // Sizes stay unknown (0); readout() still runs the method.
        }
        try {
            if (!module_.find_method("decode")) return;
            const at::Tensor out = call("decode", decodeArgs(last, 2));
            info_.decoderOutputs = out.dim() == 3 ? static_cast<int>(out.size(2)) : 1;
        } catch (const InputError&) {
            // As above.
        }
    }

    mutable torch::jit::Module module_;
    std::string path_;
    mutable NetworkInfo info_;
};

}  // namespace

std::unique_ptr<Network> loadTorchScript(const std::string& path) {
    torch::jit::Module module;
    try {
        module = torch::jit::load(path, torch::kCPU);
    } catch (const c10::Error& e) {
        throw InputError(path, "cannot load the TorchScript file: " + errorSummary(e.what_without_backtrace()));
    }
    return std::make_unique<TorchScriptNetwork>(std::move(module), path);
}

}  // namespace kann
