// `kann train copy|sentiment|ecg`: trains a demo network with LibTorch and writes its bundle files.
#include "app/kann/commands.h"
#include "app/kann/source_options.h"
#include "core/common/error.h"
#include "core/data/dataset.h"
#include "core/data/ecg_beats.h"
#include "core/data/vocab_builder.h"
#include "core/data/wordpiece.h"
#include "core/train/copy_trainer.h"
#include "core/train/ecg_trainer.h"
#include "core/train/sentiment_trainer.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <random>
#include <sstream>

namespace kann::cli {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const char* kDescription =
    "Trains a demo network and writes DIR/model.pt after every epoch (Ctrl-C keeps the last one), DIR/training.json "
    "(settings and per-epoch figures) and: copy: DIR/model_untrained.pt, the same GRU before training, and "
    "DIR/copy_task.ts, 128 sequences (seed 7) to show it; sentiment: DIR/vocab.txt, built from the training texts. "
    "10% of each dataset (15% of beats) is held out, chosen by --seed.";

// The options of every demo; those a demo does not set keep its own default.
struct TrainArguments {
    std::string demo;
    std::string out;
    unsigned seed = 1;
    std::optional<int> epochs, hidden, batch;
    std::optional<double> learningRate;
    std::optional<std::string> data;
    int snapshots = 0;
    int alphabet = 8, symbols = 5, delay = 15, batches = 100;  // copy
    int vocabSize = 8000, maxTokens = 200;                     // sentiment
};

template <class T>
void addOptional(CLI::App& app, const std::string& name, std::optional<T>& target, const std::string& help,
                 const std::string& valueName) {
    app.add_option_function<T>(name, [&target](const T& v) { target = v; }, help)->type_name(valueName);
}

void addTrainOptions(CLI::App& app, TrainArguments& a) {
    app.add_option("demo", a.demo, "the demo to train")->check(CLI::IsMember({"copy", "sentiment", "ecg"}))->required();
    app.add_option("--out", a.out, "the demo's folder")->type_name("DIR")->required();
    app.add_option("--seed", a.seed, "seed of the weights, the batches and the held-out split")->capture_default_str();
    addOptional(app, "--epochs", a.epochs, "epochs (default: copy 200, sentiment 4, ecg 120)", "N");
    addOptional(app, "--hidden", a.hidden, "hidden size (default: copy 64, sentiment 128, ecg 64)", "N");
    addOptional(app, "--batch", a.batch, "sequences per step", "N");
    addOptional(app, "--learning-rate", a.learningRate, "Adam's learning rate", "LR");
    addOptional(app, "--data", a.data,
                "sentiment: comma-separated text datasets (default ../shared/datasets/rt-polarity/rt-polarity.pos and "
                "the aclImdb sample); ecg: scipy's ecg.dat (default: Debian python3-scipy's), beats derived as "
                "`kann ecg-beats` does, or any series dataset (e.g. ECG5000_TRAIN.arff)",
                "D");
    app.add_option("--snapshots", a.snapshots,
                   "also keep the untrained network and N checkpoints evenly spaced over training in "
                   "DIR/snapshots/step_XXXXXX.pt, listed with their step, epoch and losses in "
                   "DIR/snapshots/snapshots.json (what `kann timeline --snapshots DIR/snapshots` and "
                   "`kann-studio --timeline` read)")
        ->type_name("N")->capture_default_str();
    app.add_option("--alphabet", a.alphabet, "copy: symbols of the alphabet")->capture_default_str();
    app.add_option("--symbols", a.symbols, "copy: symbols to remember")->capture_default_str();
    app.add_option("--delay", a.delay, "copy: blank steps before the go marker")->capture_default_str();
    app.add_option("--batches", a.batches, "copy: batches per epoch")->capture_default_str();
    app.add_option("--vocab-size", a.vocabSize, "sentiment: WordPiece vocabulary size")->capture_default_str();
    app.add_option("--max-tokens", a.maxTokens, "sentiment: tokens kept per training text")->capture_default_str();
}

// The first fraction of a seeded permutation of 0..n-1 is held out.
std::vector<bool> heldOutMask(std::size_t n, double fraction, unsigned seed) {
    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = i;
    std::mt19937 rng(seed);
    for (std::size_t i = n; i > 1; --i) std::swap(order[i - 1], order[rng() % i]);
    std::vector<bool> held(n, false);
    for (std::size_t i = 0; i < static_cast<std::size_t>(fraction * n); ++i) held[order[i]] = true;
    return held;
}

// --learning-rate (Adam), or `fallback`.
double learningRate(const TrainArguments& a, double fallback) {
    const double rate = a.learningRate.value_or(fallback);
    if (!(rate > 0 && rate <= 10)) throw InputError("--learning-rate", "expects a number in (0, 10], got " + std::to_string(rate));
    return rate;
}

struct Setup {
    std::unique_ptr<TrainingTask> task;
    json settings;
    int epochs = 10;
};

Setup copySetup(const TrainArguments& a, unsigned seed, const fs::path& out) {
    CopyTrainConfig c;
    c.task.alphabet = a.alphabet;
    c.task.symbols = a.symbols;
    c.task.delay = a.delay;
    c.hidden = a.hidden.value_or(64);
    c.batchesPerEpoch = a.batches;
    c.task.batch = a.batch.value_or(c.task.batch);
    c.learningRate = learningRate(a, c.learningRate);
    c.seed = seed;
    Setup s{makeCopyTrainer(c), {}, 200};
    writeStateDict((out / "model_untrained.pt").string(), s.task->tensors());
    // The batch the demo shows: held apart from training by its seed.
    CopyTaskSpec shown = c.task;
    shown.batch = 128;
    shown.seed = 7;
    writeCopyTaskTs((out / "copy_task.ts").string(), makeCopyTask(shown));
    s.settings = {{"alphabet", c.task.alphabet}, {"symbols", c.task.symbols}, {"delay", c.task.delay},
                  {"hidden", c.hidden}, {"batch", c.task.batch}, {"batches_per_epoch", c.batchesPerEpoch},
                  {"recall_weight", c.recallWeight}, {"learning_rate", c.learningRate}};
    return s;
}

// 1 for "1"/"pos"/"positive", 0 for "0"/"neg"/"negative"; InputError otherwise.
int polarity(const Dataset& d, std::size_t i) {
    const int label = d.labels[i];
    const std::string name = label >= 0 && label < static_cast<int>(d.labelNames.size()) ? d.labelNames[label] : "";
    if (name == "1" || name == "pos" || name == "positive") return 1;
    if (name == "0" || name == "neg" || name == "negative") return 0;
    throw InputError(d.source, "text " + std::to_string(i) + " has label '" + name + "'; sentiment needs 0/1 or neg/pos");
}

// The comma-separated items of `list`, without empty ones.
std::vector<std::string> items(const std::string& list) {
    std::vector<std::string> out;
    std::stringstream in(list);
    for (std::string item; std::getline(in, item, ',');)
        if (!item.empty()) out.push_back(item);
    return out;
}

Setup sentimentSetup(const TrainArguments& a, unsigned seed, const fs::path& out) {
    const std::string defaults = "../shared/datasets/rt-polarity/rt-polarity.pos,"
                                 "../shared/datasets/aclimdb-sample/aclimdb_test_sample5000.tsv";
    std::vector<std::string> trainTexts, heldTexts;
    std::vector<int> trainLabels, heldLabels;
    json sources = json::array();
    for (const std::string& path : items(a.data.value_or(defaults))) {
        const Dataset d = loadDataset(path);
        if (d.kind != Dataset::Kind::Text) throw InputError(path, "is not a text dataset");
        const std::vector<bool> held = heldOutMask(d.size(), 0.1, seed);
        for (std::size_t i = 0; i < d.size(); ++i) {
            (held[i] ? heldTexts : trainTexts).push_back(d.texts[i]);
            (held[i] ? heldLabels : trainLabels).push_back(polarity(d, i));
        }
        sources.push_back({{"path", path}, {"format", d.format}, {"texts", d.size()}});
    }
    VocabBuildOptions vo;
    vo.maxTokens = static_cast<std::size_t>(a.vocabSize);
    const std::vector<std::string> tokens = buildWordPieceVocab(trainTexts, vo);
    writeVocab((out / "vocab.txt").string(), tokens);
    const WordPieceTokenizer tokenizer(Vocab::fromTokens(tokens, (out / "vocab.txt").string()));
    auto examples = [&](const std::vector<std::string>& texts, const std::vector<int>& labels) {
        std::vector<SentimentExample> out;
        for (std::size_t i = 0; i < texts.size(); ++i) {
            SentimentExample e{tokenizer.tokenize(texts[i]).ids(), labels[i]};
            if (!e.tokens.empty()) out.push_back(std::move(e));  // blank texts carry no sentiment
        }
        return out;
    };
    SentimentTrainConfig c;
    c.vocabSize = static_cast<int>(tokens.size());
    c.maxTokens = a.maxTokens;
    c.hidden = a.hidden.value_or(128);
    c.batchSize = a.batch.value_or(c.batchSize);
    c.learningRate = learningRate(a, c.learningRate);
    c.seed = seed;
    auto train = examples(trainTexts, trainLabels), held = examples(heldTexts, heldLabels);
    Setup s{nullptr, {}, 4};  // held-out loss rises after epoch 3-4 on the default data
    s.settings = {{"data", sources}, {"train_texts", train.size()}, {"held_out_texts", held.size()},
                  {"vocab_size", c.vocabSize}, {"embedding", c.embedding}, {"hidden", c.hidden},
                  {"max_tokens", c.maxTokens}, {"batch", c.batchSize}, {"learning_rate", c.learningRate}};
    s.task = makeSentimentTrainer(c, std::move(train), std::move(held));
    return s;
}

std::vector<std::vector<float>> ecgBeats(const std::string& path, json& source) {
    const std::string ext = fs::path(path).extension().string();
    std::vector<std::vector<float>> beats;
    if (ext == ".dat" || ext == ".npz") {
        const EcgRecording recording = readScipyEcg(path);
        for (Beat& b : cutBeats(recording, detectRPeaks(recording))) beats.push_back(std::move(b.values));
        source = {{"path", path}, {"recipe", "kann ecg-beats (Pan-Tompkins R peaks, 0.25 s + 0.45 s, 140 samples, z-normalised)"}};
    } else {
        DatasetOptions o;
        o.zNormalize = true;
        Dataset d = loadDataset(path, o);
        if (d.kind != Dataset::Kind::Series || d.channels != 1) throw InputError(path, "is not a one-channel series dataset");
        beats = std::move(d.series);
        source = {{"path", path}, {"format", d.format}};
    }
    return beats;
}

Setup ecgSetup(const TrainArguments& a, unsigned seed, const fs::path&) {
    const std::string path = a.data.value_or(findScipyEcg());
    if (path.empty()) throw InputError("--data", "no ECG given and scipy/misc/ecg.dat (Debian python3-scipy) is not installed");
    json source;
    std::vector<std::vector<float>> all = ecgBeats(path, source), train, held;
    const std::vector<bool> mask = heldOutMask(all.size(), 0.15, seed);
    for (std::size_t i = 0; i < all.size(); ++i) (mask[i] ? held : train).push_back(std::move(all[i]));
    EcgTrainConfig c;
    c.embedding = a.hidden.value_or(64);
    c.batchSize = a.batch.value_or(c.batchSize);
    c.learningRate = learningRate(a, c.learningRate);
    c.seed = seed;
    Setup s{nullptr, {}, 120};
    s.settings = {{"data", source}, {"train_beats", train.size()}, {"held_out_beats", held.size()},
                  {"embedding", c.embedding}, {"batch", c.batchSize}, {"learning_rate", c.learningRate}};
    s.task = makeEcgTrainer(c, std::move(train), std::move(held));
    return s;
}

void writeJson(const fs::path& path, const json& j) {
    std::ofstream out(path);
    out << j.dump(2) << "\n";
    if (!out) throw InputError(path.string(), "cannot write the file");
}

// A number, or null for NaN (JSON has no NaN).
json number(double v) { return std::isnan(v) ? json(nullptr) : json(v); }

// Asks runTraining for snapshots in DIR/snapshots and keeps their list in snapshots.json.
void keepSnapshots(TrainOptions& o, int count, const fs::path& out, const std::string& demo, const TrainingTask& task,
                   json& list) {
    if (count < 0) throw InputError("--snapshots", "must be 0 (none) or more, got " + std::to_string(count));
    if (count == 0) return;
    const fs::path dir = out / "snapshots";
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw InputError(dir.string(), "cannot create the folder: " + ec.message());
    o.snapshots = count;
    o.snapshotDir = dir.string();
    list = {{"demo", demo}, {"metric", task.metricName()}, {"batches_per_epoch", task.batchesPerEpoch()},
            {"snapshots", json::array()}};
    o.onSnapshot = [&list, dir](const SnapshotReport& r) {
        list["snapshots"].push_back({{"file", fs::path(r.file).filename().string()}, {"step", r.step},
                                     {"epoch", r.epoch}, {"train_loss", number(r.trainLoss)},
                                     {"held_out_loss", r.heldOut.loss}, {"held_out_metric", r.heldOut.metric}});
        writeJson(dir / "snapshots.json", list);
    };
}

}  // namespace

