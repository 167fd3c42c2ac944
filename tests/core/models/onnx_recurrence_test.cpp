#include "core/models/onnx_recurrence.h"

#include "core/common/error.h"
#include "test_support.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

using namespace kann;

namespace {

// A one-unit RNN with weights w (input) and r (recurrence) and bias b, run from h0 over `xs`.
OnnxRecurrentLayer scalarRnn(const OnnxActivation& f, float w, float r, float b, float h0, float clip = 0) {
    OnnxRecurrentLayer layer;
    layer.type = CellType::RNN;
    layer.hidden = 1;
    layer.input = 1;
    layer.clip = clip;
    OnnxDirection d;
    d.w = RowMatrixXf::Constant(1, 1, w);
    d.r = RowMatrixXf::Constant(1, 1, r);
    d.wb = Eigen::VectorXf::Constant(1, b);
    d.rb = Eigen::VectorXf::Zero(1);
    d.initialH = Eigen::VectorXf::Constant(1, h0);
    d.activations = {f};
    layer.directions.push_back(d);
    return layer;
}

std::vector<float> run(const OnnxRecurrentLayer& layer, const std::vector<float>& xs) {
    const RowMatrixXf x = Eigen::Map<const RowMatrixXf>(xs.data(), static_cast<Eigen::Index>(xs.size()), 1);
    const OnnxRun out = runOnnxDirection(layer, 0, x, static_cast<int>(xs.size()), {static_cast<int>(xs.size())});
    return std::vector<float>(out.y.data(), out.y.data() + out.y.size());
}

OnnxActivation activation(const std::string& name, std::vector<float> alphas = {}, std::vector<float> betas = {}) {
    return onnxActivations({name}, alphas, betas, "test").at(0);
}

}  // namespace

TEST_CASE("every ONNX activation follows its formula, with alpha and beta", "[onnx]") {
    // One unit, h_t = f(0.5 x_t - 0.8 h_{t-1} + 0.1) from h_0 = 0.3: the formulas of ONNX's operator table.
    const std::vector<float> xs{1.5f, -2.0f, 0.25f, 3.0f, -0.7f};
    const std::map<std::string, std::function<double(double)>> formulas = {
        {"Relu", [](double v) { return std::max(v, 0.0); }},
        {"Tanh", [](double v) { return std::tanh(v); }},
        {"Sigmoid", [](double v) { return 1 / (1 + std::exp(-v)); }},
        {"Affine", [](double v) { return 0.7 * v + 0.2; }},
        {"LeakyRelu", [](double v) { return v >= 0 ? v : 0.7 * v; }},
        {"ThresholdedRelu", [](double v) { return v > 0.7 ? v : 0.0; }},
        {"ScaledTanh", [](double v) { return 0.7 * std::tanh(0.2 * v); }},
        {"HardSigmoid", [](double v) { return std::clamp(0.7 * v + 0.2, 0.0, 1.0); }},
        {"Elu", [](double v) { return v >= 0 ? v : 0.7 * (std::exp(v) - 1); }},
        {"Softsign", [](double v) { return v / (1 + std::abs(v)); }},
        {"Softplus", [](double v) { return std::log(std::exp(v) + 1); }},
    };
    for (const auto& [name, f] : formulas) {
        CAPTURE(name);
        const auto got = run(scalarRnn(activation(name, {0.7f}, {0.2f}), 0.5f, -0.8f, 0.1f, 0.3f), xs);
        double h = 0.3;
        for (std::size_t t = 0; t < xs.size(); ++t) {
            h = f(0.5 * xs[t] - 0.8 * h + 0.1);
            CHECK(std::abs(got[t] - h) <= 1e-6);
        }
    }
}

TEST_CASE("clip bounds the activations' inputs", "[onnx]") {
    const auto got = run(scalarRnn(activation("Affine", {1}, {0}), 2.0f, 0.0f, 0.0f, 0.0f, 1.5f), {0.5f, 3.0f, -4.0f});
    CHECK(got == std::vector<float>{1.0f, 1.5f, -1.5f});
}

TEST_CASE("activation lists take alphas and betas in order and refuse unknown names", "[onnx]") {
    const auto list = onnxActivations({"sigmoid", "LeakyRelu", "Tanh", "HardSigmoid"}, {0.3f, 0.4f}, {0.6f}, "f.onnx: GRU node 'g'");
    REQUIRE(list.size() == 4);
    CHECK(activationName(list[0]) == "Sigmoid");
    CHECK(activationName(list[1]) == "LeakyRelu(alpha=0.3)");
    CHECK(activationName(list[3]) == "HardSigmoid(alpha=0.4, beta=0.6)");
    CHECK(activationName(activation("HardSigmoid")) == "HardSigmoid(alpha=0.2, beta=0.5)");
    CHECK(activationName(activation("LeakyRelu")) == "LeakyRelu(alpha=0.01)");
    CHECK_THROWS_WITH(onnxActivations({"Tanh", "Swish"}, {}, {}, "f.onnx: RNN node 'r'"),
                      "f.onnx: RNN node 'r': activation 'Swish' is not one of ONNX's recurrent activations");
}

