#include "core/io/moments_file.h"

#include "core/analysis/analysis.h"
#include "core/common/error.h"
#include "test_support.h"

#include <filesystem>
#include <fstream>
#include <random>

using namespace kann;
using Catch::Matchers::Contains;

namespace {

std::string tempPath(const std::string& name) {
    return (std::filesystem::temp_directory_path() / ("kann_moments_test_" + name)).string();
}

// A damped rotation in 8 dimensions with noise, sequences of varied length.
HiddenStates dynamics(int batch, int time, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> noise(0.0, 0.05);
    const int dim = 8;
    Eigen::MatrixXd a = Eigen::MatrixXd::Random(dim, dim) * 0.3;
    a.diagonal().array() += 0.5;
    HiddenStates s = HiddenStates::zeros(batch, time, dim);
    for (int b = 0; b < batch; ++b) {
        s.lengths[b] = 2 + static_cast<int>(rng() % (time - 1));
        Eigen::RowVectorXd z = Eigen::RowVectorXd::Random(dim);
        for (int t = 0; t < s.lengths[b]; ++t) {
            for (int i = 0; i < dim; ++i) s.row(b, t)[i] = static_cast<float>(z(i));
            z = z * a;
            for (int i = 0; i < dim; ++i) z(i) += noise(rng);
        }
    }
    return s;
}

// Sequences [from, to) of `s`.
HiddenStates slice(const HiddenStates& s, int from, int to) {
    HiddenStates out = HiddenStates::zeros(to - from, s.time, s.dim);
    std::copy(s.row(from, 0), s.row(to, 0), out.values.begin());
    std::copy(s.lengths.begin() + from, s.lengths.begin() + to, out.lengths.begin());
    return out;
}

const Fingerprint kFingerprint = {{"--model", "SHA-256 abc"}, {"--max-len", "0"}};

MomentsPart momentsOf(const HiddenStates& s, Fingerprint f = kFingerprint, const StepInputs* inputs = nullptr) {
    return {stateMoments(s, s.lengths, Eigen::RowVectorXd::Zero(s.dim), inputs), s.batch, std::move(f)};
}

// Random inputs of 3 features at every step of `s`.
StepInputs randomInputs(const HiddenStates& s, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> value(0.0f, 1.0f);
    StepInputs in;
    in.time = s.time;
    in.table.resize(static_cast<Eigen::Index>(s.batch) * s.time, 3);
    for (Eigen::Index i = 0; i < in.table.size(); ++i) in.table.data()[i] = value(rng);
    return in;
}

// Rows of sequences [from, to) of `in`.
StepInputs sliceInputs(const StepInputs& in, int from, int to) {
    StepInputs out = in;
    out.table = in.table.middleRows(static_cast<Eigen::Index>(from) * in.time, static_cast<Eigen::Index>(to - from) * in.time);
    return out;
}

double relativeDifference(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) { return (a - b).norm() / b.norm(); }

// Three parts of 40 sequences written to files, as three machines would (with their input blocks
// when given the inputs).
std::vector<std::string> writeParts(const HiddenStates& all, const StepInputs* inputs = nullptr) {
    std::vector<std::string> paths;
    const int cuts[] = {0, 13, 27, all.batch};
    for (int p = 0; p < 3; ++p) {
        paths.push_back(tempPath("part" + std::to_string(p) + (inputs ? "_inputs" : "") + ".npz"));
        const StepInputs part = inputs ? sliceInputs(*inputs, cuts[p], cuts[p + 1]) : StepInputs{};
        writeMoments(paths.back(), momentsOf(slice(all, cuts[p], cuts[p + 1]), kFingerprint, inputs ? &part : nullptr));
    }
    return paths;
}

}  // namespace

TEST_CASE("moments written to a file read back exactly", "[moments]") {
    const MomentsPart part = momentsOf(dynamics(5, 9, 1));
    const std::string path = tempPath("roundtrip.npz");
    writeMoments(path, part);
    const MomentsPart back = readMoments(path);
    CHECK(back.moments.gram == part.moments.gram);
    CHECK(back.moments.lagged == part.moments.lagged);
    CHECK(back.moments.firsts == part.moments.firsts);
    CHECK(back.moments.lasts == part.moments.lasts);
    CHECK(back.moments.sum == part.moments.sum);
    CHECK(back.moments.firstSum == part.moments.firstSum);
    CHECK(back.moments.lastSum == part.moments.lastSum);
    CHECK(back.moments.rows == part.moments.rows);
    CHECK(back.moments.pairs == part.moments.pairs);
    CHECK(back.sequences == 5);
    CHECK(back.fingerprint == part.fingerprint);
}

