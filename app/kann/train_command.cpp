// `kann train copy|sentiment|ecg`: trains a demo network with LibTorch and writes its bundle files.
#include "app/kann/commands.h"
#include "app/kann/arguments.h"
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

#include <atomic>
#include <cmath>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>

namespace kann::cli {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const char* kUsage =
    "usage: kann train copy|sentiment|ecg --out DIR [--epochs N] [--seed S] [--data ...]\n"
    "Trains a demo network and writes DIR/model.pt after every epoch (Ctrl-C keeps the last one),\n"
    "DIR/training.json (settings and per-epoch figures) and:\n"
    "  copy       DIR/model_untrained.pt, the same GRU before training, and DIR/copy_task.ts, 128\n"
    "             sequences (seed 7) to show it. Options: --hidden (64),\n"
    "             --alphabet (8), --symbols (5), --delay (15), --batches (batches per epoch, 100)\n"
    "  sentiment  DIR/vocab.txt, built from the training texts. --data: comma-separated text datasets\n"
    "             (default ../shared/datasets/rt-polarity/rt-polarity.pos and the aclImdb sample);\n"
    "             --vocab-size (8000), --max-tokens (200 per training text)\n"
    "  ecg        --data: scipy's ecg.dat (default: Debian python3-scipy's), beats derived as\n"
    "             `kann ecg-beats` does, or any series dataset (e.g. ECG5000_TRAIN.arff)\n"
    "All: --hidden, --batch (sequences per step), --learning-rate (Adam).\n"
    "--snapshots N also keeps the untrained network and N checkpoints evenly spaced over training in\n"
    "DIR/snapshots/step_XXXXXX.pt, listed with their step, epoch and losses in DIR/snapshots/snapshots.json\n"
    "(what `kann timeline --snapshots DIR/snapshots` and `kann-studio --timeline` read).\n"
    "10% of each dataset (15% of beats) is held out, chosen by --seed.\n";

std::atomic<bool> interrupted{false};
extern "C" void onInterrupt(int) { interrupted = true; }

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
double learningRate(const Arguments& a, double fallback) { return a.real("learning-rate", fallback, 1e-9, 10.0); }

struct Setup {
    std::unique_ptr<TrainingTask> task;
    json settings;
    int epochs = 10;
};

Setup copySetup(const Arguments& a, unsigned seed, const fs::path& out) {
    CopyTrainConfig c;
    c.task.alphabet = a.integer("alphabet", 8);
    c.task.symbols = a.integer("symbols", 5);
    c.task.delay = a.integer("delay", 15);
    c.hidden = a.integer("hidden", 64);
    c.batchesPerEpoch = a.integer("batches", 100);
    c.task.batch = a.integer("batch", c.task.batch);
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

Setup sentimentSetup(const Arguments& a, unsigned seed, const fs::path& out) {
    const std::string defaults = "../shared/datasets/rt-polarity/rt-polarity.pos,"
                                 "../shared/datasets/aclimdb-sample/aclimdb_test_sample5000.tsv";
    std::vector<std::string> trainTexts, heldTexts;
    std::vector<int> trainLabels, heldLabels;
    json sources = json::array();
    for (const std::string& path : a.list("data", defaults)) {
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
    vo.maxTokens = static_cast<std::size_t>(a.integer("vocab-size", 8000));
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
    c.maxTokens = a.integer("max-tokens", 200);
    c.hidden = a.integer("hidden", 128);
    c.batchSize = a.integer("batch", c.batchSize);
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

Setup ecgSetup(const Arguments& a, unsigned seed, const fs::path&) {
    const std::string path = a.value("data", findScipyEcg());
    if (path.empty()) throw InputError("--data", "no ECG given and scipy/misc/ecg.dat (Debian python3-scipy) is not installed");
    json source;
    std::vector<std::vector<float>> all = ecgBeats(path, source), train, held;
    const std::vector<bool> mask = heldOutMask(all.size(), 0.15, seed);
    for (std::size_t i = 0; i < all.size(); ++i) (mask[i] ? held : train).push_back(std::move(all[i]));
    EcgTrainConfig c;
    c.embedding = a.integer("hidden", 64);
    c.batchSize = a.integer("batch", c.batchSize);
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
    if (raw.empty() || raw[0] == "--help" || raw[0] == "-h") {
        std::cout << kUsage;
        return raw.empty() ? 2 : 0;
    }
    const std::string demo = raw[0];
    const Arguments a(Args(raw.begin() + 1, raw.end()),
                      {"out", "epochs", "seed", "data", "hidden", "batch", "learning-rate", "alphabet", "symbols",
                       "delay", "batches", "vocab-size", "max-tokens", "snapshots"},
                      {});
    const fs::path out = a.require("out");
    const unsigned seed = static_cast<unsigned>(a.integer("seed", 1));
    std::error_code ec;
    fs::create_directories(out, ec);
    if (ec) throw InputError(out.string(), "cannot create the folder: " + ec.message());

    Setup s = demo == "copy"        ? copySetup(a, seed, out)
              : demo == "sentiment" ? sentimentSetup(a, seed, out)
              : demo == "ecg"       ? ecgSetup(a, seed, out)
                                    : throw InputError("kann train", "unknown demo '" + demo + "' (copy, sentiment, ecg)");
    json log = {{"demo", demo}, {"seed", seed}, {"settings", s.settings}, {"metric", s.task->metricName()},
                {"epochs", json::array()}};
    TrainOptions o;
    o.epochs = a.integer("epochs", s.epochs);
    o.checkpoint = (out / "model.pt").string();
    o.progress = stderrProgress();
    o.progress.cancel = &interrupted;
    json snapshots;
    keepSnapshots(o, a.integer("snapshots", 0), out, demo, *s.task, snapshots);
    o.onEpoch = [&](const EpochReport& r) {
        std::cerr << formatEpochReport(r, s.task->metricName()) << std::endl;
        log["epochs"].push_back({{"epoch", r.epoch}, {"train_loss", r.trainLoss}, {"held_out_loss", r.heldOut.loss},
                                 {"held_out_metric", r.heldOut.metric}, {"seconds", r.seconds}});
        writeJson(out / "training.json", log);
    };
    std::cerr << "training " << demo << ": " << s.settings.dump() << "\n";
    std::signal(SIGINT, onInterrupt);
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
