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