int trainCommand(const Args& raw) {
    CLI::App app(kDescription, "kann train");
    TrainArguments a;
    addTrainOptions(app, a);
    if (!parseCommand(app, raw)) return 0;
    const std::string& demo = a.demo;
    const fs::path out = a.out;
    const unsigned seed = a.seed;
    std::error_code ec;
    fs::create_directories(out, ec);
    if (ec) throw InputError(out.string(), "cannot create the folder: " + ec.message());

    Setup s = demo == "copy"        ? copySetup(a, seed, out)
              : demo == "sentiment" ? sentimentSetup(a, seed, out)
                                    : ecgSetup(a, seed, out);
    json log = {{"demo", demo}, {"seed", seed}, {"settings", s.settings}, {"metric", s.task->metricName()},
                {"epochs", json::array()}};
    TrainOptions o;
    o.epochs = a.epochs.value_or(s.epochs);
    o.checkpoint = (out / "model.pt").string();
    o.progress = stderrProgress();
    cancelOnInterrupt(o.progress);
    json snapshots;
    keepSnapshots(o, a.snapshots, out, demo, *s.task, snapshots);
    o.onEpoch = [&](const EpochReport& r) {
        std::cerr << formatEpochReport(r, s.task->metricName()) << std::endl;
        log["epochs"].push_back({{"epoch", r.epoch}, {"train_loss", r.trainLoss}, {"held_out_loss", r.heldOut.loss},
                                 {"held_out_metric", r.heldOut.metric}, {"seconds", r.seconds}});
        writeJson(out / "training.json", log);
    };
    std::cerr << "training " << demo << ": " << s.settings.dump() << "\n";
    try {
        runTraining(*s.task, o);
    } catch (const Cancelled&) {
        std::cerr << "interrupted: " << o.checkpoint << " holds the last finished epoch ("
                  << log["epochs"].size() << ")\n";
        throw;
    }
    std::cerr << "wrote " << o.checkpoint << "\n";
    return 0;
}

}  // namespace kann::cli