TEST_CASE("moments merged from three parts equal one pass over all sequences, and so does the fit", "[moments]") {
    const HiddenStates all = dynamics(40, 30, 7);
    const MomentsPart merged = mergeMoments(writeParts(all));
    const MomentsPart whole = momentsOf(all);
    CHECK(relativeDifference(merged.moments.gram, whole.moments.gram) < 1e-12);
    CHECK(relativeDifference(merged.moments.lagged, whole.moments.lagged) < 1e-12);
    CHECK(relativeDifference(merged.moments.firsts, whole.moments.firsts) < 1e-12);
    CHECK(relativeDifference(merged.moments.lasts, whole.moments.lasts) < 1e-12);
    CHECK(relativeDifference(merged.moments.sum, whole.moments.sum) < 1e-12);
    CHECK(relativeDifference(merged.moments.lastSum, whole.moments.lastSum) < 1e-12);
    CHECK(merged.moments.rows == whole.moments.rows);
    CHECK(merged.moments.pairs == whole.moments.pairs);
    CHECK(merged.sequences == 40);

    AnalysisOptions options;
    options.keepReduced = false;
    const KoopmanResult single = analyze(all, options);
    const KoopmanResult fromParts = analyzeMoments(merged.moments, static_cast<int>(merged.sequences), options);
    REQUIRE(fromParts.k == single.k);
    CHECK(fromParts.batch == 40);
    CHECK((fromParts.eigenvalues - single.eigenvalues).cwiseAbs().maxCoeff() < 1e-9);
    CHECK((fromParts.C - single.C).cwiseAbs().maxCoeff() < 1e-9);
    CHECK((fromParts.basis - single.basis).cwiseAbs().maxCoeff() < 1e-9);
    CHECK(std::abs(fromParts.residual - single.residual) < 1e-9);
    // The eigenpairs' residuals from the pair moments match the streamed ones over φ.
    CHECK((fromParts.eigenResidual - single.eigenResidual).cwiseAbs().maxCoeff() < 1e-6);
    CHECK(fromParts.dominance.size() == 0);
}

TEST_CASE("a fit with inputs from three parts' input blocks equals the fit over all sequences", "[moments]") {
    const HiddenStates all = dynamics(40, 30, 8);
    const StepInputs inputs = randomInputs(all, 2);
    const std::string roundtrip = tempPath("inputs.npz");
    writeMoments(roundtrip, momentsOf(all, kFingerprint, &inputs));
    const MomentsPart back = readMoments(roundtrip);
    const StateMoments whole = stateMoments(all, all.lengths, Eigen::RowVectorXd::Zero(all.dim), &inputs);
    REQUIRE(back.moments.inputs);
    CHECK(back.moments.inputs->gram == whole.inputs->gram);
    CHECK(back.moments.inputs->stateInput == whole.inputs->stateInput);
    CHECK(back.moments.inputs->inputNext == whole.inputs->inputNext);
    CHECK(back.moments.inputs->sum == whole.inputs->sum);

    const MomentsPart merged = mergeMoments(writeParts(all, &inputs));
    REQUIRE(merged.moments.inputs);
    CHECK(relativeDifference(merged.moments.inputs->stateInput, whole.inputs->stateInput) < 1e-12);
    AnalysisOptions options;
    options.keepReduced = false;
    options.fit = Fit::Inputs;
    options.k = 6;
    const KoopmanResult single = analyze(all, options, {}, &inputs);
    const KoopmanResult fromParts = analyzeMoments(merged.moments, static_cast<int>(merged.sequences), options);
    REQUIRE(fromParts.inputs);
    CHECK(fromParts.fit == Fit::Inputs);
    CHECK((fromParts.eigenvalues - single.eigenvalues).cwiseAbs().maxCoeff() < 1e-9);
    CHECK((fromParts.C - single.C).cwiseAbs().maxCoeff() < 1e-9);
    CHECK((fromParts.inputs->B - single.inputs->B).cwiseAbs().maxCoeff() < 1e-9);
    CHECK(std::abs(fromParts.residual - single.residual) < 1e-9);
    CHECK(std::abs(fromParts.inputs->residualAutonomous - single.inputs->residualAutonomous) < 1e-9);
    CHECK((fromParts.eigenResidual - single.eigenResidual).cwiseAbs().maxCoeff() < 1e-6);

    // Parts without input blocks fit autonomously only, and do not merge with parts that have them.
    const std::vector<std::string> plain = writeParts(all);
    CHECK_THROWS_WITH(analyzeMoments(mergeMoments(plain).moments, 40, options), Contains("--fit") && Contains("--moments-out"));
    CHECK_THROWS_WITH(mergeMoments({plain[0], roundtrip}), Contains("input blocks"));
}

TEST_CASE("a fit from moments refuses what needs the states", "[moments]") {
    const MomentsPart part = momentsOf(dynamics(6, 10, 3));
    AnalysisOptions options;
    options.reduction = Reduction::Pca;
    CHECK_THROWS_WITH(analyzeMoments(part.moments, 6, options), Contains("--reduction"));
}

TEST_CASE("parts with different fingerprints are refused, naming the difference", "[moments]") {
    const HiddenStates s = dynamics(6, 10, 4);
    const std::string a = tempPath("fa.npz"), b = tempPath("fb.npz"), c = tempPath("fc.npz");
    writeMoments(a, momentsOf(s));
    writeMoments(b, momentsOf(s, {{"--model", "SHA-256 abc"}, {"--max-len", "50"}}));
    writeMoments(c, momentsOf(s, {{"--model", "SHA-256 def"}, {"--max-len", "0"}}));
    CHECK_THROWS_WITH(mergeMoments({a, b}), Contains(b) && Contains("--max-len ('0' vs '50')"));
    CHECK_THROWS_WITH(mergeMoments({a, c}), Contains("--model") && Contains("abc") && Contains("def"));
}

TEST_CASE("a corrupt or foreign part is refused by name", "[moments]") {
    const std::string good = tempPath("good.npz");
    writeMoments(good, momentsOf(dynamics(4, 8, 5)));
    std::string bytes;
    {
        std::ifstream in(good, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    const std::string truncated = tempPath("truncated.npz");
    std::ofstream(truncated, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    CHECK_THROWS_AS(mergeMoments({good, truncated}), InputError);
    CHECK_THROWS_WITH(mergeMoments({good, truncated}), Contains(truncated));
    CHECK_THROWS_WITH(readMoments(test::fixture("npy/arrays.npz")), Contains("arrays.npz") && Contains("gram.npy"));
    CHECK_THROWS_WITH(mergeMoments({}), Contains("--moments"));
}
