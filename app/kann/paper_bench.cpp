// `kann bench --paper`: checkpoint load to JSON written on the paper's sentiment case, timed.
#include "app/kann/paper_bench.h"

#include "app/kann/source_options.h"
#include "core/common/error.h"
#include "core/common/median.h"
#include "core/pipeline/exploration.h"
#include "core/pipeline/results_json.h"
#include "core/train/checkpoint_writer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sys/resource.h>
#include <unistd.h>

namespace kann::cli {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

// The paper's sentiment network (Naiman & Azencot 2023): GRUCell 128 -> 256 over a 32379-piece vocabulary.
constexpr int kVocab = 32379, kEmbedding = 128, kHidden = 256;
// Inside the shared datasets folder (--shared, else $KANN_SHARED_DATA, else ../shared/datasets).
const char* const kReviews = "aclimdb-sample/aclimdb_test_sample5000.tsv";
const char* const kVocabFile = "imdb-vocab/imdb.vocab";

struct BenchCase {
    const char* name;
    int reviews;
    int maxPieces;  // 0 = whole reviews
    int runs;
};

}  // namespace

std::uint64_t writeSentimentCheckpoint(const std::string& path, int hidden) {
    std::mt19937 gen(1);
    std::normal_distribution<float> normal;
    std::uniform_real_distribution<float> uniform(-1.0f / std::sqrt(float(hidden)), 1.0f / std::sqrt(float(hidden)));
    auto tensor = [&](std::string name, std::vector<std::int64_t> shape, bool gaussian) {
        std::int64_t n = 1;
        for (auto d : shape) n *= d;
        CheckpointTensor t{std::move(name), std::move(shape), std::vector<float>(static_cast<std::size_t>(n))};
        for (float& v : t.values) v = gaussian ? normal(gen) : uniform(gen);
        return t;
    };
    const CheckpointTensors tensors = {
        tensor("embedding.weight", {kVocab, kEmbedding}, true),
        tensor("rnn.weight_ih", {3 * hidden, kEmbedding}, false),
        tensor("rnn.weight_hh", {3 * hidden, hidden}, false),
        tensor("rnn.bias_ih", {3 * hidden}, false),
        tensor("rnn.bias_hh", {3 * hidden}, false),
        tensor("linear.weight", {1, hidden}, false),
        tensor("linear.bias", {1}, false),
    };
    writeStateDict(path, tensors);
    std::uint64_t bytes = 0;
    for (const auto& t : tensors) bytes += t.values.size() * sizeof(float);
    return bytes;
}

namespace {

// Without the shared aclImdb sample: a vocabulary of made-up words and reviews of 50..1000 of them.
void writeGeneratedData(const std::string& reviews, const std::string& vocab) {
    std::ofstream v(vocab), r(reviews);
    v << "<unk>\n<cls>\n<sep>\n";
    for (int i = 3; i < kVocab; ++i) v << "w" << i << "\n";
    std::mt19937 gen(3);
    std::uniform_int_distribution<int> word(3, kVocab - 1), length(50, 1000);
    for (int i = 0; i < 700; ++i) {
        r << i % 2 << '\t';
        for (int n = length(gen), w = 0; w < n; ++w) r << (w ? " w" : "w") << word(gen);
        r << '\n';
    }
    if (!v || !r) throw InputError(reviews, "could not write the generated benchmark data");
}

double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double peakRssMb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024.0;  // kilobytes on Linux
}

const char* const kStages[] = {"load_model", "load_data", "unroll", "reduce", "fit", "eig", "project", "json", "wall"};