TEST_CASE("padding never enters: a reversed direction starts at each sequence's last step", "[onnx]") {
    // Sequence 0 has 2 valid steps of 3; the third is padding holding a large value.
    OnnxRecurrentLayer layer = scalarRnn(activation("Affine"), 1.0f, 0.5f, 0.0f, 0.0f);
    layer.direction = "reverse";
    const RowMatrixXf x = (RowMatrixXf(6, 1) << 1, 2, 1000, 3, 4, 5).finished();
    const OnnxRun out = runOnnxDirection(layer, 0, x, 3, {2, 3});
    // h = x_t + 0.5 h_{t+1}, from the last valid step backwards; Y at padding is 0.
    CHECK(out.y(0, 0) == 1 + 0.5f * 2);
    CHECK(out.y(1, 0) == 2);
    CHECK(out.y(2, 0) == 0);
    CHECK(out.y(3, 0) == 3 + 0.5f * (4 + 0.5f * 5));
    CHECK(out.lastH(0, 0) == out.y(0, 0));
    CHECK(out.lastH(1, 0) == out.y(3, 0));
}

namespace {

// A one-unit cell of `type` whose gates (in ONNX's order) have input weights w, recurrence weights
// r and biases b (input and recurrence biases alike).
OnnxRecurrentLayer scalarCell(CellType type, std::vector<float> w, std::vector<float> r, std::vector<float> b) {
    OnnxRecurrentLayer layer;
    layer.type = type;
    layer.hidden = 1;
    layer.input = 1;
    OnnxDirection d;
    const auto n = static_cast<Eigen::Index>(w.size());
    d.w = Eigen::Map<RowMatrixXf>(w.data(), n, 1);
    d.r = Eigen::Map<RowMatrixXf>(r.data(), n, 1);
    d.wb = Eigen::Map<Eigen::VectorXf>(b.data(), n);
    d.rb = d.wb;
    d.activations = onnxActivations(type == CellType::LSTM ? std::vector<std::string>{"Sigmoid", "Tanh", "Tanh"}
                                                           : std::vector<std::string>{"Sigmoid", "Tanh"},
                                    {}, {}, "test");
    layer.directions.push_back(d);
    return layer;
}

double sigmoid(double v) { return 1 / (1 + std::exp(-v)); }
double clipped(double v, double clip) { return clip > 0 ? std::clamp(v, -clip, clip) : v; }

}  // namespace

TEST_CASE("the LSTM's coupled input and forget gates, peepholes and clip follow ONNX's equations", "[onnx]") {
    const std::vector<float> xs{0.9f, -1.4f, 2.2f, 0.3f};
    const std::vector<double> w{0.8, -0.6, 0.5, 1.1}, r{-0.4, 0.7, 0.3, -0.9}, b{0.1, -0.2, 0.3, 0.05}, p{0.6, -0.5, 0.4};
    for (const bool coupled : {false, true}) {
        for (const float clip : {0.0f, 0.5f}) {
            CAPTURE(coupled, clip);
            OnnxRecurrentLayer layer = scalarCell(CellType::LSTM, {0.8f, -0.6f, 0.5f, 1.1f}, {-0.4f, 0.7f, 0.3f, -0.9f},
                                                  {0.1f, -0.2f, 0.3f, 0.05f});
            layer.inputForget = coupled;
            layer.clip = clip;
            layer.directions[0].p = (Eigen::VectorXf(3) << 0.6f, -0.5f, 0.4f).finished();
            const auto got = run(layer, xs);
            double h = 0, c = 0;
            for (std::size_t t = 0; t < xs.size(); ++t) {
                const auto gate = [&](int g) { return w[g] * xs[t] + r[g] * h + 2 * b[g]; };  // gates i, o, f, c
                const double i = sigmoid(clipped(gate(0) + p[0] * c, clip));
                const double f = coupled ? 1 - i : sigmoid(clipped(gate(2) + p[2] * c, clip));
                c = f * c + i * std::tanh(clipped(gate(3), clip));
                const double o = sigmoid(clipped(gate(1) + p[1] * c, clip));
                h = o * std::tanh(c);
                CHECK(std::abs(got[t] - h) <= 1e-6);
            }
        }
    }
}

TEST_CASE("both GRU forms and clip follow ONNX's equations", "[onnx]") {
    const std::vector<float> xs{0.9f, -1.4f, 2.2f, 0.3f};
    const std::vector<double> w{0.8, -0.6, 1.5}, r{-0.4, 0.7, 1.3}, b{0.1, -0.2, 0.3};
    for (const bool linearBeforeReset : {false, true}) {
        for (const float clip : {0.0f, 0.5f}) {
            CAPTURE(linearBeforeReset, clip);
            OnnxRecurrentLayer layer = scalarCell(CellType::GRU, {0.8f, -0.6f, 1.5f}, {-0.4f, 0.7f, 1.3f}, {0.1f, -0.2f, 0.3f});
            layer.linearBeforeReset = linearBeforeReset;
            layer.clip = clip;
            const auto got = run(layer, xs);
            double h = 0;
            for (std::size_t t = 0; t < xs.size(); ++t) {
                const double z = sigmoid(clipped(w[0] * xs[t] + r[0] * h + 2 * b[0], clip));  // gates z, r, h
                const double reset = sigmoid(clipped(w[1] * xs[t] + r[1] * h + 2 * b[1], clip));
                const double recurrent = linearBeforeReset ? reset * (r[2] * h + b[2]) : r[2] * (reset * h) + b[2];
                const double candidate = std::tanh(clipped(w[2] * xs[t] + b[2] + recurrent, clip));
                h = (1 - z) * candidate + z * h;
                CHECK(std::abs(got[t] - h) <= 1e-6);
            }
        }
    }
}