void runCase(const BenchCase& c, SourceSpec spec, const std::string& json, double modelMb) {
    spec.selection.count = c.reviews;
    spec.selection.maxLength = c.maxPieces;
    spec.analysis.keepReduced = false;  // as `kann analyze` does
    const double rssBefore = currentRssMb();
    std::map<std::string, std::vector<double>> stages;
    int batch = 0, time = 0, dim = 0, k = 0;
    for (int i = 0; i < c.runs; ++i) {
        const auto start = Clock::now();
        const Exploration e = runAnalysis(spec);
        const auto written = Clock::now();
        writeOutput(resultsJson(e).dump(2), json);
        stages["json"].push_back(msSince(written));
        stages["wall"].push_back(msSince(start));
        for (const auto& [stage, ms] : e.result.timingsMs) stages[stage].push_back(ms);
        batch = e.result.batch, time = e.result.time, dim = e.result.dim, k = e.result.k;
    }
    const double statesMb = double(batch) * time * dim * sizeof(float) / (1024.0 * 1024.0);
    std::printf("%s: %d reviews padded to %d pieces, states [%d, %d, %d], k = %d, median of %d runs "
                "(load average %.2f):\n",
                c.name, batch, time, batch, time, dim, k, c.runs, loadAverage());
    for (const char* stage : kStages) std::printf("  %-10s %8.1f ms\n", stage, median(stages[stage]));
    std::printf("  peak RSS %.0f MB (RSS before the case %.0f MB, growth %.0f MB); states as float32 %.0f MB + "
                "model %.0f MB, x1.5 = %.0f MB\n",
                peakRssMb(), rssBefore, peakRssMb() - rssBefore, statesMb, modelMb, 1.5 * (statesMb + modelMb));
    std::fflush(stdout);
}

}  // namespace

double currentRssMb() {
    long pages = 0, resident = 0;
    if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
        std::fclose(f);
    }
    return resident * (static_cast<double>(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0));
}

// The folder the checkpoint is written to: `keep` (created if needed), else a new temporary one.
fs::path benchFolder(const std::string& keep) {
    if (!keep.empty()) {
        std::error_code error;
        fs::create_directories(keep, error);
        if (error) throw InputError(keep, "cannot create the folder: " + error.message());
        return keep;
    }
    char pattern[] = "/tmp/kann-bench-XXXXXX";
    if (!mkdtemp(pattern)) throw InputError("/tmp", "cannot create a temporary folder for the benchmark");
    return pattern;
}

bool useSharedReviews(SourceSpec& spec, const std::string& shared) {
    const char* env = std::getenv("KANN_SHARED_DATA");
    const fs::path dir = !shared.empty() ? shared : env ? env : "../shared/datasets";
    if (!fs::exists(dir / kReviews) || !fs::exists(dir / kVocabFile)) return false;
    spec.dataPath = (dir / kReviews).string();
    spec.vocabPath = (dir / kVocabFile).string();
    return true;
}

double loadAverage() {
    double load[1] = {0.0};
    return getloadavg(load, 1) == 1 ? load[0] : -1.0;
}

int paperBench(const PaperBenchOptions& options) {
    const std::string& which = options.which;
    const int runs = options.runs, scaleRuns = options.scaleRuns;
    const fs::path dir = benchFolder(options.keep);
    const bool keep = !options.keep.empty();
    SourceSpec spec;
    spec.modelPath = (dir / "sentiment.pt").string();
    const double modelMb = writeSentimentCheckpoint(spec.modelPath, kHidden) / (1024.0 * 1024.0);
    const bool shared = useSharedReviews(spec, options.shared);
    if (!shared) {
        spec.dataPath = (dir / "reviews.tsv").string();
        spec.vocabPath = (dir / "vocab.txt").string();
        writeGeneratedData(spec.dataPath, spec.vocabPath);
    }
    std::printf("model: random sentiment GRUCell %d -> %d, vocabulary %d (%.0f MB as float32); reviews: %s\n",
                kEmbedding, kHidden, kVocab, modelMb, shared ? "shared aclImdb sample" : "generated text");
    try {
        if (which != "scale") runCase({"paper", 64, 952, runs}, spec, (dir / "analysis.json").string(), modelMb);
        if (which != "paper") runCase({"scale", 640, 1000, scaleRuns}, spec, (dir / "analysis.json").string(), modelMb);
    } catch (...) {
        if (!keep) fs::remove_all(dir);
        throw;
    }
    if (keep) std::printf("kept in %s: the checkpoint (for kann-studio --model ... --benchmark)\n", dir.c_str());
    else fs::remove_all(dir);
    return 0;
}

}  // namespace kann::cli
